"""Reading a CSV upload into a Sheet of text cells.

The file is checked as a whole first (its encoding, its count of lines, its heading row and the
row under it), then read by pandas' C parser in chunks, so a file of millions of lines is refused
before it is parsed and a file of many rows is refused at the chunk that passes the row limit.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from metrics.imports.files import (
    MAX_COLUMNS,
    MAX_ROWS,
    Deadline,
    FileRejected,
    Sheet,
    too_many_columns,
    too_many_rows,
)

if TYPE_CHECKING:
    import pandas as pd

CHUNK_ROWS = 50_000
# The heading, the rows of values and as many blank lines again: past that, the line count alone
# refuses the file, without parsing it.
MAX_LINES = 2 * MAX_ROWS + 1
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
SEPARATORS = ((";", "semicolons"), ("\t", "tabs"))


def read_csv(name: str, data: bytes, deadline: Deadline) -> Sheet:
    text = _decode(name, data)
    lines = _count_lines(name, text)
    headings = _headings(name, text)
    # With no more lines than the row limit allows, no count is needed while reading.
    frame = _rows(name, text, len(headings), deadline, count=lines > MAX_ROWS + 1)
    return Sheet(headings=headings, frame=frame, kind="csv")


def _decode(name, data) -> str:
    if data.startswith(UTF16_MARKS):
        raise FileRejected(
            f"“{name}” is saved as UTF-16 text (Excel calls it “Unicode Text”). In Excel choose "
            "Save As › “CSV UTF-8 (Comma delimited)”, then upload it again."
        )
    try:
        # utf-8-sig drops the byte-order mark Excel puts at the start of "CSV UTF-8" files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"“{name}” is not UTF-8 text (the problem starts at byte {error.start:,}; older "
            "versions of Excel save CSV files as Windows-1252). In Excel choose Save As › "
            "“CSV UTF-8 (Comma delimited)”."
        ) from error
    if not text.strip():
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.")
    if "\x00" in text:
        line = _line_of(text, text.index("\x00"))
        raise FileRejected(
            f"“{name}” is not a text file: it contains NUL characters (the first on line "
            f"{line:,}). Open it in Excel and save it as “CSV UTF-8 (Comma delimited)”."
        )
    return text


def _line_of(text, position) -> int:
    return max(text.count("\n", 0, position), text.count("\r", 0, position)) + 1


def _count_lines(name, text) -> int:
    """At least as many as the file's rows (quoted line breaks make more lines than rows)."""
    # Both counts are cheap scans in C; CR-only files (old Mac Excel) have no "\n" at all.
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_LINES:
        raise FileRejected(
            f"“{name}” has {lines:,} lines; the most accepted in one file is {MAX_ROWS:,} rows "
            "of values. Split it into smaller files, and delete any empty lines at the end."
        )
    return lines


def _headings(name, text) -> list[str]:
    """The heading row, and a check of the row under it, before pandas reads anything: pandas
    would take a second row longer than the headings as an index and shift every cell."""
    first_line = re.match(r"[^\r\n]*", text.lstrip()).group()
    if "," not in first_line:
        for separator, label in SEPARATORS:
            if separator in first_line:
                raise FileRejected(
                    f"“{name}” separates its columns with {label}, not commas. In Excel choose "
                    "Save As › “CSV UTF-8 (Comma delimited)”, or upload the .xlsx workbook."
                )
    reader = csv.reader(io.StringIO(text, newline=""))
    row = 1
    try:
        headings = next(reader, [])
        if len(headings) > MAX_COLUMNS:
            raise too_many_columns(name, len(headings))
        row = 2
        second = next(reader, [])
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileRejected(
                f"Row {row} of “{name}” has a cell of more than {csv.field_size_limit():,} "
                "characters (or a double quote that is never closed). Shorten the cell, or "
                "check the quotes."
            ) from error
        raise FileRejected(
            f"Row {row} of “{name}” could not be read as CSV ({error}). Check that every "
            "double quote is closed."
        ) from error
    if not any(heading.strip() for heading in headings):
        raise FileRejected(f"“{name}”: the first row has no headings.")
    if len(second) > len(headings):
        raise _ragged(name, 2, len(second), len(headings))
    return headings


def _ragged(name, row, cells, headings) -> FileRejected:
    # A title above the headings looks like this too: one cell, then a row of them.
    title = " The first row must be the headings: delete any title above them." if row == 2 else ""
    return FileRejected(
        f"Row {row} of “{name}” has {cells} cells but the heading row has {headings}.{title} "
        "Check for a stray comma, or put text containing commas in double quotes."
    )


def _rows(name, text, width, deadline, *, count) -> pd.DataFrame:
    """The rows as text, with their row number in ``_row`` (the headings are row 1; blank lines
    count, as a spreadsheet counts them). With ``count``, blank rows are dropped chunk by chunk
    and the file is refused at the chunk that passes the row limit."""
    import pandas as pd

    parts, found = [], 0
    try:
        chunks = pd.read_csv(
            io.StringIO(text),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skipinitialspace=False,
            index_col=False,
            chunksize=CHUNK_ROWS,
        )
        with chunks:
            for chunk in chunks:
                deadline.check()
                chunk = chunk.fillna("")
                chunk.columns = range(chunk.shape[1])
                if count:
                    chunk = chunk[(chunk != "").any(axis=1)]
                    found += len(chunk)
                    if found > MAX_ROWS:
                        raise too_many_rows(name)
                if len(chunk):
                    parts.append(chunk.assign(_row=chunk.index + 2))
    except pd.errors.EmptyDataError as error:
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.") from error
    except pd.errors.ParserError as error:
        match = RAGGED.search(str(error))
        if match:
            raise _ragged(name, int(match[2]), int(match[3]), int(match[1])) from error
        raise FileRejected(f"“{name}” could not be read as CSV: {error}") from error
    if not parts:
        return pd.DataFrame(columns=[*range(width), "_row"], dtype=object)
    return pd.concat(parts, ignore_index=True)
