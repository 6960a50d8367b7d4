"""What the file readers share: the limits, the refusal, a cell's error, the time limit, and the
sheet of text cells each reader hands back.

The limits are what make a hostile file cheap to refuse: a reader checks them before or while it
reads, never after building everything the file claims to hold.
"""

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from anchors.common.errors import PortalError

if TYPE_CHECKING:  # pandas and openpyxl are imported where they are used: a process that reads
    import pandas as pd  # no file (most page requests) never loads them

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000  # rows of values; blank rows are not counted
MAX_COLUMNS = 50  # the template has 10; a few more of people's own are fine
MAX_SECONDS = 20  # reading one file, checked inside every reading loop (no signals: web threads)


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


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def column_label(heading: str, position: int) -> str:
    """How a column is named in messages: its heading and its spreadsheet letter."""
    from openpyxl.utils import get_column_letter

    return f"{heading or '(no heading)'} (column {get_column_letter(position + 1)})"


def too_many_rows(name: str) -> FileRejected:
    return FileRejected(
        f"“{name}” has more than {MAX_ROWS:,} rows of values; the most accepted in one file is "
        f"{MAX_ROWS:,}. Split it into smaller files."
    )


def too_many_columns(name: str, columns: int, where: str = "") -> FileRejected:
    return FileRejected(
        f"“{name}” has {columns:,} columns{where}; the most accepted is {MAX_COLUMNS}. Delete the "
        "columns after your last heading (or copy the values you need into a new sheet), then "
        "upload it again."
    )


class Deadline:
    """A reader checks it between chunks of the file; past the time limit the file is refused.

    The limit is read when the deadline is made, so tests can lower ``MAX_SECONDS``.
    """

    def __init__(self, name: str, seconds: float | None = None):
        self.name = name
        self.seconds = MAX_SECONDS if seconds is None else seconds
        self.ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise FileRejected(
                f"“{self.name}” took more than {self.seconds:g} seconds to read, so reading it "
                "was stopped. Save it again as CSV UTF-8 or as an Excel workbook with only the "
                "rows and columns of values, then upload it again."
            )


@dataclass
class Sheet:
    """The cells a reader found, as text, before the headings are matched to the import's columns.

    ``frame`` has one column per spreadsheet column (0 for A, 1 for B, …; never fewer than there
    are headings) and ``_row``, the spreadsheet row number; rows with no value at all are already
    left out. ``bad_cells`` are (row, column position) the reader refused (formulas).
    """

    headings: list[str]
    frame: "pd.DataFrame"
    errors: list[CellError] = field(default_factory=list)
    bad_cells: set = field(default_factory=set)
    kind: str = "csv"
    sheet_name: str = ""
    sheet_count: int = 1
