"""The figure rules (metrics.rules): each rule alone, the same words from the grid and the import,
numbers as people type them, and limits taken from the model field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metrics import services
from metrics.forms import _figure_field
from metrics.imports import plan_import, read_upload
from metrics.imports.numbers import plain_number, read_cell
from metrics.models import Metric, MetricValue
from metrics.rules import (
    DENOMINATOR_NOT_POSITIVE,
    ENTER_VALUE,
    NUMERATOR_NEGATIVE,
    NUMERATOR_OVER_DENOMINATOR,
    VALUE_NEGATIVE,
    MetricRule,
    figure_errors,
    figure_shape,
    largest_figure,
    number_messages,
    read_figure,
)
from metrics.services import Entry, GridError
from tests.metrics.factories import MetricFactory

HEADER = "organisation,metric,period,value,numerator,denominator,evidence_note"
AMOUNT = MetricRule(code="APP-STARTS", is_ratio=False)
SIGNED = MetricRule(code="NET-JOBS", is_ratio=False, allow_negative=True)
RATIO = MetricRule(
    code="LOC-SPEND",
    is_ratio=True,
    numerator_label="Spend with local suppliers (£)",
    denominator_label="All spend (£)",
)
D = Decimal


def _errors(rule, value=None, numerator=None, denominator=None):
    return figure_errors(rule, value=value, numerator=numerator, denominator=denominator)


# Each rule on its own.


def test_an_amount_with_one_value_is_fine():
    assert _errors(AMOUNT, value=D(12)) == []
    assert _errors(AMOUNT, value=D(0)) == []


def test_an_amount_needs_a_value():
    assert _errors(AMOUNT) == [("value", ENTER_VALUE)]


def test_an_amount_takes_no_numerator_or_denominator():
    extra = "APP-STARTS is a count or amount: enter one value, not a numerator and denominator"
    assert _errors(AMOUNT, value=D(1), numerator=D(1)) == [("numerator", extra)]
    assert _errors(AMOUNT, value=D(1), denominator=D(2)) == [("denominator", extra)]


def test_an_amount_cannot_be_negative_unless_the_metric_allows_it():
    assert _errors(AMOUNT, value=D(-1)) == [("value", VALUE_NEGATIVE)]
    assert _errors(SIGNED, value=D(-1)) == []


def test_a_ratio_with_both_halves_is_fine():
    assert _errors(RATIO, numerator=D(30), denominator=D(100)) == []
    assert _errors(RATIO, numerator=D(100), denominator=D(100)) == []
    assert _errors(RATIO, numerator=D(0), denominator=D(1)) == []


def test_a_ratio_takes_no_value():
    assert _errors(RATIO, value=D(30), numerator=D(30), denominator=D(100)) == [
        ("value", "LOC-SPEND is a ratio: enter the numerator and denominator, not a value")
    ]


def test_a_ratio_needs_both_halves_named_by_their_labels():
    assert _errors(RATIO, denominator=D(100)) == [
        ("numerator", "Enter the numerator: Spend with local suppliers (£)")
    ]
    assert _errors(RATIO, numerator=D(1)) == [
        ("denominator", "Enter the denominator: All spend (£)")
    ]
    unlabelled = MetricRule(code="X", is_ratio=True)
    assert _errors(unlabelled) == [
        ("numerator", "Enter the numerator"),
        ("denominator", "Enter the denominator"),
    ]


def test_a_ratio_numerator_cannot_be_negative():
    assert _errors(RATIO, numerator=D(-1), denominator=D(100)) == [
        ("numerator", NUMERATOR_NEGATIVE)
    ]


def test_a_ratio_denominator_must_be_more_than_zero():
    for denominator in (D(0), D(-5)):
        assert _errors(RATIO, numerator=D(1), denominator=denominator) == [
            ("denominator", DENOMINATOR_NOT_POSITIVE)
        ]


def test_a_ratio_numerator_cannot_be_more_than_the_denominator():
    assert _errors(RATIO, numerator=D("100.01"), denominator=D(100)) == [
        ("numerator", NUMERATOR_OVER_DENOMINATOR)
    ]


def test_the_rule_comes_from_a_metric_or_a_plain_row():
    metric = Metric(
        code="LOC-SPEND",
        kind=Metric.Kind.RATIO,
        numerator_label="Spend with local suppliers (£)",
        denominator_label="All spend (£)",
    )
    row = {
        "id": 7,
        "code": "LOC-SPEND",
        "kind": "ratio",
        "allow_negative": False,
        "numerator_label": "Spend with local suppliers (£)",
        "denominator_label": "All spend (£)",
    }
    assert MetricRule.of(metric) == MetricRule.of(row) == MetricRule.of(RATIO) == RATIO
    assert MetricRule.of({"code": "NET-JOBS", "is_ratio": False, "allow_negative": True}) == SIGNED
    assert figure_errors(metric, value=None, numerator=D(2), denominator=D(1)) == figure_errors(
        row, value=None, numerator=D(2), denominator=D(1)
    )


# The grid service and the import: the same message for the same bad figure.

CASES = {
    "amount negative": ("amount", "-5", "", ""),
    "amount with numerator and denominator": ("amount", "", "1", "2"),
    "ratio with a value": ("ratio", "30", "30", "100"),
    "ratio without numerator": ("ratio", "", "", "100"),
    "ratio without denominator": ("ratio", "", "30", ""),
    "ratio numerator negative": ("ratio", "", "-1", "100"),
    "ratio denominator zero": ("ratio", "", "5", "0"),
    "ratio numerator over denominator": ("ratio", "", "120", "100"),
}


def _decimal(text):
    return Decimal(text) if text else None


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_grid_and_the_import_give_the_same_message(case, framework, lead_a, org_a):
    kind, value, numerator, denominator = CASES[case]
    metric = framework[kind]
    entry = Entry(
        metric_id=metric.pk,
        value=_decimal(value),
        numerator=_decimal(numerator),
        denominator=_decimal(denominator),
        evidence_note="Extract",
    )
    with pytest.raises(GridError) as caught:
        services.values_save(
            user=lead_a, organisation=org_a, period=framework["period"], entries=[entry]
        )
    grid = {(part, message) for _, part, message in caught.value.errors}

    row = f"Alpha,{metric.code},2025-26-Q1,{value},{numerator},{denominator},Extract"
    plan = plan_import(
        collaborative=framework["period"].collaborative,
        table=read_upload(name="v.csv", data=f"{HEADER}\n{row}\n".encode()),
    )
    imported = {(e.column.split(" ")[0], e.message) for e in plan.errors}
    assert grid == imported
    assert grid  # every case is a bad figure
    assert MetricValue.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("lots", "not_a_number"), ("1.234", "too_many_places"), ("1" * 20, "too_large")],
)
def test_the_grid_cell_and_the_import_word_a_bad_number_alike(typed, problem):
    field = _figure_field("APP-STARTS value", name="APP-STARTS")
    with pytest.raises(ValidationError) as caught:
        field.clean(typed)
    number, message = read_figure(typed)
    assert number is None
    assert message == number_messages()[problem]
    assert caught.value.messages == [f"APP-STARTS: {message[0].lower()}{message[1:]}"]


def test_the_grid_cell_refuses_a_negative_in_the_rules_words():
    field = _figure_field("APP-STARTS value", name="APP-STARTS", allow_negative=False)
    with pytest.raises(ValidationError) as caught:
        field.clean("-5")
    assert caught.value.messages == ["APP-STARTS: the value cannot be negative"]
    assert _errors(AMOUNT, value=D(-5)) == [("value", "The value cannot be negative")]


# Numbers as people type them, in an import.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ('"1,500"', D(1500)),
        ('"£1,000,000"', D(1000000)),
        ('" 1 500 "', D(1500)),
        ("1 500", D(1500)),
        ('"(1,500)"', D(-1500)),
        ("-£12.50", D("-12.50")),
        ("12.500", D("12.50")),
        ("0012.5", D("12.5")),
    ],
)
def test_the_import_reads_numbers_as_people_type_them(cell, number, framework):
    collaborative = framework["period"].collaborative
    MetricFactory(collaborative=collaborative, code="NET-JOBS", allow_negative=True)
    row = f"Alpha,NET-JOBS,2025-26-Q1,{cell},,,x"
    plan = plan_import(
        collaborative=collaborative,
        table=read_upload(name="v.csv", data=f"{HEADER}\n{row}\n".encode()),
    )
    assert plan.errors == []
    assert plan.rows.iloc[0]["value"] == number


@pytest.mark.django_db
def test_an_accounting_negative_is_refused_where_negatives_are_not_allowed(framework):
    row = 'Alpha,APP-STARTS,2025-26-Q1,"(1,500)",,,x'
    plan = plan_import(
        collaborative=framework["period"].collaborative,
        table=read_upload(name="v.csv", data=f"{HEADER}\n{row}\n".encode()),
    )
    assert [(e.row, e.message, e.value) for e in plan.errors] == [
        (2, "The value cannot be negative", "(1,500)")
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1E+300", (None, "Too large, the largest value accepted is 9,999,999,999,999.99")),
        ("1.2E-05", (None, "Use at most 2 decimal places")),
        ("1E+3", (D(1000), "")),
        ("1,5", (None, "Enter a number, like 1250 or 1250.50")),
        ("", (None, "")),
    ],
)
def test_the_import_reads_spreadsheet_notation_and_refuses_guesses(typed, expected):
    number, message = read_cell(typed)
    assert (number, message) == expected
    if number is not None:
        assert str(number) == str(expected[0])


# Limits come from the model field.


@pytest.fixture
def fresh_shapes():
    """The shapes are cached per process: start and finish each test with them read afresh."""
    caches = (figure_shape, number_messages, plain_number)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def test_limits_are_the_model_fields(fresh_shapes):
    for part in ("value", "numerator", "denominator"):
        field = MetricValue._meta.get_field(part)
        assert figure_shape(part) == (field.max_digits, field.decimal_places)
    assert largest_figure() == Decimal("9999999999999.99")
    assert number_messages()["too_large"] == (
        "Too large, the largest value accepted is 9,999,999,999,999.99"
    )
    assert read_figure("9,999,999,999,999.99") == (Decimal("9999999999999.99"), "")
    assert read_figure("10,000,000,000,000")[1].startswith("Too large")


@pytest.mark.django_db
def test_a_different_field_shape_changes_the_grid_and_the_import(
    fresh_shapes, monkeypatch, framework
):
    field = MetricValue._meta.get_field("value")
    monkeypatch.setattr(field, "max_digits", 6)
    monkeypatch.setattr(field, "decimal_places", 1)
    rows = ["Alpha,APP-STARTS,2025-26-Q1,123456,,,x", "Beta,APP-STARTS,2025-26-Q1,1.25,,,x"]
    plan = plan_import(
        collaborative=framework["period"].collaborative,
        table=read_upload(name="v.csv", data="\n".join([HEADER, *rows, ""]).encode()),
    )
    assert [(e.row, e.message) for e in plan.errors] == [
        (2, "Too large, the largest value accepted is 99,999.9"),
        (3, "Use at most 1 decimal place"),
    ]
    cell = _figure_field("APP-STARTS value", name="APP-STARTS")
    assert (cell.max_digits, cell.decimal_places) == (6, 1)
    with pytest.raises(ValidationError, match="the largest value accepted is 99,999.9"):
        cell.clean("123456")
