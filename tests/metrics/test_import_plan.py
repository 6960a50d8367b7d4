"""Each stage of checking an import, on its own, with a few rows and no database."""

import datetime
from decimal import Decimal

import pandas as pd
import pytest

from anchors.models import Organisation
from metrics.imports import read_upload
from metrics.imports.checking import DUPLICATE_COLUMN, Checking, Keys
from metrics.imports.lookups import Metrics, Organisations, Periods
from metrics.imports.plan import (
    NOTHING_SAVED,
    compare_with_saved,
    plan_import,
    plan_rows,
    report_locked,
)
from metrics.imports.reading import COLUMNS, CellError, Table
from metrics.imports.stages import (
    MAX_NOTE,
    check_duplicates,
    check_figure_rules,
    check_formulas,
    check_metrics,
    check_notes,
    check_organisations,
    check_periods,
    read_figures,
)
from metrics.models import MetricValue, ReportingPeriod
from metrics.rules import NUMERATOR_OVER_DENOMINATOR, VALUE_NEGATIVE

CORE = Organisation.CollaborativeRole.CORE_ANCHOR
ORGANISATIONS = [
    {"id": 1, "name": "Alpha Council", "short_name": "Alpha", "role": CORE, "active": True},
    {"id": 2, "name": "Beta Trust", "short_name": "Beta", "role": CORE, "active": True},
    {"id": 3, "name": "Gone Trust", "short_name": "Gone", "role": CORE, "active": False},
    {
        "id": 4,
        "name": "Backbone",
        "short_name": "BB",
        "role": Organisation.CollaborativeRole.BACKBONE,
        "active": True,
    },
]
METRICS = [
    {
        "id": 10,
        "code": "APP-STARTS",
        "kind": "amount",
        "unit": "count",
        "allow_negative": False,
        "active": True,
        "numerator_label": "",
        "denominator_label": "",
    },
    {
        "id": 11,
        "code": "LOC-SPEND",
        "kind": "ratio",
        "unit": "percent",
        "allow_negative": False,
        "active": True,
        "numerator_label": "Local spend",
        "denominator_label": "All spend",
    },
    {
        "id": 12,
        "code": "OLD",
        "kind": "amount",
        "unit": "count",
        "allow_negative": False,
        "active": False,
        "numerator_label": "",
        "denominator_label": "",
    },
]
OPEN, CLOSED = ReportingPeriod.State.OPEN, ReportingPeriod.State.CLOSED
PERIODS = [
    {"id": 20, "financial_year": 2025, "quarter": 1, "state": OPEN},
    {"id": 21, "financial_year": 2024, "quarter": 4, "state": CLOSED},
]
LETTERS = "ABCDEFG"


def _checking(*rows, bad_cells=(), errors=()) -> Checking:
    """A Checking of rows given as dicts of the cells that are not blank."""
    records = [{column: row.get(column, "") for column in COLUMNS} for row in rows]
    frame = pd.DataFrame(records, columns=list(COLUMNS), dtype=str)
    frame.insert(0, "_row", range(2, len(frame) + 2))
    headings = {c: f"{c} (column {LETTERS[i]})" for i, c in enumerate(COLUMNS)}
    table = Table(frame=frame, headings=headings, bad_cells=set(bad_cells), errors=list(errors))
    return Checking(table)


def _found(checking):
    return [(e.row, e.column.split(" (")[0], e.message) for e in checking.errors()]


def _keys(org, metric, period):
    return Keys(
        organisation=pd.Series(org, dtype="Int64"),
        metric=pd.Series(metric, dtype="Int64"),
        period=pd.Series(period, dtype="Int64"),
    )


# The record of errors.


def test_a_cell_keeps_its_first_error_and_errors_come_in_row_and_column_order():
    checking = _checking({"value": "x"}, {"value": "y"})
    checking.report(pd.Series([False, True]), "value", "First")
    checking.report(pd.Series([True, True]), "value", pd.Series(["Second", "Third"]))
    checking.report(pd.Series([False, True]), "organisation", "Organisation")
    assert _found(checking) == [
        (2, "value", "Second"),
        (3, "organisation", "Organisation"),
        (3, "value", "First"),
    ]
    assert checking.row_bad.tolist() == [True, True]


def test_cells_the_reader_refused_get_no_second_error():
    formula = CellError(2, "value (column D)", "Formula cells are not accepted", "=1+1")
    checking = _checking({"value": ""}, bad_cells={(2, "value")}, errors=[formula])
    checking.report(pd.Series([True]), "value", "Enter a value")
    assert checking.errors() == [formula]
    assert checking.row_bad.tolist() == [True]


