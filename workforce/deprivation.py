"""An LSOA's deprivation decile from the official tables, and a postcode's LSOA from a loaded
postcode directory.

The English Indices of Deprivation 2019 (File 1, 2011 LSOAs) ship with the project in
``workforce/data/imd2019/`` (Open Government Licence v3.0) and are loaded by the migration
``0002_hiring_imd2019`` (and, should a test's flush have emptied the table, on first use).
``load_imd FILE --edition 2025`` adds a later edition; the newest edition loaded is the current one,
which new records use. Each record stores the edition it used, so figures never mix editions.

Postcodes are looked up and never stored: only the LSOA and its decile are kept.
"""

import csv
import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from anchors.common.errors import PortalError

DATA_DIR = Path(__file__).resolve().parent / "data"
IMD2019_FILE = DATA_DIR / "imd2019" / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz"
IMD2019_NAME = "English Indices of Deprivation 2019"
IMD2019_SOURCE = (
    "MHCLG, English indices of deprivation 2019, File 1 (Open Government Licence v3.0), "
    "shipped in workforce/data/imd2019"
)
LSOA_PATTERN = re.compile(r"^[EW]0[0-9]{7}$")
# A UK postcode without its space: outward code (A9, A99, AA9, AA99, A9A, AA9A), inward 9AA.
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
BATCH = 5_000


class ImdFileError(PortalError):
    """The file is not an IMD File 1 the loader recognises; nothing was loaded."""


# --- Reading File 1 by its headings ------------------------------------------------------------
# Each column is found by the words of its heading, never its position: the 2019 and 2025 files
# name them alike ("LSOA code (2011)" / "LSOA code (2021)", "Local Authority District code
# (2019)" / "(2024)", "Index of Multiple Deprivation (IMD) Rank" / "Decile").
HEADINGS = {
    "lsoa_code": re.compile(r"\blsoa\b.*\bcode\b"),
    "lsoa_name": re.compile(r"\blsoa\b.*\bname\b"),
    "district_code": re.compile(r"local authority district\b.*\bcode\b|\blad\w*\s*code\b"),
    "district_name": re.compile(r"local authority district\b.*\bname\b|\blad\w*\s*name\b"),
    "rank": re.compile(r"(index of multiple deprivation|\bimd\b).*\brank\b"),
    "decile": re.compile(r"(index of multiple deprivation|\bimd\b).*\bdecile\b"),
}
REQUIRED = ("lsoa_code", "rank", "decile")
YEAR = re.compile(r"\((20\d\d)\)")


@dataclass
class ImdTable:
    rows: list  # (lsoa_code, lsoa_name, district_code, district_name, rank, decile)
    geography: str  # "2011" or "2021"


def match_headings(headings) -> dict[str, int] | None:
    """Where each column is, or None if this row is not File 1's heading row."""
    found = {}
    for position, heading in enumerate(headings):
        text = " ".join(str(heading or "").lower().split())
        if "score" in text:  # File 5's scores are not ranks or deciles
            continue
        for name, pattern in HEADINGS.items():
            if name not in found and pattern.search(text):
                found[name] = position
                break
    return found if all(name in found for name in REQUIRED) else None


def _geography(headings, found, edition_code) -> str:
    year = YEAR.search(str(headings[found["lsoa_code"]]))
    if year and year.group(1) in ("2011", "2021"):
        return year.group(1)
    return "2011" if int(edition_code) < 2021 else "2021"


