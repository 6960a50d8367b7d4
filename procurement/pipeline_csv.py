"""A pipeline CSV file → rows of pipeline item fields, or the row and column of every cell that
cannot be read. No database: the service matches organisations and suppliers and saves.

The file is read by the metrics import's CSV reader (its size, row and time limits, encodings and
messages); every cell arrives as text and is parsed here with a message naming its row and column.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from metrics.imports.csv_reader import read_csv
from metrics.imports.files import Deadline
from procurement import cpv

# field -> (heading in the template, other headings accepted)
COLUMNS = {
    "organisation": ("Organisation", ("anchor", "buyer")),
    "title": ("Title", ("procurement", "name")),
    "description": ("Description", ()),
    "cpv_code": ("CPV code", ("cpv", "category")),
    "estimated_value": ("Estimated value (net)", ("value", "estimated value", "value (net)")),
    "estimated_value_gross": ("Estimated value (gross)", ("value (gross)", "gross value")),
    "planned_publication_date": ("Planned publication date", ("publication date",)),
    "contract_start": ("Contract start", ("start date",)),
    "contract_end": ("Contract end", ("end date",)),
    "latest_extension_date": ("Latest end with extensions", ("latest extension date",)),
    "current_contract_end": ("Current contract ends", ("current contract end",)),
    "procurement_route": ("Procurement route", ("route",)),
    "social_value_weighting": ("Social value weighting (%)", ("social value weighting",)),
    "open_to_joint": ("Open to joint procurement", ("joint",)),
    "suitable_sme": ("Suitable for SMEs", ("sme",)),
    "suitable_vcse": ("Suitable for VCSEs", ("vcse",)),
    "contact": ("Contact", ()),
    "stage": ("Stage", ()),
}
REQUIRED = ("organisation", "title")
DATES = {
    "planned_publication_date",
    "contract_start",
    "contract_end",
    "latest_extension_date",
    "current_contract_end",
}
MONEY = {"estimated_value", "estimated_value_gross", "social_value_weighting"}
FLAGS = {"open_to_joint", "suitable_sme", "suitable_vcse"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def _key(text) -> str:
    return " ".join(re.sub(r"[^\w%()]+", " ", str(text or "").casefold()).split())


HEADINGS = {}
for _field, (_heading, _others) in COLUMNS.items():
    for _name in (_heading, _field, *_others):
        HEADINGS[_key(_name)] = _field


@dataclass
class CsvRow:
    row: int
    values: dict
    readable: bool = True  # False: a cell of it could not be read (its error is listed)


@dataclass
class CsvRead:
    rows: list[CsvRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def template_headings() -> list[str]:
    return [heading for heading, _ in COLUMNS.values()]


def _date(text):
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError("Enter a date like 01/04/2027")


def _money(text):
    cleaned = text.replace("£", "").replace(",", "").replace("%", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError("Enter a number, like 250,000") from error
    if not value.is_finite() or value < 0:
        raise ValueError("Enter a number of 0 or more")
    return value.quantize(Decimal("0.01"))


def _flag(text):
    word = text.strip().casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError("Enter yes or no")


def _choice(text, choices):
    word = _key(text)
    for value, label in choices:
        if word in (_key(value), _key(label)):
            return value
    raise ValueError("Enter one of: " + ", ".join(label for _, label in choices))


def _parse(name, text, routes, stages):
    if name in DATES:
        return _date(text)
    if name in MONEY:
        return _money(text)
    if name in FLAGS:
        return _flag(text)
    if name == "cpv_code":
        code = cpv.normalise_code(text)
        if code is None or not cpv.is_known(code):
            raise ValueError("Enter a CPV 2008 code: 8 digits, like 85312000")
        return code
    if name == "procurement_route":
        return _choice(text, routes)
    if name == "stage":
        return _choice(text, stages)
    return text.strip()


def read_pipeline_csv(name: str, data: bytes, *, routes, stages) -> CsvRead:
    """Every row of the file as item fields, or every cell that cannot be read (FileRejected,
    a PortalError, for a file that is not a CSV the reader takes)."""
    sheet = read_csv(name, data, Deadline(name))
    result = CsvRead()
    columns = {}
    for position, heading in enumerate(sheet.headings):
        field_name = HEADINGS.get(_key(heading))
        if field_name is None:
            if str(heading or "").strip():
                result.errors.append(
                    f"Column “{heading}” is not one the pipeline import knows. Use the "
                    "headings of the template."
                )
            continue
        columns[position] = field_name
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in columns.values()]
    if missing:
        result.errors.append("The file has no column " + " or ".join(f"“{m}”" for m in missing))
        return result
    for record in sheet.frame.to_dict("records"):
        row = int(record["_row"])
        values = {}
        errors_before = len(result.errors)
        for position, field_name in columns.items():
            text = record.get(position)
            text = "" if text is None or str(text) == "nan" else str(text)
            if not text.strip():
                if field_name in REQUIRED:
                    result.errors.append(
                        f"Row {row}, column “{COLUMNS[field_name][0]}”: this cannot be empty"
                    )
                continue
            try:
                values[field_name] = _parse(field_name, text, routes, stages)
            except ValueError as error:
                result.errors.append(
                    f"Row {row}, column “{COLUMNS[field_name][0]}”: {error} (it says “{text}”)"
                )
        result.rows.append(
            CsvRow(row=row, values=values, readable=len(result.errors) == errors_before)
        )
    if not result.rows and not result.errors:
        result.errors.append(f"“{name}” has headings but no rows of procurements.")
    return result
