"""Numbers as people type them, for forms and file imports alike.

GOV.UK advice is to accept what people type and normalise it: "1,500", "£1,000,000", "1 500",
" 12.50 " are all numbers. Accounting negatives "(1,500)" are read as -1500. Commas must group
thousands ("1,5" is refused rather than guessed), and nothing else is accepted.
"""

import re
from decimal import Decimal, InvalidOperation

# Spaces people (and spreadsheets) put in numbers: ordinary, non-breaking and thin spaces.
SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
CURRENCY = "£"


class NotANumber(ValueError):
    """The text is not a number, even after removing what people commonly type around one."""


def parse_number(text) -> Decimal | None:
    """The Decimal in ``text``, or None when it is blank; raises NotANumber otherwise."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    cleaned = SPACES.sub("", str(text))
    if not cleaned:
        return None
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    sign = ""
    if cleaned[:1] and cleaned[:1] in "+-":
        sign, cleaned = cleaned[0], cleaned[1:]
    if cleaned.startswith(CURRENCY):
        cleaned = cleaned[len(CURRENCY) :]
    if cleaned[:1] and cleaned[:1] in "+-" and not sign:  # "£-5"
        sign, cleaned = cleaned[0], cleaned[1:]
    if "," in cleaned:
        if not GROUPED.match(cleaned):
            raise NotANumber(text)
        cleaned = cleaned.replace(",", "")
    if not PLAIN.match(cleaned):
        raise NotANumber(text)
    try:
        number = Decimal(sign + cleaned)
    except InvalidOperation as error:
        raise NotANumber(text) from error
    return -number if negative else number


def largest(*, max_digits: int, decimal_places: int) -> Decimal:
    """The largest number a DecimalField of that shape holds (9,999,999,999,999.99 for 15/2)."""
    whole = "9" * (max_digits - decimal_places)
    places = "9" * decimal_places
    return Decimal(f"{whole}.{places}" if places else whole)


def fit_problem(number: Decimal, *, max_digits: int, decimal_places: int) -> str:
    """'too_large', 'too_many_places' or '' for a number and a DecimalField's shape."""
    if not number.is_finite():
        return "not_a_number"
    if abs(number) > largest(max_digits=max_digits, decimal_places=decimal_places):
        return "too_large"
    exponent = number.as_tuple().exponent
    if exponent < -decimal_places and number != number.quantize(Decimal(1).scaleb(-decimal_places)):
        return "too_many_places"
    return ""


def format_limit(number: Decimal) -> str:
    """A limit as people read it: 9,999,999,999,999.99."""
    return f"{number:,}"
