"""Reading the cells of a published spend file: amounts, dates, codes, company numbers, and
suppliers whose names were withheld.

Councils and NHS bodies write these cells in many ways ("£1,234.50", "-£20.00", "(20.00)",
"03-Apr-25", "04/03/2025" month first); each function here takes the cell as published and
answers the value, or None with the reason in ``ValueProblem``.
"""

import datetime
import re
from decimal import Decimal
from functools import lru_cache

DAY_FIRST = "day_first"
MONTH_FIRST = "month_first"
DATE_ORDERS = {DAY_FIRST: "day first (31/01/2025)", MONTH_FIRST: "month first (01/31/2025)"}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")
PLAIN_AMOUNT = re.compile(r"^(-?)£?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?$")
MINUS = ("-", "\u2212", "\u2013")
# A date and an amount in one cell: "15/04/20241,234.50" or "15/04/2024 1234.50".
RUN_TOGETHER = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*[-£]?\s*[\d,]+\.\d{2}$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
NAMED_DATE = re.compile(r"^(\d{1,2})[\s/-]+([A-Za-z]{3,9})\.?[\s/-]+(\d{2}|\d{4})$")
TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")
# "(55040) Admin & Clerical", "55040 - Admin & Clerical", "Admin & Clerical (55040)"
LEADING_CODES = (
    re.compile(r"^\(\s*([A-Za-z]{0,3}\d[\w.]*)\s*\)\s*(?:[-–:]\s*)?(?P<label>\D.*)$"),
    re.compile(r"^([A-Za-z]{0,3}\d{3,}[\w.]*)\s*[-–:]\s*(?P<label>\D.*)$"),
    re.compile(r"^(\d{4,})\s+(?P<label>[^\W\d].*)$"),
)
TRAILING_CODE = re.compile(r"^(?P<label>.+?)\s*\(\s*([A-Za-z]{0,3}\d[\w.]*)\s*\)$")
# Companies House numbers: 8 digits, or 2 letters and 6 digits (SC, NI, OC, SO, NC, …).
COMPANY_NUMBER = r"(?:\d{8}|\d{6,7}|[A-Z]{2}\d{6})"
APPENDED_NUMBER = re.compile(
    rf"^(?P<name>.*?\S)(?:\s*[:|]\s*|\s+[-–]\s+)(?P<number>{COMPANY_NUMBER})\s*$"
)
BRACKETED_NUMBER = re.compile(rf"^(?P<name>.*?\S)\s*\(\s*(?P<number>{COMPANY_NUMBER})\s*\)\s*$")
REDACTED = re.compile(
    r"redact|personal\s*(data|information|details)|private\s*individual|^individuals?$|"
    r"withheld|^not\s*disclosed|^undisclosed|^confidential$|data\s*protection|^gdpr|"
    r"^private$|^personal$|^name\s*removed|^anonymi[sz]ed",
    re.IGNORECASE,
)


RUN_TOGETHER_MESSAGE = (
    "A date and an amount are run together in this cell, so the row’s cells are out of line"
)


class ValueProblem(ValueError):
    """Why a cell could not be read, in words for the row's error."""


@lru_cache(maxsize=65536)
def parse_amount(text: str) -> Decimal:
    """A published amount in pounds: quotes, £, thousands separators, credit notes as "-£20",
    "(20.00)", "20.00CR" or "20.00-". Raises ValueProblem."""
    if match := PLAIN_AMOUNT.match(text):  # the usual shapes, read at once
        return Decimal(f"{match[1]}{match[2].replace(',', '')}.{match[3] or '00'}")
    cell = text.strip().strip('"').strip()
    if not cell:
        raise ValueProblem("The amount is blank")
    if RUN_TOGETHER.match(cell):
        raise ValueProblem(RUN_TOGETHER_MESSAGE)
    number, negatives = _unsigned(cell)
    if number.count("(") or number.count(")"):
        raise ValueProblem(f"“{cell[:40]}” has a bracket that is not closed")
    if not NUMBER.match(number):
        raise ValueProblem(f"“{cell[:40]}” is not an amount in pounds")
    if negatives > 1:
        raise ValueProblem(f"“{cell[:40]}” has more than one minus sign")
    value = Decimal(number.replace(",", ""))
    if negatives:
        value = -value
    if value != value.quantize(Decimal("0.01")):
        raise ValueProblem(f"“{cell[:40]}” has more than two decimal places")
    if abs(value) >= Decimal("10000000000"):
        raise ValueProblem(f"“{cell[:40]}” is too large for one line of spend")
    return value.quantize(Decimal("0.01"))


