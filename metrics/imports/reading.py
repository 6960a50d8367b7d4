"""Reading an uploaded CSV or Excel file into a frame of text cells, refusing what is not one.

Every cell is read as text so nothing is guessed (no "1.10" becoming 1.1, no dates invented);
numbers are parsed later, with a message per cell. Row numbers are the spreadsheet's: the heading
row is row 1, so the first row of values is row 2.
"""

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from anchors.common.errors import PortalError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
EXTENSIONS = (".csv", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls

COLUMNS = (
    "organisation",
    "metric",
    "period",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
)
REQUIRED = ("organisation", "metric", "period")
ALIASES = {
    "organization": "organisation",
    "org": "organisation",
    "organisation_short_name": "organisation",
    "short_name": "organisation",
    "metric_code": "metric",
    "code": "metric",
    "period_code": "period",
    "quarter": "period",
    "evidence": "evidence_note",
    "note": "evidence_note",
    "notes": "evidence_note",
}


class FileRejected(PortalError):
    """The file as a whole cannot be read; nothing in it is considered."""

    def __init__(self, message):
        super().__init__(message, field="file", code="file")


@dataclass(frozen=True)
class CellError:
    row: int | None
    column: str
    message: str
    value: str = ""


@dataclass
class Table:
    """The file's rows as text, with canonical column names and the spreadsheet row in ``_row``."""

    frame: pd.DataFrame
    headings: dict = field(default_factory=dict)  # canonical name -> "heading (column D)"
    ignored: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # CellErrors found while reading (formulas)
    bad_cells: set = field(default_factory=set)  # (row, canonical column) already reported
    kind: str = "csv"

    def to_bytes(self) -> bytes:
        """The table as compressed JSON (never pickle): kept with the upload, so the preview
        pages and the confirm check exactly these cells without reading the file again."""
        payload = {
            "columns": list(self.frame.columns),
            "rows": self.frame.to_numpy(dtype=object).tolist(),
            "headings": self.headings,
            "ignored": self.ignored,
            "errors": [[e.row, e.column, e.message, e.value] for e in self.errors],
            "bad_cells": sorted(self.bad_cells),
            "kind": self.kind,
        }
        return zlib.compress(json.dumps(payload, default=int).encode(), 3)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Table":
        payload = json.loads(zlib.decompress(data))
        frame = pd.DataFrame(payload["rows"], columns=payload["columns"], dtype=object)
        if len(frame):
            frame["_row"] = frame["_row"].astype(int)
        return cls(
            frame=frame,
            headings=payload["headings"],
            ignored=payload["ignored"],
            errors=[CellError(*e) for e in payload["errors"]],
            bad_cells={tuple(c) for c in payload["bad_cells"]},
            kind=payload["kind"],
        )


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _canonical(heading) -> str:
    text = re.sub(r"[\s\-]+", "_", str(heading).strip().lower()).strip("_")
    return ALIASES.get(text, text)


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_upload(*, name: str, data: bytes) -> Table:
    """Check the file as a whole and read it; raise FileRejected with a plain reason if not."""
    name = Path(name or "upload").name
    extension = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise FileRejected(
            f"“{name}” is {human_size(len(data))}; the largest file accepted is "
            f"{human_size(MAX_BYTES)}. Split it into smaller files."
        )
    if extension == ".xls" or data.startswith(OLE_MAGIC):
        raise FileRejected(
            f"“{name}” is in the old Excel 97-2003 format. Save it as an Excel workbook (.xlsx) "
            "or as CSV UTF-8, then upload it again."
        )
    if extension not in EXTENSIONS:
        raise FileRejected(
            f"“{name}” is not a CSV or Excel file: upload a file ending .csv or .xlsx "
            "(download the template to see the layout)."
        )
    if not data.strip():
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.")
    if extension == ".xlsx":
        if not data.startswith(ZIP_MAGIC):
            if _looks_like_text(data):
                raise FileRejected(
                    f"“{name}” is named .xlsx but holds plain text (it looks like a CSV file "
                    "renamed). Rename it to .csv, or open it in Excel and save it as an Excel "
                    "workbook."
                )
            raise FileRejected(f"“{name}” is not a valid Excel workbook.")
        table = _read_xlsx(name, data)
    else:
        if data.startswith(ZIP_MAGIC):
            raise FileRejected(
                f"“{name}” is named .csv but is an Excel workbook. Rename it to .xlsx, or save "
                "it from Excel as CSV UTF-8."
            )
        table = _read_csv(name, data)
    return _finish(name, table)


def _read_csv(name, data) -> Table:
    try:
        # utf-8-sig drops the byte-order mark Excel puts at the start of "CSV UTF-8" files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"“{name}” is not UTF-8 text (the problem starts at byte {error.start}). In Excel "
            "choose Save As › “CSV UTF-8 (Comma delimited)”."
        ) from error
    if "\x00" in text:
        raise FileRejected(f"“{name}” is not a text file, so it cannot be read as CSV.")
    first_line = text.lstrip().split("\n", 1)[0]
    if "," not in first_line:
        for separator, label in ((";", "semicolons"), ("\t", "tabs")):
            if separator in first_line:
                raise FileRejected(
                    f"“{name}” separates its columns with {label}, not commas. In Excel choose "
                    "Save As › “CSV UTF-8 (Comma delimited)”, or upload the .xlsx workbook."
                )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skipinitialspace=False,
        )
    except pd.errors.EmptyDataError as error:
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.") from error
    except pd.errors.ParserError as error:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if match:
            raise FileRejected(
                f"Row {match[2]} of “{name}” has {match[3]} cells but the heading row has "
                f"{match[1]}. Check for a stray comma, or put text containing commas in "
                "double quotes."
            ) from error
        raise FileRejected(f"“{name}” could not be read as CSV: {error}") from error
    frame = frame.fillna("")
    headings = {
        column: f"{column} (column {get_column_letter(i + 1)})"
        for i, column in enumerate(frame.columns)
    }
    return Table(frame=frame, headings=headings, kind="csv")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel stores 0.1 + 0.2 as 0.30000000000000004; six places keeps what the person typed.
        return repr(round(value, 6))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(name, data) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileRejected(
            f"“{name}” could not be opened as an Excel workbook; it may be damaged or "
            "password-protected."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if first is None:
            raise FileRejected(f"“{name}” is empty: its first sheet has no cells.")
        header = [_cell_text(value) for value in first]
        while header and header[-1] == "":
            header.pop()
        width = len(header)
        if width == 0:
            raise FileRejected(f"“{name}”: the first row of the first sheet has no headings.")
        errors, records, bad_cells = [], [], set()
        rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
        for row_number, values in enumerate(rows, start=2):
            record = [""] * width
            for index, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str) and not value.startswith("="):
                    record[index] = value.strip()
                    continue
                # data_only=False keeps formulas as written ("=SUM(A1:A3)", or an ArrayFormula
                # object): refuse them, never evaluate them.
                if isinstance(value, str) or not (
                    isinstance(value, int | float) or hasattr(value, "isoformat")
                ):
                    formula = value if isinstance(value, str) else getattr(value, "text", value)
                    errors.append(
                        CellError(
                            row_number,
                            f"{header[index] or '?'} (column {get_column_letter(index + 1)})",
                            "Formula cells are not accepted: copy the cells and paste values only",
                            str(formula)[:60],
                        )
                    )
                    bad_cells.add((row_number, _canonical(header[index])))
                    continue
                record[index] = _cell_text(value)
            records.append(record)
    finally:
        workbook.close()
    frame = pd.DataFrame.from_records(records, columns=range(width)) if records else None
    if frame is None:
        frame = pd.DataFrame(columns=range(width))
    frame.columns = header
    headings = {
        column: f"{column} (column {get_column_letter(i + 1)})" for i, column in enumerate(header)
    }
    return Table(frame=frame, headings=headings, errors=errors, bad_cells=bad_cells, kind="xlsx")


