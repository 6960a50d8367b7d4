"""Numbers as people type them (anchors.common.numbers), for forms and imports alike."""

from decimal import Decimal

import pytest

from anchors.common.numbers import NotANumber, fit_problem, format_limit, largest, parse_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1500", Decimal(1500)),
        ("1,500", Decimal(1500)),
        ("£1,000,000", Decimal(1_000_000)),
        (" 1 500 ", Decimal(1500)),
        ("1\u00a0500", Decimal(1500)),  # a non-breaking space, as spreadsheets write
        ("12.50", Decimal("12.50")),
        ("-£5", Decimal(-5)),
        ("£-5", Decimal(-5)),
        ("(1,500)", Decimal(-1500)),  # accounting negative
        (".5", Decimal("0.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_what_people_type_is_read(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["1,5", "12,34,567", "abc", "1.2.3", "1e5", "NaN", "£", "5%"])
def test_what_is_not_a_number_is_refused_not_guessed(typed):
    with pytest.raises(NotANumber):
        parse_number(typed)


def test_limits_come_from_the_field_shape():
    assert largest(max_digits=15, decimal_places=2) == Decimal("9999999999999.99")
    assert format_limit(largest(max_digits=15, decimal_places=2)) == "9,999,999,999,999.99"
    assert fit_problem(Decimal("1.234"), max_digits=15, decimal_places=2) == "too_many_places"
    assert fit_problem(Decimal("1.230"), max_digits=15, decimal_places=2) == ""
    assert fit_problem(Decimal("10000000000000"), max_digits=15, decimal_places=2) == "too_large"
