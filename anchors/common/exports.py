"""Tables leaving the portal as CSV or Excel: what people see, safe to open in a spreadsheet.

Every cell goes through ``safe_cell``: text a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return) gets an apostrophe first (OWASP CSV injection); numbers stay
numbers.
"""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A cell spreadsheets will not run as a formula (OWASP CSV injection)."""
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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(columns, rows, *, sheet="Data") -> bytes:
    """An Excel workbook of one sheet: a bold heading row, then the rows."""
    workbook = Workbook(write_only=False)
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([safe_cell(c) for c in columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append([safe_cell(c) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(content, *, filename, extension, content_type) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = slugify(filename) or "data"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def table_response(*, filename: str, columns, rows, format: str = "csv") -> HttpResponse:
    """A download of the table as CSV (default) or Excel (``format="xlsx"``)."""
    if format == "xlsx":
        return _attachment(
            xlsx_bytes(columns, rows), filename=filename, extension="xlsx", content_type=XLSX_TYPE
        )
    return _attachment(
        csv_bytes(columns, rows),
        filename=filename,
        extension="csv",
        content_type="text/csv; charset=utf-8",
    )