def _finish(name, table: Table) -> Table:
    frame = table.frame
    canonical, headings, ignored, seen = [], {}, [], {}
    for original in frame.columns:
        text = str(original)
        column = _canonical(text)
        if not column or column.startswith("unnamed:"):
            column = f"_ignored_{len(canonical)}"
        elif column in seen:
            raise FileRejected(
                f"“{name}” has two columns called “{column}” ({seen[column]} and "
                f"{table.headings.get(original, text)}). Keep one."
            )
        if column in COLUMNS:
            seen[column] = table.headings.get(original, text)
            headings[column] = seen[column]
        elif not column.startswith("_ignored_"):
            ignored.append(text)
        canonical.append(column)
    frame.columns = canonical
    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        names = ", ".join(f"“{m}”" for m in missing)
        raise FileRejected(
            f"“{name}” has no {names} column{'s' if len(missing) > 1 else ''}. The first row "
            f"must be the headings: {', '.join(COLUMNS)}. Download the template to see the layout."
        )
    if "value" not in frame.columns and not {"numerator", "denominator"} <= set(frame.columns):
        raise FileRejected(
            f"“{name}” has no “value” column (or “numerator” and “denominator” for ratios)."
        )
    keep = [c for c in COLUMNS if c in frame.columns]
    frame = frame[keep].astype(str)
    for column in keep:
        frame[column] = frame[column].str.strip()
    frame.insert(0, "_row", range(2, len(frame) + 2))
    # Blank lines (often left at the end of a sheet) are not rows of values.
    frame = frame[(frame[keep] != "").any(axis=1)].reset_index(drop=True)
    if frame.empty and not table.errors:
        raise FileRejected(f"“{name}” has headings but no rows of values underneath them.")
    if len(frame) > MAX_ROWS:
        raise FileRejected(
            f"“{name}” has {len(frame):,} rows; the most accepted in one file is {MAX_ROWS:,}."
        )
    table.frame = frame
    table.headings = headings
    table.ignored = ignored
    return table