# Stages.


def test_check_formulas_refuses_formulas_but_not_signed_numbers():
    checking = _checking(
        {"value": "=2+5"},
        {"value": "-3", "evidence_note": "@SUM(A1:A2)"},
        {"value": "+1 500", "evidence_note": "'=HYPERLINK(x)"},
    )
    check_formulas(checking)
    assert [(row, column) for row, column, _ in _found(checking)] == [
        (2, "value"),
        (3, "evidence_note"),
    ]
    assert "Starts with “=”, which spreadsheets run as a formula" in _found(checking)[0][2]
    # The apostrophe the portal's downloads put before formula text is taken off, not refused.
    assert checking.frame.loc[2, "evidence_note"] == "=HYPERLINK(x)"


def test_check_organisations_finds_names_and_refuses_the_rest():
    organisations = Organisations.of(ORGANISATIONS, allowed_org_ids={1})
    checking = _checking(
        {"organisation": "alpha"},
        {"organisation": "Alpha Council"},
        {"organisation": ""},
        {"organisation": "Gamma"},
        {"organisation": "Gone"},
        {"organisation": "BB"},
        {"organisation": "Beta"},
    )
    ids = check_organisations(checking, organisations)
    assert ids.tolist() == [1, 1, pd.NA, pd.NA, 3, 4, 2]
    assert [(row, message.split(" ")[0]) for row, _, message in _found(checking)] == [
        (4, "Enter"),
        (5, "No"),
        (6, "“Gone”"),
        (7, "“BB”"),
        (8, "You"),
    ]
    assert "only for your own organisation (Alpha)" in _found(checking)[-1][2]


def test_check_metrics_finds_codes_in_any_case_and_refuses_the_rest():
    checking = _checking(
        {"metric": "app-starts"}, {"metric": ""}, {"metric": "NOPE"}, {"metric": "old"}
    )
    ids = check_metrics(checking, Metrics.of(METRICS))
    assert ids.tolist() == [10, pd.NA, pd.NA, 12]
    assert _found(checking) == [
        (3, "metric", "Enter the metric code, like LOC-SPEND"),
        (4, "metric", "No metric with the code “NOPE” in the framework"),
        (5, "metric", "“OLD” is no longer collected (it is not active in the framework)"),
    ]


def test_check_periods_knows_a_closed_period_but_refuses_it():
    checking = _checking(
        {"period": "2025-26-Q1"},
        {"period": "2025/26 Q1"},
        {"period": "2024-25-Q4"},
        {"period": "2031-32-Q1"},
        {"period": "soon"},
        {"period": ""},
    )
    ids = check_periods(checking, Periods.of(PERIODS))
    assert ids.tolist() == [20, 20, 21, pd.NA, pd.NA, pd.NA]
    assert [(row, message) for row, _, message in _found(checking)] == [
        (4, "2024-25-Q4 is closed: ask the facilitator to reopen it"),
        (5, "2031-32-Q1 is not a reporting period"),
        (6, "“soon” is not a period: write the financial year and quarter, like 2025-26-Q1"),
        (7, "Enter the period, like 2025-26-Q1"),
    ]


def test_read_figures_reads_plain_and_typed_numbers_and_words_the_rest():
    checking = _checking(
        {"value": "12.50", "numerator": "1,500", "denominator": "£2,000"},
        {"value": "ten", "numerator": "1.234", "denominator": "99999999999999"},
    )
    figures = read_figures(checking)
    assert figures["value"].tolist() == [Decimal("12.50"), None]
    assert figures["numerator"].tolist() == [Decimal(1500), None]
    assert figures["denominator"].tolist() == [Decimal(2000), None]
    assert _found(checking) == [
        (3, "value", "Enter a number, like 1250 or 1250.50"),
        (3, "numerator", "Use at most 2 decimal places"),
        (3, "denominator", "Too large, the largest value accepted is 9,999,999,999,999.99"),
    ]


