"""File import: the malformed-file corpus, all-or-nothing writes, dry runs, re-imports, scope."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from anchors.common.errors import PortalError
from metrics import services
from metrics.imports import FileRejected, plan_import, read_upload
from metrics.imports.template import as_csv, as_xlsx, template_frame
from metrics.models import ImportBatch, MetricValue
from tests.metrics.factories import PeriodFactory, ValueFactory

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parent / "files"
HEADER = "organisation,metric,period,value,numerator,denominator,evidence_note"


def _csv(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _history_rows():
    return MetricValue.history.count()


# File-level rejections: the whole file is refused with one plain message.
REJECTED = {
    "wrong_extension.txt": "is not a CSV or Excel file",
    "csv_saved_as.xlsx": "is named .xlsx but holds plain text",
    "empty.csv": "is empty",
    "header_only.csv": "has headings but no rows of values",
    "semicolon_delimited.csv": "separates its columns with semicolons",
    "missing_columns.csv": "has no “period” column",
    "ragged_row.csv": "Row 3 of “ragged_row.csv” has 8 cells but the heading row has 7",
    "windows_1252.csv": "is not UTF-8 text",
    "old_excel.xls": "old Excel 97-2003 format",
    # CSV shapes, and the attack's CSV files (issue 8).
    "more_cells_than_headings.csv": (
        "Row 2 of “more_cells_than_headings.csv” has 8 cells but the heading row has 7"
    ),
    "duplicate_value_heading.csv": (
        "has two columns called “value” (value (column D) and value (column E))"
    ),
    "duplicate_heading_alias.csv": (
        "has two columns called “organisation” (organisation (column A) and org (column H))"
    ),
    "utf16_unicode_text.csv": "is saved as UTF-16 text (Excel calls it “Unicode Text”)",
    "nul_bytes.csv": "it contains NUL characters (the first on line 3)",
    "ten_thousand_columns.csv": "has 10,000 columns; the most accepted is 50",
    "blank_rows_only.csv": "has headings but no rows of values",
    "tab_delimited.csv": "separates its columns with tabs",
    "headings_not_on_first_row.csv": "The first row must be the headings: delete any title",
    "huge_cell.csv": "Row 2 of “huge_cell.csv” has a cell of more than 131,072 characters",
    "workbook_named_csv.csv": "is named .csv but is an Excel workbook",
    "apple_numbers.numbers": "is an Apple Numbers file, which the portal cannot read. Save it",
    "binary_workbook.xlsb": "is an Excel binary workbook (.xlsb), which the portal cannot read",
    # Workbooks: the attack's, hostile and damaged ones, and shapes that are not a table.
    "xfd1_and_a1048576.xlsx": (
        "has 16,384 columns (its first sheet is used as far as column XFD); the most accepted is 50"
    ),
    "xfd_heading_no_dimension.xlsx": "has 16,384 columns (cell XFD1 has a value)",
    "billion_laughs.xlsx": "its part xl/worksheets/sheet1.xml declares a document type (DTD)",
    "external_entity.xlsx": "its part xl/workbook.xml declares a document type (DTD)",
    "dtd_in_shared_strings.xlsx": "its part xl/sharedStrings.xml declares a document type",
    "zip_bomb_bzip2.xlsx": (
        "would unpack to more than 256.0 MB (its part xl/worksheets/sheet1.xml alone to 1024.0 MB)"
    ),
    "zip_too_many_parts.xlsx": "holds 1,109 parts; an Excel workbook holds a few dozen",
    "password_protected.xlsx": "is password-protected (encrypted)",
    "opendocument.ods": "is an OpenDocument spreadsheet (LibreOffice or OpenOffice). The portal "
    "reads a .csv file (CSV UTF-8) or an Excel workbook (.xlsx)",
    "opendocument_named.xlsx": "is an OpenDocument spreadsheet",
    "not_a_workbook.xlsx": "is not a valid Excel workbook",
    "truncated.xlsx": "could not be read as an Excel workbook: it is damaged",
    "broken_sheet_xml.xlsx": (
        "it is damaged (its part xl/worksheets/sheet1.xml: mismatched tag, line 1)"
    ),
    "shared_string_missing.xlsx": "it is damaged (cell G2 names a text that is not there)",
    "rows_out_of_order.xlsx": "it is damaged (its rows are out of order after row 3)",
    "repeated_row_numbers.xlsx": "it is damaged (its rows are out of order after row 3)",
    "notes_first_sheet.xlsx": (
        "has no “organisation”, “metric”, “period” columns. The portal reads the first sheet, "
        "“Notes” (not the other sheet), and its first row must be the headings"
    ),
    "merged_title_row.xlsx": "The portal reads the first sheet, “Values”, and its first row",
    "chart_first_sheet.xlsx": "its first sheet, “Chart”, is a chart or dialog sheet",
    "empty_workbook.xlsx": "is empty: its first sheet has no cells",
    "headings_only.xlsx": "has headings but no rows of values",
    "duplicate_headings.xlsx": (
        "has two columns called “value” (value (column D) and Value (column E))"
    ),
    "blank_first_row.xlsx": "the first row of the first sheet has no headings",
}

NO_HEADING = "This cell has no heading above it, so it cannot be read"

# Row-level errors: (row, column heading starts with, reason contains), every one reported.
ROW_ERRORS = {
    "formula_cells.xlsx": [
        (2, "value", "Formula cells are not accepted"),
        (3, "denominator", "Formula cells are not accepted"),
    ],
    "formula_injection.csv": [
        (2, "value", "spreadsheets run as a formula"),
        (3, "evidence_note", "spreadsheets run as a formula"),
        (4, "evidence_note", "spreadsheets run as a formula"),
    ],
    "text_in_numeric_column.csv": [(2, "value", "Enter a number")],
    "huge_numbers.csv": [(2, "value", "Too large"), (3, "value", "Too large")],
    "negative_values.csv": [
        (2, "value", "cannot be negative"),
        (3, "numerator", "cannot be negative"),
    ],
    "unknown_codes.csv": [
        (2, "organisation", "No organisation called “Gamma Council”"),
        (3, "metric", "No metric with the code “NOT-A-METRIC”"),
        (4, "period", "2031-32-Q1 is not a reporting period"),
        (5, "period", "“last quarter” is not a period"),
    ],
    "duplicate_rows.csv": [(4, "organisation, metric, period", "Repeats row 2")],
    "numerator_over_denominator.csv": [(2, "numerator", "cannot be more than the denominator")],
    "closed_period.csv": [(2, "period", "2024-25-Q4 is closed")],
    "every_code_unknown.csv": [
        (2, "metric", "No metric with the code “NOPE-1”"),
        (3, "metric", "No metric with the code “NOPE-2”"),
    ],
    "quoted_newline_note.csv": [(4, "value", "Enter a number")],  # a note's newlines: one row
    "trailing_total_row.csv": [
        (4, "organisation", "No organisation called “Total”"),
        (4, "metric", "Enter the metric code"),
        (4, "period", "Enter the period"),
    ],
    "value_under_blank_heading.csv": [(3, "(no heading) (column H)", NO_HEADING)],
    "more_cells_than_headings.xlsx": [(2, "(no heading) (column H)", NO_HEADING)],
    "stray_cell_last_row.xlsx": [
        (1_048_576, "organisation", "Enter the organisation"),
        (1_048_576, "metric", "Enter the metric code"),
        (1_048_576, "period", "Enter the period"),
    ],
    "stray_cell_last_row_no_heading.xlsx": [(1_048_576, "(no heading) (column H)", NO_HEADING)],
    # Its total is a formula, refused; with no other figure the row is one "left blank".
    "trailing_total_row.xlsx": [(4, "value", "Formula cells are not accepted")],
    "dates_in_cells.xlsx": [
        (2, "period", "“2025-06-30” is not a period"),
        (3, "value", "Enter a number"),
    ],
    "bool_and_error_cells.xlsx": [(2, "value", "Enter a number"), (3, "value", "Enter a number")],
    "nul_in_cell.xlsx": [(2, "evidence_note", "Contains a NUL character")],
}

# Files the importer accepts: a byte-order mark is how Excel marks "CSV UTF-8"; refusing it
# would refuse Excel's own recommended CSV format, so it is read as the UTF-8 it declares. Each
# holds the same two rows in another shape people produce.
ACCEPTED = {
    "utf8_bom.csv": 2,
    "good.xlsx": 2,
    "good.csv": 2,
    "excel_csv_utf8.csv": 2,  # BOM, CRLF, quoted cells: Excel's "CSV UTF-8"
    "cr_line_endings.csv": 2,  # old Mac Excel's "CSV (Macintosh)"
    "column_aliases.csv": 2,
    "template_extra_columns.csv": 2,
    "trailing_blank_lines.csv": 2,
    "libreoffice.xlsx": 2,
    "excel_style.xlsx": 2,  # shared strings, rich text, a phonetic guide
    "strict_open_xml.xlsx": 2,
    "macro_enabled.xlsm": 2,  # the cells are read; macros are never run
    "hidden_columns.xlsx": 2,  # read like any other column, as Excel's own CSV export does
    "numbers_as_text.xlsx": 2,
    "dimension_understated.xlsx": 2,  # every row is read, whatever the sheet's extent says
    "sheet_protected.xlsx": 2,
}


def test_the_corpus_has_every_kind_of_bad_file():
    files = {
        p.name
        for p in FILES.iterdir()
        if p.is_file() and p.suffix not in (".py", ".pyc") and p.name != "README.md"
    }
    assert files == set(REJECTED) | set(ROW_ERRORS) | set(ACCEPTED)
    assert len(files) >= 60
    assert not set(REJECTED) & set(ROW_ERRORS)
    assert not (set(REJECTED) | set(ROW_ERRORS)) & set(ACCEPTED)
    # Nothing big is kept in git: the huge files are built at test time.
    assert max((FILES / name).stat().st_size for name in files) < 200 * 1024


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_corpus_file_is_refused_as_a_whole(name, framework, lead_a):
    with pytest.raises(FileRejected) as caught:
        services.import_upload(
            user=lead_a,
            collaborative=framework["period"].collaborative,
            name=name,
            data=(FILES / name).read_bytes(),
        )
    assert REJECTED[name] in caught.value.message
    assert caught.value.field == "file"
    assert MetricValue.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("name", sorted(ROW_ERRORS))
def test_corpus_file_reports_each_error_and_writes_nothing(name, framework, facilitator):
    collaborative = framework["period"].collaborative
    batch, plan = services.import_upload(
        user=facilitator, collaborative=collaborative, name=name, data=(FILES / name).read_bytes()
    )
    found = [(e.row, e.column, e.message) for e in plan.errors]
    for row, column, reason in ROW_ERRORS[name]:
        assert any(r == row and c.startswith(column) and reason in m for r, c, m in found), (
            row,
            column,
            reason,
            found,
        )
    assert len(found) == len(ROW_ERRORS[name])
    with pytest.raises(PortalError, match="nothing was imported"):
        services.import_confirm(user=facilitator, batch=batch, digest=plan.digest)
    assert MetricValue.objects.count() == 0
    assert _history_rows() == 0


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_corpus_file_that_is_fine_is_accepted(name, framework, lead_a):
    collaborative = framework["period"].collaborative
    batch, plan = services.import_upload(
        user=lead_a, collaborative=collaborative, name=name, data=(FILES / name).read_bytes()
    )
    assert plan.errors == []
    assert plan.to_create == ACCEPTED[name]
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    ratio = MetricValue.objects.get(metric=framework["ratio"])
    assert (ratio.numerator, ratio.denominator) == (Decimal(300), Decimal(1000))
    assert MetricValue.objects.get(metric=framework["amount"]).value == Decimal(12)


def _many_good_rows(framework, count):
    """``count`` distinct good rows: one organisation, metric and period each, many periods."""
    collaborative = framework["period"].collaborative
    periods = [framework["period"]]
    year = 2026
    while len(periods) * 4 < count:
        for quarter in (1, 2, 3, 4):
            periods.append(
                PeriodFactory(collaborative=collaborative, financial_year=year, quarter=quarter)
            )
        year += 1
    rows = []
    for period in periods:
        for org in ("Alpha", "Beta"):
            rows.append(f"{org},APP-STARTS,{period.code},{len(rows) % 50},,,Records")
            rows.append(f"{org},LOC-SPEND,{period.code},,{len(rows) % 90},100,Extract")
    return rows[:count]


def test_999_good_rows_and_one_bad_write_nothing(framework, facilitator):
    rows = _many_good_rows(framework, 1000)
    bad = [r for r in rows if ",APP-STARTS," in r][-1]
    rows.remove(bad)
    org, code, period, *_ = bad.split(",")
    rows.append(f"{org},{code},{period},lots,,,Records")  # row 1001 of the sheet
    collaborative = framework["period"].collaborative
    batch, plan = services.import_upload(
        user=facilitator, collaborative=collaborative, name="values.csv", data=_csv(*rows)
    )
    assert plan.total_rows == 1000
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (1001, "value (column D)", "Enter a number, like 1250 or 1250.50")
    ]
    assert plan.to_create == 999  # what the good rows would do, once the bad one is fixed
    with pytest.raises(PortalError):
        services.import_confirm(user=facilitator, batch=batch, digest=plan.digest)
    assert MetricValue.objects.count() == 0
    assert _history_rows() == 0


def test_the_dry_run_writes_no_value(framework, lead_a):
    collaborative = framework["period"].collaborative
    _, plan = services.import_upload(
        user=lead_a,
        collaborative=collaborative,
        name="values.csv",
        data=_csv("Alpha,APP-STARTS,2025-26-Q1,12,,,Records"),
    )
    assert plan.to_create == 1
    assert MetricValue.objects.count() == 0
    assert _history_rows() == 0


def test_confirm_writes_exactly_what_the_preview_showed(framework, lead_a, org_a):
    collaborative = framework["period"].collaborative
    existing = ValueFactory(
        metric=framework["amount"], organisation=org_a, period=framework["period"], value=5
    )
    batch, plan = services.import_upload(
        user=lead_a,
        collaborative=collaborative,
        name="values.csv",
        data=_csv(
            "Alpha,APP-STARTS,2025-26-Q1,7,,,",
            "alpha,loc-spend,2025/26 Q1,,250,1000,Finance extract",
        ),
    )
    preview = {
        (r["action"], r["metric"], r["before"], r["after"]) for r in plan.display_rows(plan.rows)
    }
    assert preview == {
        ("change", "APP-STARTS", "5", "7"),
        ("create", "LOC-SPEND", "—", "25.0% (250 of 1,000)"),
    }
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    written = {
        (v.metric.code, v.value, v.numerator, v.denominator, v.evidence_note)
        for v in MetricValue.objects.select_related("metric")
    }
    assert written == {
        ("APP-STARTS", Decimal(7), None, None, existing.evidence_note),  # blank note kept
        ("LOC-SPEND", None, Decimal(250), Decimal(1000), "Finance extract"),
    }
    batch.refresh_from_db()
    assert (batch.status, batch.to_create, batch.to_change) == ("imported", 1, 1)
    # Each write has its history, attributed to the importer with the file named.
    record = MetricValue.history.filter(history_type="~").get()
    assert (record.history_user, record.history_change_reason) == (
        lead_a,
        "Imported from values.csv",
    )


def test_every_imported_write_has_exactly_one_history_row(framework, lead_a, org_a, period):
    """Created values get a "+" row, changed values a "~" row, each attributed to the importer
    with the file named; values the file leaves as they are get none."""
    collaborative = framework["period"].collaborative
    later = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=2)
    changed = ValueFactory(metric=framework["amount"], organisation=org_a, period=period, value=5)
    untouched = ValueFactory(metric=framework["ratio"], organisation=org_a, period=period)
    batch, plan = services.import_upload(
        user=lead_a,
        collaborative=collaborative,
        name="quarter.csv",
        data=_csv(
            "Alpha,APP-STARTS,2025-26-Q1,7,,,Records",  # changes the saved 5
            "Alpha,LOC-SPEND,2025-26-Q1,,1,4,",  # the same as saved: unchanged
            "Alpha,APP-STARTS,2025-26-Q2,8,,,Records",  # new
            "Alpha,LOC-SPEND,2025-26-Q2,,30,100,Extract",  # new
        ),
    )
    assert (plan.to_create, plan.to_change, plan.unchanged) == (2, 1, 1)
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)

    def imported(value):
        return [
            (h.history_type, h.history_user, h.history_change_reason)
            for h in value.history.exclude(history_user=None).order_by("history_id")
        ]

    created = MetricValue.objects.filter(period=later)
    assert created.count() == 2
    for value in created:
        assert imported(value) == [("+", lead_a, "Imported from quarter.csv")]
        assert value.history.count() == 1
        assert value.history.get().value == value.value  # the row copies what was written
    assert imported(changed) == [("~", lead_a, "Imported from quarter.csv")]
    assert changed.history.filter(history_type="~").get().value == Decimal(7)
    assert imported(untouched) == []
    assert (
        MetricValue.history.filter(history_change_reason="Imported from quarter.csv").count() == 3
    )


def test_reimporting_the_same_file_changes_nothing(framework, lead_a):
    collaborative = framework["period"].collaborative
    data = _csv("Alpha,APP-STARTS,2025-26-Q1,7,,,Records", "Alpha,LOC-SPEND,2025-26-Q1,,1,4,x")
    batch, plan = services.import_upload(
        user=lead_a, collaborative=collaborative, name="values.csv", data=data
    )
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    before = list(MetricValue.objects.order_by("pk").values_list("pk", "updated_at"))
    history = _history_rows()
    again, plan = services.import_upload(
        user=lead_a, collaborative=collaborative, name="values.csv", data=data
    )
    assert (plan.to_create, plan.to_change, plan.unchanged) == (0, 0, 2)
    assert not plan.can_import
    services.import_confirm(user=lead_a, batch=again, digest=plan.digest)
    assert list(MetricValue.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert _history_rows() == history


def test_a_batch_cannot_be_imported_twice(framework, lead_a):
    batch, plan = services.import_upload(
        user=lead_a,
        collaborative=framework["period"].collaborative,
        name="values.csv",
        data=_csv("Alpha,APP-STARTS,2025-26-Q1,7,,,Records"),
    )
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    with pytest.raises(PortalError, match="already imported"):
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert MetricValue.objects.count() == 1


def test_a_lead_cannot_import_for_another_organisation(framework, lead_a):
    batch, plan = services.import_upload(
        user=lead_a,
        collaborative=framework["period"].collaborative,
        name="values.csv",
        data=_csv("Alpha,APP-STARTS,2025-26-Q1,7,,,Records", "Beta,APP-STARTS,2025-26-Q1,9,,,x"),
    )
    assert [(e.row, e.column.split(" ")[0]) for e in plan.errors] == [(3, "organisation")]
    assert "only for your own organisation (Alpha)" in plan.errors[0].message
    with pytest.raises(PortalError):
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert MetricValue.objects.count() == 0


def test_people_without_an_organisation_role_cannot_import(framework, hwb_member, viewer):
    for user in (hwb_member, viewer):
        with pytest.raises(PermissionDenied):
            services.import_upload(
                user=user,
                collaborative=framework["period"].collaborative,
                name="values.csv",
                data=_csv("Alpha,APP-STARTS,2025-26-Q1,7,,,Records"),
            )


def test_changes_since_the_preview_refuse_the_confirm(framework, lead_a, sponsor_a, org_a):
    value = ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    batch, plan = services.import_upload(
        user=lead_a,
        collaborative=framework["period"].collaborative,
        name="values.csv",
        data=_csv("Alpha,APP-STARTS,2025-26-Q1,7,,,Records"),
    )
    value.value = Decimal(8)
    value.save()  # someone edits the value between preview and confirm
    with pytest.raises(PortalError, match="changed since you previewed"):
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    value.refresh_from_db()
    assert value.value == Decimal(8)


def test_submitted_values_cannot_change_by_import(framework, lead_a, org_a):
    ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=MetricValue.State.VERIFIED,
        verified_by=lead_a,
    )
    _, plan = services.import_upload(
        user=lead_a,
        collaborative=framework["period"].collaborative,
        name="values.csv",
        data=_csv("Alpha,APP-STARTS,2025-26-Q1,99,,,Records", "Alpha,APP-STARTS,2025-26-Q1,10,,,"),
    )
    messages = [e.message for e in plan.errors]
    assert any("Already verified" in m for m in messages)


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("Alpha,LOC-SPEND,2025-26-Q1,30,,,x", "value", "is a ratio"),
        ("Alpha,APP-STARTS,2025-26-Q1,,1,2,x", "numerator", "is a count or amount"),
        ("Alpha,APP-STARTS,2025-26-Q1,,,,x", "value", "Enter a value"),
        ("Alpha,LOC-SPEND,2025-26-Q1,,5,0,x", "denominator", "more than zero"),
        ("Alpha,APP-STARTS,2025-26-Q1,1.234,,,x", "value", "at most 2"),
        (",APP-STARTS,2025-26-Q1,1,,,x", "organisation", "Enter the organisation"),
        ("Alpha,APP-STARTS,2025-26-Q1,£1,250.50,,,x", None, None),
    ],
)
def test_row_rules(framework, facilitator, row, column, reason):
    if column is None:  # £ and thousands separators in a quoted cell are accepted
        row = 'Alpha,APP-STARTS,2025-26-Q1,"£1,250.50",,,x'
    table = read_upload(name="values.csv", data=_csv(row))
    plan = plan_import(collaborative=framework["period"].collaborative, table=table)
    if column is None:
        assert plan.errors == []
        assert plan.rows.iloc[0]["value"] == Decimal("1250.50")
    else:
        assert any(
            e.row == 2 and e.column.startswith(column) and reason in e.message for e in plan.errors
        ), plan.errors


def test_file_too_large_is_refused(framework, lead_a):
    data = _csv() + b"x" * (10 * 1024 * 1024)
    with pytest.raises(FileRejected, match="the largest file accepted is 10.0 MB"):
        services.import_upload(
            user=lead_a, collaborative=framework["period"].collaborative, name="big.csv", data=data
        )


def test_the_template_round_trips_with_no_changes(framework, lead_a, org_a):
    ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    frame = template_frame(
        collaborative=framework["period"].collaborative,
        period=framework["period"],
        organisations=[org_a],
    )
    assert list(frame["metric"]) == ["APP-STARTS", "LOC-SPEND"]
    for name, data in (("t.csv", as_csv(frame)), ("t.xlsx", as_xlsx(frame))):
        table = read_upload(name=name, data=data)
        plan = plan_import(
            collaborative=framework["period"].collaborative, table=table, allowed_org_ids={org_a.pk}
        )
        # The saved value is unchanged; the LOC-SPEND row, with no figure and no note, is one
        # nobody filled in: skipped and counted (ea52591), no longer an error asking for figures.
        assert plan.unchanged == 1
        assert plan.errors == []
        assert plan.left_blank == 1
        assert set(table.ignored) == {"metric_name", "unit", "what_to_enter"}


def test_read_upload_keeps_text_as_typed():
    table = read_upload(name="v.csv", data=_csv("Alpha,APP-STARTS,2025-26-Q1,0012.50,,,x"))
    assert table.frame.loc[0, "value"] == "0012.50"


def test_the_template_neutralises_formula_text_and_still_round_trips(framework, lead_a, org_a):
    """An evidence note typed in the grid reaches the facilitator's template: a spreadsheet must
    not run it, and importing the template back must not change the note."""
    note = '=HYPERLINK("http://evil.example","Click")'
    ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        evidence_note=note,
    )
    frame = template_frame(
        collaborative=framework["period"].collaborative,
        period=framework["period"],
        organisations=[org_a],
    )
    csv_text = as_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    assert ",=HYPERLINK" not in csv_text
    assert ',"=HYPERLINK' not in csv_text
    sheet = load_workbook(io.BytesIO(as_xlsx(frame))).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert [(c.value, c.data_type) for c in cells] == [("'" + note, "s")]
    for name, data in (("t.csv", as_csv(frame)), ("t.xlsx", as_xlsx(frame))):
        plan = plan_import(
            collaborative=framework["period"].collaborative,
            table=read_upload(name=name, data=data),
            allowed_org_ids={org_a.pk},
        )
        assert plan.unchanged == 1, name
        assert plan.to_change == 0, name
