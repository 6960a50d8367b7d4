"""Numbers in import files, read as the grid reads them (``metrics.rules.read_figure``).

Most cells are plain digits that fit the column, so they are converted in one vectorised pass;
only the others ("1,500", "£1,000,000", "(1,500)", mistakes) go through the shared reader.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from metrics.rules import NOT_A_NUMBER, figure_shape, read_figure

if TYPE_CHECKING:
    import pandas as pd

# Spreadsheets write very large and very small numbers as 1E+20 or 1.2E-05, in CSV files and in
# the .xlsx cells read as text: they are numbers, so the message says what is wrong with them
# (too large, too many places) rather than that they are not numbers.
SCIENTIFIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")


@cache
def plain_number(part: str = "value") -> str:
    """A regex for digits that fit the model field as they are: no reading needed."""
    max_digits, decimal_places = figure_shape(part)
    whole = max_digits - decimal_places
    places = rf"(?:\.\d{{1,{decimal_places}}})?" if decimal_places else ""
    return rf"-?\d{{1,{whole}}}{places}"


def read_cell(text: str, part: str = "value") -> tuple[Decimal | None, str]:
    """One cell that is not plain digits: the Decimal, or None and the grid's words for why not."""
    if SCIENTIFIC.fullmatch(text):
        try:
            return read_figure(Decimal(text), part)
        except ArithmeticError:  # an exponent beyond what Decimal holds
            return None, NOT_A_NUMBER
    return read_figure(text, part)


def parse_numbers(series: pd.Series, part: str = "value") -> tuple[pd.Series, pd.Series]:
    """Decimals (None where blank or bad) and an error message per cell ('' where fine)."""
    import pandas as pd

    texts = series.tolist()
    values, messages = [None] * len(texts), [""] * len(texts)
    plain = re.compile(plain_number(part)).fullmatch
    # A plain loop: pandas' .str.fullmatch costs several times more per cell.
    for position, text in enumerate(texts):
        if not text:
            continue
        if plain(text):
            values[position] = Decimal(text)
        else:
            values[position], messages[position] = read_cell(text, part)
    return (
        pd.Series(values, index=series.index, dtype=object),
        pd.Series(messages, index=series.index, dtype=object),
    )
