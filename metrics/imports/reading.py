"""Reading an uploaded CSV or Excel file into a frame of text cells, refusing what is not one.

Every cell is read as text so nothing is guessed (no "1.10" becoming 1.1, no dates invented);
numbers are parsed later, with a message per cell. Row numbers are the spreadsheet's: the heading
row is row 1, so the first row of values is row 2.

The file as a whole is checked here (size, format); ``csv_reader`` and ``xlsx_reader`` read it
within the limits in ``files`` (rows, columns, unpacked size, time); then the headings are matched
to the import's columns, and every cell under no heading is named.
"""

import json
import re
import zlib
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING

from metrics.imports.files import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    CellError,
    Deadline,
    FileRejected,
    Sheet,
    column_label,
    human_size,
    too_many_rows,
)

if TYPE_CHECKING:  # pandas and the readers are imported where they are used: COLUMNS and
    import pandas as pd  # MAX_BYTES (forms, export pages) cost no pandas

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "CellError",
    "FileRejected",
    "Table",
    "read_upload",
]

EXTENSIONS = (".csv", ".xlsx", ".xlsm")
WORKBOOKS = (".xlsx", ".xlsm")  # an .xlsm's macros are never run: only its cells are read
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls, and Excel's password-protected files
# An OLE file holding this stream is an encrypted .xlsx (the name is stored in UTF-16).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
OPENDOCUMENT = b"application/vnd.oasis.opendocument"
ACCEPTED = "a .csv file (CSV UTF-8) or an Excel workbook (.xlsx)"
OTHER_SPREADSHEETS = {
    ".xlsb": "an Excel binary workbook (.xlsb)",
    ".xltx": "an Excel template (.xltx)",
    ".xltm": "an Excel template (.xltm)",
    ".numbers": "an Apple Numbers file",
}
UNHEADED = (
    "This cell has no heading above it, so it cannot be read: clear it, or give its column a "
    "heading (columns with other headings are ignored)"
)

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


@dataclass
class Table:
    """The file's rows as text, with canonical column names and the spreadsheet row in ``_row``."""

    frame: "pd.DataFrame"
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
        import pandas as pd

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


def _canonical(heading) -> str:
    text = re.sub(r"[\s\-]+", "_", str(heading).strip().lower()).strip("_")
    return ALIASES.get(text, text)


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(sample) - 3  # only a character cut by the sample's end
    return True


def _is_opendocument(data: bytes) -> bool:
    """An OpenDocument file starts with an unpacked part "mimetype" naming its kind."""
    return data.startswith(ZIP_MAGIC) and data[30:38] == b"mimetype" and OPENDOCUMENT in data[:200]


def read_upload(*, name: str, data: bytes) -> Table:
    """Check the file as a whole and read it; raise FileRejected with a plain reason if not."""
    from metrics.imports.csv_reader import read_csv
    from metrics.imports.xlsx_reader import read_xlsx

    name = Path(name or "upload").name
    extension = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise FileRejected(
            f"“{name}” is {human_size(len(data))}; the largest file accepted is "
            f"{human_size(MAX_BYTES)}. Split it into smaller files."
        )
    if data.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in data:
        raise FileRejected(
            f"“{name}” is password-protected (encrypted), so it cannot be read. In Excel choose "
            "File › Info › Protect Workbook › Encrypt with Password, clear the password, save, "
            "and upload it again."
        )
    if extension == ".xls" or data.startswith(OLE_MAGIC):
        raise FileRejected(
            f"“{name}” is in the old Excel 97-2003 format. Save it as an Excel workbook (.xlsx) "
            "or as CSV UTF-8, then upload it again."
        )
    if extension in (".ods", ".fods") or _is_opendocument(data):
        raise FileRejected(
            f"“{name}” is an OpenDocument spreadsheet (LibreOffice or OpenOffice). The portal "
            f"reads {ACCEPTED}: in LibreOffice choose File › Save As › “Excel 2007-365 "
            "(.xlsx)”, then upload that file."
        )
    if extension in OTHER_SPREADSHEETS:
        raise FileRejected(
            f"“{name}” is {OTHER_SPREADSHEETS[extension]}, which the portal cannot read. Save "
            "it as an Excel workbook (.xlsx) or as CSV UTF-8, then upload it again."
        )
    if extension not in EXTENSIONS:
        raise FileRejected(
            f"“{name}” is not a CSV or Excel file: upload {ACCEPTED} — a file ending .csv or "
            ".xlsx (download the template to see the layout)."
        )
    if not data.strip():
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.")
    deadline = Deadline(name)
    if extension in WORKBOOKS:
        if not data.startswith(ZIP_MAGIC):
            if _looks_like_text(data):
                raise FileRejected(
                    f"“{name}” is named {extension} but holds plain text (it looks like a CSV "
                    "file renamed). Rename it to .csv, or open it in Excel and save it as an "
                    "Excel workbook."
                )
            raise FileRejected(f"“{name}” is not a valid Excel workbook: upload {ACCEPTED}.")
        sheet = read_xlsx(name, data, deadline)
    else:
        if data.startswith(ZIP_MAGIC):
            raise FileRejected(
                f"“{name}” is named .csv but is an Excel workbook. Rename it to .xlsx, or save "
                "it from Excel as CSV UTF-8."
            )
        sheet = read_csv(name, data, deadline)
    return _finish(name, sheet)


