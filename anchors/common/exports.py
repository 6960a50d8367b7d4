"""Tables leaving the portal as CSV or Excel: what people see, safe to open in a spreadsheet.

Every cell goes through ``safe_cell``: text a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return) gets an apostrophe first (OWASP CSV injection); numbers stay
numbers.
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from anchors.common import registry

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = "".join(FORMULA_START)
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A cell spreadsheets will not run as a formula (OWASP CSV injection)."""
    if type(value) is str and (not value or value[0] not in FORMULA_FIRST):
        return value  # the common case, first: most cells are plain text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(columns, rows) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel opens £ and accents correctly."""
    export = TableExport(title="Data", columns=list(columns), rows=rows, header=False)
    return "".join(csv_lines(export)).encode("utf-8")


def xlsx_bytes(columns, rows, *, sheet="Data") -> bytes:
    """An Excel workbook of one sheet: a bold heading row, then the rows."""
    export = TableExport(title=sheet, columns=list(columns), rows=rows, header=False)
    buffer = io.BytesIO()
    write_xlsx(export, buffer)
    return buffer.getvalue()


def _attachment(content, *, filename, extension, content_type) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = slugify(filename) or "data"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def table_response(
    *, filename: str, columns, rows, format: str = "csv", collaborative="", title="", filters=()
) -> HttpResponse:
    """A small table's download, whole: CSV (default) or Excel (``format="xlsx"``), written as
    every export is; with ``collaborative`` (its name) the header block too (title, filters,
    time). Used for a chart's figures and a report's or the dashboard's tables; list pages use
    ``anchors.common.views.export_response``."""
    export = TableExport(
        title=title or filename,
        columns=list(columns),
        rows=rows,
        collaborative=collaborative,
        filters=list(filters),
        filename=filename,
        header=bool(collaborative),
    )
    if format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(export, buffer)
        return _attachment(
            buffer.getvalue(), filename=filename, extension="xlsx", content_type=XLSX_TYPE
        )
    return _attachment(
        "".join(csv_lines(export)).encode("utf-8"),
        filename=filename,
        extension="csv",
        content_type="text/csv; charset=utf-8",
    )


# -- Every table's export: one description, one view helper ---------------------------------
#
# A list page describes its table once, as a ``TableExport`` built by a function registered under
# an export name (an app's ``AppConfig.exports``: {"anchors.actions": "anchors.exports.actions"}).
# The page's own URL with ``?format=csv`` or ``?format=xlsx`` (and the page's filters) is the
# download: ``anchors.common.views.export_response(request, "anchors.actions", collaborative=…)``
# answers it, or returns None when no format is asked for. Up to ``EXPORT_STREAM_MAX_ROWS`` rows
# stream; more are built by a background task (``anchors.common.exportjobs``), which calls the
# same registered function.

FORMATS = ("csv", "xlsx")
STREAM_MAX_ROWS = 10_000
CHUNK_SIZE = 2_000


@dataclass
class TableExport:
    """A table as a page shows it: ``columns`` in the page's order, ``rows`` an iterable of lists
    (a generator over ``queryset.iterator(chunk_size=…)`` for long tables), ``count`` the number of
    rows (None: counted from ``rows`` when it is a list), ``filters`` the filters applied, as people
    read them ("State: open"), ``collaborative`` the collaborative's name.

    ``header=False`` leaves the header block out: for files meant to be read back by an import
    (the metrics' tidy CSV), whose first row must be the column headings."""

    title: str
    columns: list
    rows: Iterable
    collaborative: str = ""
    filters: list = field(default_factory=list)
    count: int | None = None
    filename: str = ""
    header: bool = True

    def __post_init__(self):
        if self.count is None and isinstance(self.rows, list | tuple):
            self.count = len(self.rows)
        self.filename = slugify(self.filename or self.title) or "data"

    def header_rows(self, *, at=None) -> list[list]:
        """The rows above the table: who, what, which filters and when; then one blank row."""
        if not self.header:
            return []
        at = timezone.localtime(at or timezone.now())
        return [
            ["Collaborative", self.collaborative],
            ["Table", self.title],
            ["Filters", "; ".join(self.filters) if self.filters else "None (every row)"],
            ["Exported at", at.strftime("%Y-%m-%d %H:%M %Z")],
            [],
        ]


