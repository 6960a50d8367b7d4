"""Reading the first sheet of an .xlsx (or macro-enabled .xlsm) upload into a Sheet of text cells.

The sheet's XML is streamed (``xlsx_package``): a row is kept only if it has a value, a cell only
if it is within the accepted columns, and the file is refused the moment it passes a limit — the
sheet's declared size, a value beyond the last accepted column, the row limit, the time limit.
Rows and cells must come in order, as every spreadsheet program writes them, so no row is read
twice and none is silently skipped. Macros are never run: only the sheet's XML is read.
"""

import datetime

import pandas as pd
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel
from openpyxl.utils.escape import unescape

from metrics.imports.files import (
    MAX_COLUMNS,
    MAX_ROWS,
    CellError,
    Deadline,
    FileRejected,
    Sheet,
    column_label,
    too_many_columns,
    too_many_rows,
)
from metrics.imports.xlsx_package import (
    MAIN,
    MAX_DEPTH,
    MAX_SMALL_PART,
    MAX_STRINGS_PART,
    MAX_UNPACKED,
    DateStyles,
    Package,
    SharedStrings,
    Workbook,
    damaged,
    too_deep,
)

EXCEL_ROWS = 1_048_576
SHEET_TAGS = ("row", "c", "v", "f", "is", "t", "rPh", "dimension")
DIGITS = "0123456789"
FORMULA_MESSAGE = "Formula cells are not accepted: copy the cells and paste values only"
NUL_MESSAGE = "Contains a NUL character, which cannot be stored: type the cell again"


def read_xlsx(name: str, data: bytes, deadline: Deadline) -> Sheet:
    package = Package.open(name, data, deadline)
    workbook, sheet_path, strings_path, styles_path = _locate(package)
    strings = SharedStrings(name)
    if strings_path:
        package.parse(strings_path, strings, MAX_STRINGS_PART)
    styles = DateStyles()
    if styles_path:
        package.parse(styles_path, styles, MAX_SMALL_PART)
    dates, durations = styles.styles()
    rows = SheetRows(
        name,
        strings=strings.strings,
        dates=dates,
        durations=durations,
        epoch=MAC_EPOCH if workbook.date1904 else WINDOWS_EPOCH,
        path=sheet_path,
    )
    # The sheet is the one large part: read without expat's namespace processing, which costs
    # a tenth of the time; SheetRows finds the SpreadsheetML prefix on the root element instead.
    package.parse(sheet_path, rows, MAX_UNPACKED, namespaces=False)
    if rows.headings is None:
        raise FileRejected(f"“{name}” is empty: its first sheet has no cells.")
    return Sheet(
        headings=rows.headings,
        frame=rows.frame(),
        errors=rows.errors,
        bad_cells=rows.bad_cells,
        kind="xlsx",
        sheet_name=workbook.first_name,
        sheet_count=workbook.sheets,
    )