def _unsigned(cell: str) -> tuple[str, int]:
    """The number left once the currency and every way of writing a credit are taken off, and
    how many of those ways were used (more than one is refused, not guessed)."""
    text = cell.replace("\u00a0", "").replace(" ", "")
    if text.upper().startswith("GBP"):
        text = text[3:]
    negatives = 0
    if text[-2:].upper() == "CR":
        text, negatives = text[:-2], negatives + 1
    if text.endswith("-"):
        text, negatives = text[:-1], negatives + 1
    while text[:1] in MINUS and text:
        text, negatives = text[1:], negatives + 1
    text = text.replace("£", "", 1)
    while text[:1] in MINUS and text:
        text, negatives = text[1:], negatives + 1
    if text.startswith("(") and text.endswith(")"):
        text, negatives = text[1:-1].replace("£", "", 1), negatives + 1
    return text, negatives


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _make(year, month, day) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueProblem("not a real date") from error


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The first two numbers of a date written with numbers only (d/m/y or m/d/y), else None."""
    match = NUMERIC_DATE.match(TIME_SUFFIX.sub("", text.strip()))
    return (int(match[1]), int(match[2])) if match else None


@lru_cache(maxsize=65536)
def parse_date(text: str, order: str = DAY_FIRST) -> datetime.date:
    """A published date: dd/mm/yyyy (or month first, by ``order``), dd-Mon-yy, yyyy-mm-dd, with
    or without a time. Raises ValueProblem."""
    cell = text.strip().strip('"').strip()
    if not cell:
        raise ValueProblem("The date is blank")
    if RUN_TOGETHER.match(cell):
        raise ValueProblem(RUN_TOGETHER_MESSAGE)
    try:
        if match := ISO_DATE.match(cell):
            return _make(int(match[1]), int(match[2]), int(match[3]))
        bare = TIME_SUFFIX.sub("", cell)
        if match := NUMERIC_DATE.match(bare):
            first, second = int(match[1]), int(match[2])
            day, month = (first, second) if order == DAY_FIRST else (second, first)
            return _make(_year(match[3]), month, day)
        if match := NAMED_DATE.match(bare):
            month = MONTHS.get(match[2].lower())
            if month is None:
                raise ValueProblem("not a month")
            return _make(_year(match[3]), month, int(match[1]))
    except ValueProblem as error:
        raise ValueProblem(f"“{cell[:40]}” is not a date ({error})") from error
    raise ValueProblem(f"“{cell[:40]}” is not a date (use 31/01/2025 or 31-Jan-25)")


def date_order_evidence(cells) -> tuple[int, int]:
    """(cells only day-first reads, cells only month-first reads) among numeric dates: a first
    number over 12 can only be a day, a second number over 12 only a day too."""
    day_first = month_first = 0
    for cell in set(cells):
        parts = numeric_parts(cell)
        if parts is None:
            continue
        first, second = parts
        if first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
    return day_first, month_first


@lru_cache(maxsize=65536)
def split_code(text: str) -> tuple[str, str]:
    """(code, label) of a category written with its ledger code: "(55040) Admin & Clerical",
    "55040 - Admin & Clerical", "Admin & Clerical (55040)"; ("", text) when there is none."""
    cell = " ".join(text.split())
    if not cell:
        return "", ""
    for pattern in LEADING_CODES:
        if match := pattern.match(cell):
            return match[1], match["label"].strip()
    match = TRAILING_CODE.match(cell)
    if match:
        return match[2], match["label"].strip()
    return "", cell


@lru_cache(maxsize=65536)
def split_company_number(text: str) -> tuple[str, str]:
    """(name, company number) of a supplier written "NAME:03529700" or "NAME (03529700)"; a
    7- or 6-digit number is given back padded to Companies House's 8 characters."""
    cell = " ".join(text.split())
    match = APPENDED_NUMBER.match(cell) or BRACKETED_NUMBER.match(cell)
    if not match:
        return cell, ""
    number = match["number"]
    if number.isdigit():
        number = number.zfill(8)
    return match["name"].rstrip(" :-"), number


@lru_cache(maxsize=65536)
def is_redacted(name: str) -> bool:
    """A supplier whose name the body withheld (a private individual, personal data)."""
    cell = " ".join(name.split())
    return bool(cell) and bool(REDACTED.search(cell))
