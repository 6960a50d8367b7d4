"""How figures read on pages, in tables and in CSV downloads."""

from decimal import Decimal

SUFFIX = {"tco2e": " tCO2e", "fte": " FTE", "hours": " hours"}


def format_number(value, places=2) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.{places}f}"


def format_figure(value, unit) -> str:
    """1,234 · £1,234.50 · 42.5% · 12 tCO2e; a dash when there is nothing."""
    if value is None:
        return "—"
    value = Decimal(value)
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "gbp":
        sign = "−" if value < 0 else ""
        return f"{sign}£{format_number(abs(value))}"
    return f"{format_number(value)}{SUFFIX.get(unit, '')}"


def format_change(value, unit) -> str:
    """+12 · −3.5 percentage points · +£1,200."""
    if value is None:
        return "—"
    value = Decimal(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    if unit == "percent":
        return f"{sign}{abs(value):.1f} percentage points"
    if unit == "gbp":
        return f"{sign}£{format_number(abs(value))}"
    return f"{sign}{format_number(abs(value))}{SUFFIX.get(unit, '')}"
