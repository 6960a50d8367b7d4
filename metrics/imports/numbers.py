"""Numbers in import files: exact decimals, at most two places, no more than the columns hold."""

from decimal import Decimal, InvalidOperation

import pandas as pd

PLAIN_NUMBER = r"-?\d{1,13}(?:\.\d{1,2})?"
LARGEST = Decimal("9999999999999.99")


def _parse_one(text: str) -> tuple[Decimal | None, str]:
    cleaned = text.replace(",", "").replace("£", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None, "Not a number: enter digits only, like 1250 or 1250.50"
    if not number.is_finite():
        return None, "Not a number: enter digits only, like 1250 or 1250.50"
    if abs(number) > LARGEST:
        return None, "Too large: the largest value accepted is 9,999,999,999,999.99"
    if number != number.quantize(Decimal("0.01")):
        return None, "Too many decimal places: use at most 2"
    return number.quantize(Decimal("0.01")) if number.as_tuple().exponent < 0 else number, ""


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Decimals (None where blank or bad) and an error message per cell ('' where fine)."""
    values = pd.Series([None] * len(series), index=series.index, dtype=object)
    messages = pd.Series([""] * len(series), index=series.index, dtype=object)
    if not len(series):
        return values, messages
    plain = series.str.fullmatch(PLAIN_NUMBER)
    values[plain] = [Decimal(text) for text in series[plain]]
    for index, text in series[~plain & (series != "")].items():
        values[index], messages[index] = _parse_one(text)
    return values, messages