def test_check_figure_rules_applies_each_metrics_rules_to_its_rows():
    checking = _checking(
        {"value": "-1"},
        {"numerator": "5", "denominator": "4"},
        {"value": "-1"},  # no known metric: its own error says so, not the figure rules
        {"numerator": "", "denominator": "4"},
    )
    figures = read_figures(checking)
    metric_id = pd.Series([10, 11, None, 11], dtype="Int64")
    checking.report(pd.Series([False, False, False, True]), "numerator", "Refused earlier")
    check_figure_rules(checking, metric_id, Metrics.of(METRICS), figures)
    assert _found(checking) == [
        (2, "value", VALUE_NEGATIVE),
        (3, "numerator", NUMERATOR_OVER_DENOMINATOR),
        (5, "numerator", "Refused earlier"),
    ]


def test_check_notes_refuses_a_note_too_long():
    checking = _checking({"evidence_note": "x" * MAX_NOTE}, {"evidence_note": "x" * (MAX_NOTE + 1)})
    check_notes(checking)
    assert [(row, column) for row, column, _ in _found(checking)] == [(3, "evidence_note")]


def test_check_duplicates_names_the_row_repeated():
    checking = _checking({}, {}, {}, {})
    keys = _keys([1, 2, 1, 1], [10, 10, 10, None], [20, 20, 20, 20])
    check_duplicates(checking, keys)
    assert _found(checking) == [
        (
            4,
            DUPLICATE_COLUMN,
            "Repeats row 2 (same organisation, metric and period): keep one of the two",
        )
    ]


def _saved(value, state=MetricValue.State.DRAFT, note="Saved note"):
    when = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)
    return (99, value, None, None, note, state, when)


def test_compare_with_saved_creates_changes_keeps_or_refuses():
    checking = _checking(
        {"value": "1"}, {"value": "2"}, {"value": "3"}, {"value": "4"}, {"value": "5"}
    )
    figures = read_figures(checking)
    keys = _keys([1, 1, 1, 1, 1], [10, 10, 10, 10, None], [20, 21, 22, 23, 20])
    saved = {
        (1, 10, 21): _saved(Decimal(2)),  # the same figure, blank note: unchanged
        (1, 10, 22): _saved(Decimal(9)),  # a draft with another figure: changed
        (1, 10, 23): _saved(Decimal(9), state=MetricValue.State.VERIFIED),  # locked
    }
    comparison = compare_with_saved(checking, keys, figures, saved)
    assert comparison.good.tolist() == [True, True, True, True, False]
    assert comparison.actions == ["create", "unchanged", "change", None]
    assert comparison.saved[0] == NOTHING_SAVED
    assert comparison.saved[2][:5] == (99, Decimal(9), None, None, "Saved note")
    assert comparison.locked == {3: MetricValue.State.VERIFIED}

    report_locked(checking, keys, Metrics.of(METRICS), comparison.locked)
    assert _found(checking) == [
        (
            5,
            "value",
            "Already verified, so it cannot change by import: ask the facilitator to return it "
            "first",
        )
    ]


def test_plan_rows_lists_what_the_preview_shows_without_locked_rows():
    checking = _checking(
        {"organisation": "Alpha", "metric": "app-starts", "value": "1", "evidence_note": "n"},
        {"organisation": "Alpha", "metric": "APP-STARTS", "value": "2"},
    )
    figures = read_figures(checking)
    keys = _keys([1, 1], [10, 10], [20, 21])
    saved = {(1, 10, 21): _saved(Decimal(9), state=MetricValue.State.SUBMITTED)}
    comparison = compare_with_saved(checking, keys, figures, saved)
    rows = plan_rows(
        checking,
        keys,
        figures,
        comparison,
        organisations=Organisations.of(ORGANISATIONS),
        periods=Periods.of(PERIODS),
    )
    assert rows[["row", "action", "organisation", "metric", "period_label", "value"]].to_dict(
        "records"
    ) == [
        {
            "row": 2,
            "action": "create",
            "organisation": "Alpha",
            "metric": "APP-STARTS",
            "period_label": "2025-26-Q1",
            "value": Decimal(1),
        }
    ]


@pytest.mark.django_db
def test_plan_import_runs_the_same_few_queries_for_any_number_of_rows(
    framework, django_assert_num_queries
):
    header = ",".join(COLUMNS)
    collaborative = framework["period"].collaborative
    for count in (1, 40):
        rows = [f"Alpha,APP-STARTS,2025-26-Q1,{n},,,x" for n in range(count)]
        table = read_upload(name="v.csv", data=("\n".join([header, *rows]) + "\n").encode())
        # organisations, metrics, periods, and the saved values the rows could touch
        with django_assert_num_queries(4):
            plan_import(collaborative=collaborative, table=table)