def _whole(value, *, row, what) -> int:
    text = str(value if value is not None else "").replace(",", "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ImdFileError(f"Row {row}: the {what} “{value}” is not a whole number.")
    return int(text)


def _table_from_rows(rows, *, name, edition_code) -> ImdTable:
    """Rows of cells (the heading row within the first 20); the heading found by its words."""
    rows = iter(rows)
    found = headings = None
    for number, cells in enumerate(rows, start=1):
        found = match_headings(cells)
        if found:
            headings, header_row = cells, number
            break
        if number >= 20:
            break
    if not found:
        raise ImdFileError(
            f"“{name}” has no heading row naming the LSOA code, the IMD rank and the IMD decile "
            "(File 1 of the English Indices of Deprivation) in its first 20 rows."
        )
    out = []
    seen = set()
    for number, cells in enumerate(rows, start=header_row + 1):
        cells = list(cells) + [None] * (len(headings) - len(cells))
        code = str(cells[found["lsoa_code"]] or "").strip().upper()
        if not code:
            continue
        if not LSOA_PATTERN.match(code):
            raise ImdFileError(f"Row {number}: “{code}” is not an LSOA code (like E01001808).")
        if code in seen:
            raise ImdFileError(f"Row {number}: LSOA {code} appears twice.")
        seen.add(code)
        decile = _whole(cells[found["decile"]], row=number, what="IMD decile")
        if not 1 <= decile <= 10:
            raise ImdFileError(f"Row {number}: the IMD decile {decile} is not between 1 and 10.")

        def text(key, limit, cells=cells):
            position = found.get(key)
            return str(cells[position] or "").strip()[:limit] if position is not None else ""

        out.append(
            (
                code,
                text("lsoa_name", 100),
                text("district_code", 9).upper(),
                text("district_name", 100),
                _whole(cells[found["rank"]], row=number, what="IMD rank"),
                decile,
            )
        )
    if not out:
        raise ImdFileError(f"“{name}” has headings but no LSOAs underneath them.")
    return ImdTable(rows=out, geography=_geography(headings, found, edition_code))


def _xlsx_rows(data: bytes, name: str):
    """The rows of the workbook's sheet whose heading row is File 1's (the published workbook
    has a Notes sheet first)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            top = list(sheet.iter_rows(min_row=1, max_row=20, values_only=True))
            if any(match_headings(row) for row in top):
                return list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    raise ImdFileError(
        f"No sheet of “{name}” has a heading row naming the LSOA code, the IMD rank and the IMD "
        "decile."
    )


def read_imd_file(path, *, edition_code) -> ImdTable:
    """File 1 as published: CSV (UTF-8 or Windows-1252), gzip-compressed CSV, or .xlsx."""
    path = Path(path)
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data.startswith(b"PK\x03\x04"):
        return _table_from_rows(
            _xlsx_rows(data, path.name), name=path.name, edition_code=edition_code
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return _table_from_rows(
        csv.reader(io.StringIO(text)), name=path.name, edition_code=edition_code
    )


def write_edition(
    *, edition_model, row_model, code, name, source, table: ImdTable
) -> tuple[object, int]:
    """The edition's rows replaced by the table's, in one transaction. Takes the models so the
    data migration can pass its historical ones."""
    with transaction.atomic():
        edition, _ = edition_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "geography": table.geography,
                "source": source[:300],
                "row_count": len(table.rows),
                "loaded_at": timezone.now(),
            },
        )
        row_model.objects.filter(edition=edition).delete()
        _insert_rows(row_model, edition.pk, table.rows)
    return edition, len(table.rows)


def _insert_rows(row_model, edition_id, rows):
    """The rows in one prepared INSERT (``executemany``; COPY on PostgreSQL): the ORM's
    ``bulk_create`` spends most of a 33,000-row load building objects and SQL."""
    columns = ("edition_id", "lsoa_code", "lsoa_name", "district_code", "district_name")
    columns += ("rank", "decile")
    quote = connection.ops.quote_name
    table = quote(row_model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = io.StringIO(
                "".join(
                    "\t".join(str(v).translate(COPY_ESCAPES) for v in (edition_id, *row)) + "\n"
                    for row in rows
                )
            )
            cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", text, 1 << 20)
            return
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})",  # noqa: S608
            [(edition_id, *row) for row in rows],
        )


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def load_imd(path, *, code, name="", source=""):
    """Load (or reload) an edition from File 1; returns (edition, rows)."""
    from workforce.models import DeprivationEdition, LsoaDeprivation

    if not re.fullmatch(r"20\d\d", str(code)):
        raise ImdFileError(f"“{code}” is not an edition year, like 2025.")
    table = read_imd_file(path, edition_code=code)
    return write_edition(
        edition_model=DeprivationEdition,
        row_model=LsoaDeprivation,
        code=str(code),
        name=name or f"English Indices of Deprivation {code}",
        source=source or Path(path).name,
        table=table,
    )


def ensure_imd2019():
    """IMD 2019 from the shipped file, if it is not loaded (a flushed test database, a table
    emptied by hand); the migration loads it on a fresh database."""
    from workforce.models import DeprivationEdition

    edition = DeprivationEdition.objects.filter(code="2019", row_count__gt=0).first()
    if edition is not None:
        return edition
    return load_imd(IMD2019_FILE, code="2019", name=IMD2019_NAME, source=IMD2019_SOURCE)[0]


# --- Looking an LSOA up ------------------------------------------------------------------------
@dataclass(frozen=True)
class LsoaFact:
    edition: object
    lsoa_code: str
    decile: int
    district_code: str


def current_edition():
    """The newest edition loaded: what new records use."""
    from workforce.models import DeprivationEdition

    edition = DeprivationEdition.objects.filter(row_count__gt=0).order_by("-code").first()
    return edition or ensure_imd2019()


def normalise_lsoa(text) -> str:
    return "".join(str(text or "").split()).upper()


def lookup(lsoa, edition=None) -> LsoaFact:
    """The LSOA's decile and district in ``edition`` (default: the current edition)."""
    from workforce.models import LsoaDeprivation

    edition = edition or current_edition()
    code = normalise_lsoa(lsoa)
    if not LSOA_PATTERN.match(code):
        raise PortalError(
            f"“{lsoa}” is not an LSOA code: enter a code like E01001808.", field="home_lsoa"
        )
    row = (
        LsoaDeprivation.objects.filter(edition=edition, lsoa_code=code)
        .values_list("decile", "district_code")
        .first()
    )
    if row is None:
        raise PortalError(
            f"{code} is not an LSOA of the {edition.name} ({edition.get_geography_display()}). "
            "Check the code, or use the LSOA of that geography.",
            field="home_lsoa",
        )
    return LsoaFact(edition=edition, lsoa_code=code, decile=row[0], district_code=row[1])


def decile_for(lsoa, edition=None) -> tuple:
    """(edition, decile) of an LSOA, from the official table of ``edition`` (default: current)."""
    fact = lookup(lsoa, edition)
    return fact.edition, fact.decile


# --- Postcodes ---------------------------------------------------------------------------------
def normalise_postcode(text) -> str:
    """A postcode upper-cased without spaces ("e8 4aa" -> "E84AA"), or "" if it is not one."""
    code = "".join(str(text or "").split()).upper()
    return code if POSTCODE_PATTERN.match(code) else ""


def postcode_lookup_loaded() -> bool:
    from workforce.models import PostcodeLookupLoad

    return PostcodeLookupLoad.objects.filter(row_count__gt=0).exists()


NO_LOOKUP = (
    "Postcodes cannot be used: no postcode-to-LSOA lookup has been loaded into the portal. Enter "
    "the home LSOA instead (the facilitator can load the ONS Postcode Directory with "
    "“manage.py load_postcode_lookup”)."
)


def lsoa_for_postcode(postcode, edition) -> str:
    """The LSOA of the edition's geography for a postcode; the postcode itself is not kept."""
    from workforce.models import PostcodeLookupLoad, PostcodeLsoa

    load = PostcodeLookupLoad.objects.filter(row_count__gt=0).order_by("-created_at").first()
    if load is None:
        raise PortalError(NO_LOOKUP, field="home_postcode", code="no_lookup")
    code = normalise_postcode(postcode)
    if not code:
        raise PortalError(
            "Enter a full UK postcode, like E8 1DY, or leave it blank and enter the home LSOA.",
            field="home_postcode",
        )
    column = "lsoa21" if edition.geography == "2021" else "lsoa11"
    if not getattr(load, f"has_{column}"):
        raise PortalError(
            f"The postcode lookup loaded has no {edition.get_geography_display()} column, which "
            f"the {edition.name} needs: enter the home LSOA instead.",
            field="home_postcode",
        )
    lsoa = PostcodeLsoa.objects.filter(postcode=code).values_list(column, flat=True).first()
    if not lsoa:
        raise PortalError(
            "That postcode is not in the postcode lookup (or has no LSOA in it): check it, or "
            "enter the home LSOA instead.",
            field="home_postcode",
        )
    return lsoa
