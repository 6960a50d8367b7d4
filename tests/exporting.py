"""Reading the portal's table exports back in tests: the header block, the column row, the rows."""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from openpyxl import load_workbook

HEADER_KEYS = ["Collaborative", "Table", "Filters", "Exported at"]


@dataclass
class Download:
    header: dict  # "Collaborative" -> the collaborative's name, …
    columns: list
    rows: list  # each a list of text cells

    def column(self, name) -> list:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _text(value) -> str:
    """Cells as text, numbers the same whichever file they came from (1250.00 and 1250)."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float | Decimal) or NUMBER.match(text):
        number = float(text)
        return str(int(number)) if number.is_integer() else repr(number)
    return text


def _split(rows) -> Download:
    header, index = {}, 0
    while index < len(rows) and any(c not in ("", None) for c in rows[index]):
        if rows[index][0] not in HEADER_KEYS:
            break
        header[rows[index][0]] = _text(rows[index][1]) if len(rows[index]) > 1 else ""
        index += 1
    if header:
        assert not any(c not in ("", None) for c in rows[index]), "a blank row under the header"
        index += 1
    columns = [_text(c) for c in rows[index]]
    body = [[_text(c) for c in row] for row in rows[index + 1 :]]
    return Download(header=header, columns=columns, rows=body)


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def read_csv(response) -> Download:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark for Excel"
    return _split(list(csv.reader(io.StringIO(text[1:]))))


def read_xlsx(response) -> Download:
    assert response.status_code == 200, response.status_code
    assert "spreadsheetml" in response["Content-Type"]
    workbook = load_workbook(io.BytesIO(content_of(response)))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    download = _split(rows)
    column_row = len(download.header) + (2 if download.header else 1)
    assert sheet.freeze_panes == f"A{column_row + 1}", sheet.freeze_panes
    assert all(cell.font.b for cell in sheet[column_row] if cell.value is not None)
    return download


def both(client, url, **params):
    """The page's CSV and Excel downloads (same filters), checked to hold the same table."""
    separator = "&" if "?" in url else "?"
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    csv_download = read_csv(client.get(f"{url}{separator}format=csv{extra}"))
    xlsx_download = read_xlsx(client.get(f"{url}{separator}format=xlsx{extra}"))
    assert csv_download.columns == xlsx_download.columns
    assert csv_download.rows == xlsx_download.rows
    assert csv_download.header.keys() == xlsx_download.header.keys()
    return csv_download


def check_page_export(client_for, world, url, *, columns, key=None, links=True):
    """The page's ``?format=csv`` and ``?format=xlsx`` for every role of the world: the same
    answer as the page (a role that cannot open it cannot export it); for the facilitator, the
    header block, the columns in the page's order, the page's rows (each ``key`` cell shown on
    the page) and nothing of the other collaborative."""
    separator = "&" if "?" in url else "?"
    for role, user in world.users.items():
        client = client_for(user)
        page = client.get(url)
        for format in ("csv", "xlsx"):
            exported = client.get(f"{url}{separator}format={format}")
            if page.status_code == 200:
                assert exported.status_code == 200, (role, format, exported.status_code)
            else:
                assert exported.status_code == page.status_code, (role, format)
    client = client_for(world.users["facilitator"])
    html = client.get(url).content.decode()
    download = both(client, url)
    assert download.columns == columns
    assert download.header["Collaborative"] == world.collaborative.name
    assert download.header["Table"]
    assert download.header["Exported at"]
    if links:  # the page's own links to its export, with its filters
        assert "format=csv" in html
        assert "format=xlsx" in html
    if key:
        assert download.rows, f"{url}: the page's rows"
        for value in download.column(key):
            assert value in html or escape(value) in html, (url, value)
    text = repr(download.rows)
    for marker in world.markers["elsewhere"]:
        assert marker not in text, (url, marker)
    return download