def filter_text(form, *, skip=()) -> list[str]:
    """The filters a bound filter form applied, as "Label: value" (choices by their label)."""
    if form is None or not form.is_bound or not form.is_valid():
        return []
    texts = []
    for name, bound in ((n, form[n]) for n in form.fields if n not in skip):
        value = form.cleaned_data.get(name)
        if value in (None, "", [], (), False):
            continue
        field_ = bound.field
        if hasattr(field_, "choices") and not hasattr(value, "pk"):
            labels = dict((str(k), v) for k, v in field_.choices if not isinstance(v, list | tuple))
            values = value if isinstance(value, list | tuple) else [value]
            shown = ", ".join(str(labels.get(str(v), v)) for v in values)
        elif value is True:
            shown = "Yes"
        else:
            shown = str(value)
        texts.append(f"{bound.label}: {shown}")
    return texts


class _Echo:
    """A file whose ``write`` returns what it was given: csv.writer's line, ready to stream."""

    def write(self, value):
        return value


def csv_lines(export: TableExport, *, at=None) -> Iterator[str]:
    """The CSV as lines of text (the first carries the byte-order mark Excel needs for £)."""
    writer = csv.writer(_Echo())
    first = True
    for row in [*export.header_rows(at=at), export.columns]:
        line = writer.writerow([safe_cell(c) for c in row])
        yield ("\ufeff" + line) if first else line
        first = False
    for row in export.rows:
        yield writer.writerow([safe_cell(c) for c in row])


def csv_chunks(export: TableExport, *, at=None, size=CHUNK_SIZE) -> Iterator[bytes]:
    """The CSV in UTF-8 chunks of ``size`` lines (fewer, bigger writes than a line each)."""
    buffer = []
    for line in csv_lines(export, at=at):
        buffer.append(line)
        if len(buffer) >= size:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write_xlsx(export: TableExport, target, *, at=None) -> None:
    """The workbook, written row by row to ``target`` (a path or a binary file): the header block,
    the bold column row frozen under it, then the rows. XlsxWriter in constant-memory mode: each
    row goes to disk as it is written, so 100,000 rows take seconds and no more memory than ten
    (ADR 17). Text is never read as a formula, a number or a link: cells arrive neutralised by
    ``safe_cell`` and are written as what they are."""
    import xlsxwriter  # here: 12 MB that only an Excel download needs

    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    title = (export.title or "Data")[:31]
    for character in "[]:*?/\\":
        title = title.replace(character, "-")
    worksheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True})
    header = export.header_rows(at=at)
    worksheet.freeze_panes(len(header) + 1, 0)
    for number, row in enumerate(header):
        worksheet.write_row(number, 0, [safe_cell(c) for c in row])
    worksheet.write_row(len(header), 0, [safe_cell(c) for c in export.columns], bold)
    # Each cell by its kind (what ``write_row`` works out again for every cell, a third of the
    # time of 100,000 rows): text, or a number; an empty cell is left out, as ``write_row`` does.
    write_string, write_number = worksheet.write_string, worksheet.write_number
    for number, row in enumerate(export.rows, start=len(header) + 1):
        for column, value in enumerate(row):
            cell = safe_cell(value)
            if type(cell) is str:
                if cell:
                    write_string(number, column, cell)
            else:  # safe_cell leaves only numbers as they are
                write_number(number, column, cell)
    workbook.close()


def export_file(export: TableExport, format: str, target, *, at=None) -> None:
    """Write the whole export to ``target`` (a binary file): what the background task stores."""
    if format == "xlsx":
        write_xlsx(export, target, at=at)
        return
    for chunk in csv_chunks(export, at=at):
        target.write(chunk)


def download_name(export: TableExport, format: str, *, at=None) -> str:
    at = timezone.localtime(at or timezone.now())
    return f"{export.filename}-{at:%Y%m%d-%H%M}.{format}"


def stream_response(export: TableExport, format: str) -> HttpResponse | StreamingHttpResponse:
    """The download now: CSV streamed as it is read; Excel written to a spooled file first (a
    workbook is a zip: it cannot be sent before it is finished)."""
    at = timezone.now()
    name = download_name(export, format, at=at)
    if format == "xlsx":
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        write_xlsx(export, spool, at=at)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=name, content_type=XLSX_TYPE)
    response = StreamingHttpResponse(
        csv_chunks(export, at=at), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def build_export(name, *, user, collaborative, query) -> TableExport:
    """The table registered as ``name`` for this person, with these query parameters."""
    return registry.export_builder(name)(user=user, collaborative=collaborative, query=query)


def queryset_rows(queryset, row) -> Iterator[list]:
    """``row(item)`` for every item, read ``CHUNK_SIZE`` at a time (prefetches run per chunk)."""
    for item in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield row(item)


def date_text(value) -> str:
    """Dates as ISO text (2026-04-01), which every spreadsheet sorts; blanks stay blank."""
    return value.isoformat() if value else ""