def _locate(package: Package):
    """The workbook part, and the paths of its first sheet, shared strings and styles."""
    name = package.name
    main = next(
        (p for _, kind, p in package.relationships("") if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    workbook = Workbook()
    package.parse(main, workbook, MAX_SMALL_PART)
    if not workbook.sheets:
        raise damaged(name, " (it lists no sheets)")
    related = package.relationships(main)
    first = next((r for r in related if r[0] == workbook.first_id), None)
    if first is None:
        raise damaged(name, " (its first sheet is missing)")
    if not first[1].endswith("/worksheet"):
        raise FileRejected(
            f"“{name}”: its first sheet, “{workbook.first_name}”, is a chart or dialog sheet, "
            "not a sheet of cells. The portal reads the first sheet: move the sheet of values "
            "to the front and upload it again."
        )
    strings = next((p for _, kind, p in related if kind.endswith("/sharedStrings")), "")
    styles = next((p for _, kind, p in related if kind.endswith("/styles")), "")
    return workbook, first[2], strings, styles


def _number(text):
    """A cell's number as openpyxl reads it (int unless it has a point or an exponent)."""
    try:
        return float(text) if ("." in text or "e" in text or "E" in text) else int(text)
    except ValueError:
        return None


def cell_text(value) -> str:
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
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # a date typed in a cell, shown as the date it is
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


class SheetRows:
    """Expat handler for a worksheet: the headings (row 1) and each later row with a value."""

    tracks_depth = True  # counted here, not by a wrapper: this is the one large part

    def __init__(self, name, *, strings, dates, durations, epoch, path=""):
        self.name = name
        self.path = path
        self.depth = 0
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch
        self.headings = None
        self.records = []  # {column position: text} of each row with a value
        self.numbers = []  # and its row number
        self.errors = []
        self.bad_cells = set()
        self.row = 0
        self.column = 0
        self.cells = {}
        self.kind = self.style = self.value = self.formula = self.inline = None
        self.buffer = None
        self.phonetic = 0
        self.tags = None  # the names of the elements read, as written: "row", or "x:row"
        self.letters = {}  # column letters -> number, as met

    def _root(self, attrs):
        """The prefix the sheet gives SpreadsheetML elements (none, usually)."""
        for key, value in attrs.items():
            if value in MAIN and (key == "xmlns" or key.startswith("xmlns:")):
                prefix = key[6:]
                self.tags = {f"{prefix}:{t}" if prefix else t: t for t in SHEET_TAGS}
                return
        raise damaged(self.name, " (its first sheet is not a SpreadsheetML worksheet)")

    # Expat calls these three for every element and text of the sheet: keep them lean.
    def start(self, name, attrs):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise too_deep(self.name, self.path)
        if self.tags is None:
            self._root(attrs)
            return
        tag = self.tags.get(name)
        if tag is None:
            return
        if tag == "c":
            ref = attrs.get("r")
            column = (
                (self.letters.get(ref.rstrip(DIGITS)) or self._column(ref))
                if ref
                else (self.column + 1)
            )
            if column <= self.column:
                raise damaged(self.name, f" (its cells are out of order in row {self.row:,})")
            self.column = column
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.value = self.formula = self.inline = None
        elif tag == "v" or tag == "f":
            self.buffer = []
        elif tag == "row":
            self._start_row(attrs.get("r"))
        elif tag == "is":
            self.inline = []
        elif tag == "t":
            if self.inline is not None and not self.phonetic:
                self.buffer = []
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "dimension":
            self._dimension(attrs.get("ref", ""))

    def text(self, data):
        if self.buffer is not None:
            self.buffer.append(data)

    def end(self, name):
        self.depth -= 1
        tag = self.tags.get(name)
        if tag is None:
            return
        if tag == "c":
            self._end_cell()
        elif tag == "v":
            self.value = "".join(self.buffer or ())
            self.buffer = None
        elif tag == "row":
            self._end_row()
        elif tag == "f":
            self.formula = "".join(self.buffer or ())
            self.buffer = None
        elif tag == "t":
            if self.buffer is not None and self.inline is not None:
                self.inline.append("".join(self.buffer))
            self.buffer = None
        elif tag == "rPh":
            self.phonetic -= 1

    def _column(self, ref) -> int:
        letters = ref.rstrip(DIGITS)
        try:
            column = column_index_from_string(letters)
        except ValueError as error:
            raise damaged(self.name, f" (it names a cell “{ref[:20]}”)") from error
        self.letters[letters] = column
        return column

    def _dimension(self, ref):
        """The sheet's declared extent (``A1:XFD1048576``): too wide is refused before any row."""
        last = ref.rpartition(":")[2].rstrip(DIGITS)
        try:
            columns = column_index_from_string(last)
        except ValueError:
            return  # a missing or odd extent is only a hint: the rows are checked anyway
        if columns > MAX_COLUMNS:
            raise too_many_columns(
                self.name, columns, f" (its first sheet is used as far as column {last})"
            )

    def _start_row(self, ref):
        try:
            number = int(ref) if ref else self.row + 1
        except ValueError as error:
            raise damaged(self.name, f" (it has a row numbered “{ref[:20]}”)") from error
        if number <= self.row or number > EXCEL_ROWS:
            raise damaged(self.name, f" (its rows are out of order after row {self.row:,})")
        if self.headings is None and number > 1:
            raise FileRejected(f"“{self.name}”: the first row of the first sheet has no headings.")
        self.row = number
        self.column = 0
        self.cells = {}

    def _end_cell(self):
        if self.formula is not None:
            self._refuse_formula()
            return
        text = self._text()
        if not text:
            return
        position = self.column - 1
        if position >= MAX_COLUMNS:
            raise too_many_columns(
                self.name,
                self.column,
                f" (cell {get_column_letter(self.column)}{self.row} has a value)",
            )
        if "\x00" in text:
            self._refuse(position, NUL_MESSAGE, text.replace("\x00", "␀"))
            return
        self.cells[position] = text

    def _text(self) -> str:
        kind, value = self.kind, self.value
        if kind == "s":
            if not value:
                return ""
            index = _number(value)
            if not isinstance(index, int) or not 0 <= index < len(self.strings):
                raise damaged(
                    self.name,
                    f" (cell {get_column_letter(self.column)}{self.row} "
                    "names a text that is not there)",
                )
            return self.strings[index].strip()
        if kind == "inlineStr":
            text = "".join(self.inline or ())
            return (unescape(text) if "_x" in text else text).strip()
        if value is None:
            return ""
        if kind == "b":
            return "TRUE" if value.strip() in ("1", "true") else "FALSE"
        if kind == "d":  # an ISO date, as Strict Open XML writes dates
            return value.strip().removesuffix("Z").removesuffix("T00:00:00")
        if kind != "n":  # "str" (a formula's text) or "e" (#N/A and friends)
            return value.strip()
        number = _number(value)
        if number is None:
            return value.strip()  # kept as written: the figure checks name it
        if self.style in self.dates:
            try:
                return cell_text(
                    from_excel(number, self.epoch, timedelta=self.style in self.durations)
                )
            except (OverflowError, ValueError):
                pass
        return cell_text(number)

    def _refuse_formula(self):
        # Formulas are refused, never evaluated: the cached result may be stale or a lure.
        shown = f"={self.formula}" if self.formula else "=…"
        if self.column > MAX_COLUMNS:
            raise too_many_columns(
                self.name,
                self.column,
                f" (cell {get_column_letter(self.column)}{self.row} has a formula)",
            )
        if self.row == 1:
            self.cells[self.column - 1] = shown  # a heading written as a formula: not ours
            return
        self._refuse(self.column - 1, FORMULA_MESSAGE, shown[:60])

    def _refuse(self, position, message, shown):
        headings = self.headings or []
        heading = headings[position] if position < len(headings) else ""
        self.errors.append(CellError(self.row, column_label(heading, position), message, shown))
        self.bad_cells.add((self.row, position))

    def _end_row(self):
        cells = self.cells
        if self.row == 1:
            if not cells:
                raise FileRejected(
                    f"“{self.name}”: the first row of the first sheet has no headings."
                )
            width = max(cells) + 1
            self.headings = [cells.get(i, "") for i in range(width)]
        elif cells:
            if len(self.records) >= MAX_ROWS:
                raise too_many_rows(self.name)
            self.records.append(cells)
            self.numbers.append(self.row)
        self.cells = {}

    def frame(self) -> pd.DataFrame:
        width = max([len(self.headings), *(max(cells) + 1 for cells in self.records)])
        frame = pd.DataFrame(
            [[cells.get(i, "") for i in range(width)] for cells in self.records],
            columns=range(width),
            dtype=object,
        )
        frame["_row"] = self.numbers
        return frame