def _match_headings(name, sheet: Sheet, labels: list[str]) -> tuple[dict, list, list]:
    """Where each of the import's columns is (canonical name -> position), the headings that are
    not ours (ignored), and the positions with no heading at all."""
    found, ignored, unheaded = {}, [], []
    for position, heading in enumerate(sheet.headings):
        column = _canonical(heading)
        if not column:
            unheaded.append(position)
        elif column in found:
            raise FileRejected(
                f"“{name}” has two columns called “{column}” ({labels[found[column]]} and "
                f"{labels[position]}). Keep one."
            )
        elif column in COLUMNS:
            found[column] = position
        else:
            ignored.append(str(heading))
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        names = ", ".join(f"“{m}”" for m in missing)
        where = "The first row must be the headings"
        if sheet.kind == "xlsx":
            others = sheet.sheet_count - 1
            skipped = {0: "", 1: " (not the other sheet)"}.get(
                others, f" (not the {others} others)"
            )
            where = (
                f"The portal reads the first sheet, “{sheet.sheet_name}”{skipped}, and its first "
                "row must be the headings"
            )
        raise FileRejected(
            f"“{name}” has no {names} column{'s' if len(missing) > 1 else ''}. {where}: "
            f"{', '.join(COLUMNS)}. Download the template to see the layout."
        )
    if "value" not in found and not {"numerator", "denominator"} <= set(found):
        raise FileRejected(
            f"“{name}” has no “value” column (or “numerator” and “denominator” for ratios)."
        )
    return found, ignored, unheaded


def _unheaded_cells(frame, unheaded, labels) -> list[CellError]:
    """The first value in a column with no heading, on each row that has one."""
    import pandas as pd

    errors, seen = [], pd.Series(False, index=frame.index)
    for position in unheaded:
        cells = frame[position].astype(str).str.strip()
        hit = (cells != "") & ~seen
        seen |= hit
        errors += [
            CellError(int(row), labels[position], UNHEADED, value[:60])
            for row, value in zip(frame.loc[hit, "_row"], cells[hit], strict=True)
        ]
    return errors


def _finish(name, sheet: Sheet) -> Table:
    import pandas as pd

    frame = sheet.frame
    width = frame.shape[1] - 1  # every column but _row
    sheet.headings = [str(h) for h in sheet.headings] + [""] * (width - len(sheet.headings))
    labels = [column_label(h, i) for i, h in enumerate(sheet.headings)]
    found, ignored, unheaded = _match_headings(name, sheet, labels)
    keep = [c for c in COLUMNS if c in found]
    # Plain list comprehensions: both readers give str cells, and pandas' .str.strip() costs
    # several times more per cell on a 100,000-row file.
    cells = {column: [cell.strip() for cell in frame[found[column]].tolist()] for column in keep}
    rows = frame["_row"].tolist()
    # Blank lines (often left at the end of a sheet) are not rows of values.
    filled = [any(row) for row in zip(*cells.values(), strict=True)]
    if not all(filled):
        rows = list(compress(rows, filled))
        cells = {column: list(compress(values, filled)) for column, values in cells.items()}
    table = pd.DataFrame({"_row": pd.Series(rows, dtype="int64"), **cells}).astype(
        dict.fromkeys(keep, str)
    )
    errors = sheet.errors + _unheaded_cells(frame, unheaded, labels)
    position_of = {position: column for column, position in found.items()}
    bad_cells = {(r, position_of[p]) for r, p in sheet.bad_cells if p in position_of}
    if table.empty and not errors:
        raise FileRejected(f"“{name}” has headings but no rows of values underneath them.")
    if len(table) > MAX_ROWS:
        raise too_many_rows(name)
    return Table(
        frame=table,
        headings={column: labels[position] for column, position in found.items()},
        ignored=ignored,
        errors=errors,
        bad_cells=bad_cells,
        kind=sheet.kind,
    )
