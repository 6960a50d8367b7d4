"""What checking a file found: the rows it would write, every error, and a digest of the writes."""

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from metrics.formatting import format_figure
from metrics.imports.reading import CellError


@dataclass
class ImportPlan:
    rows: (
        pd.DataFrame
    )  # rows without errors: ids, figures, action ("create", "change", "unchanged")
    errors: list[CellError]
    ignored: list[str] = field(default_factory=list)
    total_rows: int = 0
    left_blank: int = 0  # template rows nobody filled in: skipped, not errors
    digest: str = ""
    units: dict = field(default_factory=dict)

    def count(self, action) -> int:
        return int((self.rows["action"] == action).sum()) if len(self.rows) else 0

    @property
    def to_create(self) -> int:
        return self.count("create")

    @property
    def to_change(self) -> int:
        return self.count("change")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def writes(self) -> pd.DataFrame:
        if not len(self.rows):
            return self.rows
        return self.rows[self.rows["action"] != "unchanged"]

    @property
    def can_import(self) -> bool:
        return not self.errors and len(self.writes) > 0

    def display_rows(self, frame: pd.DataFrame) -> list[dict]:
        """Page-sized rows for the preview table: before and after as people read them."""
        out = []
        for row in frame.itertuples(index=False):
            unit = self.units.get(row.metric_id, "count")
            out.append(
                {
                    "row": row.row,
                    "action": row.action,
                    "organisation": row.organisation,
                    "metric": row.metric,
                    "period": row.period_label,
                    "before": _show(row.old_value, row.old_numerator, row.old_denominator, unit),
                    "after": _show(row.value, row.numerator, row.denominator, unit),
                    "note": row.evidence_note,
                }
            )
        return out


def _show(value, numerator, denominator, unit) -> str:
    if value is not None and value == value:
        return format_figure(value, unit)
    if numerator is not None and numerator == numerator and denominator:
        share = numerator / denominator * 100
        return f"{format_figure(share, 'percent')} ({numerator:,} of {denominator:,})"
    return "—"


def plan_digest(plan: ImportPlan) -> str:
    """A fingerprint of exactly the writes the plan would make (and what they replace)."""
    writes = plan.writes
    digest = hashlib.sha256()
    if len(writes):
        ordered = writes.sort_values(["organisation_id", "metric_id", "period_id"])
        for row in ordered[
            [
                "action",
                "organisation_id",
                "metric_id",
                "period_id",
                "value",
                "numerator",
                "denominator",
                "evidence_note",
                "existing_id",
                "existing_version",
            ]
        ].itertuples(index=False):
            digest.update("|".join("" if v is None else str(v) for v in row).encode())
            digest.update(b"\n")
    return digest.hexdigest()
