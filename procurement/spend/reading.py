"""Reading a published spend file as it is: title and parameter lines above the headings,
UTF-8 with or without a byte-order mark or Windows-1252, CSV or an Excel workbook.

The cells are read by the metrics import's streaming readers (ADR 11), with their limits: this
module only decodes the text, finds the heading row and hands the readers the file from there,
so row numbers stay the file's own (a title on row 1 and headings on row 4 make the first row of
spend row 5). Rows with more cells than headings are named by row number and left out, rather
than refusing the file, because a stray comma in a published amount is common.
"""

import csv
import io
import json
import zlib
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from metrics.imports.csv_reader import MAX_LINES, UTF16_MARKS, read_csv
from metrics.imports.files import (
    MAX_BYTES,
    MAX_ROWS,
    CellError,
    Deadline,
    FileRejected,
    human_size,
)
from procurement.spend.columns import heading_score

if TYPE_CHECKING:  # pandas and the xlsx reader (openpyxl) are imported where a file is read
    import pandas as pd

SEARCH_ROWS = 30  # the heading row is within the first rows of every file seen
WORKBOOKS = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
ACCEPTED = "a CSV file or an Excel workbook (.xlsx)"


@dataclass
class SpendSheet:
    """The file's headings and rows of text cells; ``frame`` has columns 0, 1, … and ``_row``
    (the row number in the file as published)."""

    headings: list[str]
    frame: "pd.DataFrame"
    header_row: int = 1
    preamble: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    encoding: str = "utf-8"
    kind: str = "csv"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name shown to the lead): UTF-8 with or without a BOM, else Windows-1252
    (which older Excel writes), else Latin-1 for the few bytes Windows-1252 leaves undefined."""
    for encoding, label in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def _records(text: str):
    """(record, first character, end character) of each CSV record, so the file can be cut at
    the heading row and a bad record blanked without reading it twice."""
    position = 0

    def lines():
        nonlocal position
        for line in io.StringIO(text, newline=""):
            position += len(line)
            yield line

    start = 0
    for record in csv.reader(lines()):  # the reader reads no further than the record's end
        yield record, start, position
        start = position


def _heading_index(rows: list[list[str]]) -> int | None:
    """The heading row: the first that names a supplier, an amount and a date; else the best
    that names two of them; else (headings of the body's own) the first row as wide as the
    widest of the first rows, for the lead to map."""
    best, index = 0, None
    for i, cells in enumerate(rows[:SEARCH_ROWS]):
        score = heading_score([str(c) for c in cells])
        if score > best:
            best, index = score, i
        if score >= 5:  # supplier, amount and date named: no later row does better
            break
    if best >= 4:
        return index
    filled = [sum(1 for c in cells if str(c).strip()) for cells in rows[:SEARCH_ROWS]]
    widest = max(filled, default=0)
    if widest < 3:
        return None
    return filled.index(widest)


def _no_headings(name) -> FileRejected:
    return FileRejected(
        f"“{name}”: no row in its first {SEARCH_ROWS} looks like the headings of a spend file "
        "(at least three columns, such as a supplier, an amount and a date). Check it is the "
        "spend file, with its heading row kept, then upload it again."
    )


def _preamble(lines) -> list[str]:
    """The title and parameter lines above the headings, as written (empty ones left out)."""
    kept = (str(line).strip().rstrip(",").strip() for line in lines)
    return [line for line in kept if line.strip(", ")]


def _read_text(name: str, data: bytes) -> SpendSheet:
    if data.startswith(UTF16_MARKS):
        return _from_metrics_csv(name, data, 0, [], [], "UTF-16")  # refused there, in its words
    text, encoding = decode(data)
    if max(text.count("\n"), text.count("\r")) > MAX_LINES:
        return _from_metrics_csv(name, text.encode(), 0, [], [], encoding)  # refused there
    records = _records(text)
    errors, blank = [], []
    try:
        head = []
        for item in records:
            head.append(item)
            if len(head) >= SEARCH_ROWS:
                break
        index = _heading_index([record for record, _, _ in head])
        if index is None:
            raise _no_headings(name)
        width = len(head[index][0])
        rest = enumerate(head[index + 1 :], start=index + 2)
        for number, (record, start, end) in chain(rest, enumerate(records, len(head) + 1)):
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                errors.append(_wide_error(number, record, width))
                blank.append((start, end))
    except csv.Error as error:
        raise FileRejected(
            f"“{name}” could not be read as CSV ({error}). Check that every double quote is closed."
        ) from error
    if blank:
        text = _blank_out(text, blank)
    body = text[head[index][1] :].encode("utf-8")
    preamble = [text[start:end] for _, start, end in head[:index]]
    return _from_metrics_csv(name, body, index, preamble, errors, encoding)


def _wide_error(row, cells, width) -> CellError:
    return CellError(
        row,
        "(whole row)",
        f"This row has {len(cells)} cells but there are {width} headings, so its cells cannot "
        "be matched to the headings (often an amount with a comma in it, not in quotes)",
        ",".join(cells)[:80],
    )


def _blank_out(text: str, spans) -> str:
    """The text with each bad record replaced by as many line breaks as it had, so row numbers
    stay the same."""
    parts, last = [], 0
    for start, end in sorted(spans):
        parts.append(text[last:start])
        record = text[start:end]
        parts.append("\n" * max(1, record.count("\n")) if record.endswith("\n") else "")
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _from_metrics_csv(name, body, offset, preamble_rows, errors, encoding) -> SpendSheet:
    sheet = read_csv(name, body, Deadline(name))
    frame = sheet.frame
    frame["_row"] = frame["_row"] + offset
    return SpendSheet(
        headings=[str(h) for h in sheet.headings],
        frame=frame,
        header_row=offset + 1,
        preamble=_preamble(preamble_rows),
        errors=errors + sheet.errors,
        encoding=encoding,
        kind="csv",
    )


def _read_workbook(name: str, data: bytes) -> SpendSheet:
    from metrics.imports.xlsx_reader import read_xlsx

    sheet = read_xlsx(name, data, Deadline(name))
    frame = sheet.frame
    width = frame.shape[1] - 1
    columns = list(range(width))
    first = [str(h) for h in sheet.headings] + [""] * (width - len(sheet.headings))
    top = [first] + frame[columns].head(SEARCH_ROWS - 1).astype(str).values.tolist()
    top_rows = [1, *frame["_row"].head(SEARCH_ROWS - 1).tolist()]
    index = _heading_index(top)
    if index is None:
        raise _no_headings(name)
    header_row = int(top_rows[index])
    headings = list(top[index])
    while headings and not headings[-1].strip():
        headings.pop()
    body = frame[frame["_row"] > header_row].reset_index(drop=True)
    return SpendSheet(
        headings=headings,
        frame=body,
        header_row=header_row,
        preamble=_preamble(",".join(cells) for cells in top[:index]),
        errors=[e for e in sheet.errors if e.row is None or e.row > header_row],
        encoding="",
        kind="xlsx",
    )


def read_spend(*, name: str, data: bytes) -> SpendSheet:
    """Check the file as a whole and read it; FileRejected with a plain reason if it cannot be."""
    name = Path(name or "upload").name
    extension = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise FileRejected(
            f"“{name}” is {human_size(len(data))}; the largest file accepted is "
            f"{human_size(MAX_BYTES)}. Split it into smaller files."
        )
    if not data.strip():
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.")
    if extension in WORKBOOKS:
        if not data.startswith(ZIP_MAGIC):
            raise FileRejected(f"“{name}” is not a valid Excel workbook: upload {ACCEPTED}.")
        sheet = _read_workbook(name, data)
    elif extension in (".csv", ".txt"):
        if data.startswith(ZIP_MAGIC):
            raise FileRejected(
                f"“{name}” is named {extension} but is an Excel workbook. Rename it to .xlsx."
            )
        sheet = _read_text(name, data)
    else:
        raise FileRejected(f"“{name}” is not a CSV or Excel file: upload {ACCEPTED}.")
    if not len(sheet.frame) and not sheet.errors:
        raise FileRejected(f"“{name}” has headings but no rows of spend underneath them.")
    if len(sheet.frame) > MAX_ROWS:
        raise FileRejected(
            f"“{name}” has more than {MAX_ROWS:,} rows; split it into smaller files."
        )
    return sheet


def sheet_to_bytes(sheet: SpendSheet) -> bytes:
    """The sheet as compressed JSON (never pickle), kept with the upload so every preview and the
    confirm check exactly these cells without reading the file again."""
    frame = sheet.frame
    payload = {
        "headings": sheet.headings,
        "columns": [str(c) for c in frame.columns],
        "rows": frame.to_numpy(dtype=object).tolist(),
        "header_row": sheet.header_row,
        "preamble": sheet.preamble,
        "errors": [[e.row, e.column, e.message, e.value] for e in sheet.errors],
        "encoding": sheet.encoding,
        "kind": sheet.kind,
    }
    return zlib.compress(json.dumps(payload, default=int).encode(), 3)


def sheet_from_bytes(data: bytes) -> SpendSheet:
    import pandas as pd

    payload = json.loads(zlib.decompress(bytes(data)))
    columns = [int(c) if c.isdigit() else c for c in payload["columns"]]
    frame = pd.DataFrame(payload["rows"], columns=columns, dtype=object)
    if len(frame):
        frame["_row"] = frame["_row"].astype(int)
    return SpendSheet(
        headings=payload["headings"],
        frame=frame,
        header_row=payload["header_row"],
        preamble=payload["preamble"],
        errors=[CellError(*e) for e in payload["errors"]],
        encoding=payload["encoding"],
        kind=payload["kind"],
    )
