"""The downloadable template: one row per organisation and metric for a period, in the layout
the importer reads, pre-filled with what is saved already."""

import io
from typing import TYPE_CHECKING

from anchors.common.exports import safe_cell
from metrics.imports.reading import COLUMNS
from metrics.models import Metric, MetricValue
from metrics.models.framework import DECIMAL_PLACES

if TYPE_CHECKING:  # pandas and openpyxl are imported where the template is built: the import
    import pandas as pd  # page's GUIDANCE costs neither

HELP_COLUMNS = ("metric_name", "unit", "what_to_enter")
GUIDANCE = [
    ("organisation", "The organisation’s short name, as on the Organisations page."),
    ("metric", "The metric code from the framework, like LOC-SPEND."),
    ("period", "The financial year and quarter, like 2025-26-Q1 (Q1 is April to June)."),
    (
        "value",
        "Counts and amounts: the figure, like 1250, 1,250.50 or £1,250, with at most "
        f"{DECIMAL_PLACES} decimal places.",
    ),
    ("numerator", "Ratios: the part, for example spend with local suppliers."),
    ("denominator", "Ratios: the whole, for example all third-party spend. More than zero."),
    ("evidence_note", "Optional here: where the figure comes from. Blank keeps the saved note."),
    ("metric_name, unit, what_to_enter", "For your information only: the importer ignores them."),
]


def template_frame(*, collaborative, period, organisations) -> "pd.DataFrame":
    import pandas as pd

    metrics = list(Metric.objects.filter(collaborative=collaborative, active=True))
    saved = {
        (v.organisation_id, v.metric_id): v
        for v in MetricValue.objects.filter(
            period=period, organisation__in=[o.pk for o in organisations]
        )
    }
    records = []
    for org in organisations:
        for metric in metrics:
            value = saved.get((org.pk, metric.pk))
            records.append(
                {
                    "organisation": org.short_name,
                    "metric": metric.code,
                    "period": period.code,
                    "value": _text(value.value) if value else "",
                    "numerator": _text(value.numerator) if value else "",
                    "denominator": _text(value.denominator) if value else "",
                    "evidence_note": value.evidence_note if value else "",
                    "metric_name": metric.name,
                    "unit": metric.get_unit_display(),
                    "what_to_enter": (
                        f"numerator: {metric.numerator_label}; denominator: "
                        f"{metric.denominator_label}"
                        if metric.is_ratio
                        else "value"
                    ),
                }
            )
    return pd.DataFrame.from_records(records, columns=[*COLUMNS, *HELP_COLUMNS])


def _text(number) -> str:
    return "" if number is None else format(number, "f")


def neutralised(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Text a spreadsheet would run as a formula (an evidence note, a name) gets a leading
    apostrophe, as in every CSV the portal produces; the importer takes that apostrophe off again,
    so the template still round-trips."""
    return frame.map(safe_cell)


def as_csv(frame: "pd.DataFrame") -> bytes:
    # A byte-order mark so Excel opens the file as UTF-8 (the importer accepts it).
    return neutralised(frame).to_csv(index=False).encode("utf-8-sig")


def as_xlsx(frame: "pd.DataFrame") -> bytes:
    import pandas as pd
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    # openpyxl writes any text starting with "=" as a formula: neutralise it first.
    frame = neutralised(frame)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Values")
        pd.DataFrame(GUIDANCE, columns=["column", "what to enter"]).to_excel(
            writer, index=False, sheet_name="How to fill it in"
        )
        sheet = writer.sheets["Values"]
        for index, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column) + 4)
            sheet.cell(row=1, column=index).font = Font(bold=True)
            # Text cells: Excel keeps 2025-26-Q1 and 0012 as typed instead of guessing.
            for row in range(2, len(frame) + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        writer.sheets["How to fill it in"].column_dimensions["A"].width = 34
        writer.sheets["How to fill it in"].column_dimensions["B"].width = 90
    return buffer.getvalue()
