"""Charts that always come with their data: a plotly figure, the same figures as a table beside
it, and a CSV download of that table (templates/components/chart.html renders all three).

Figures are rendered on the server to a <div> and an inline <script>. The Content-Security-Policy
only runs inline scripts carrying the request's nonce, so the nonce is added to plotly's script
tag here. Pages with charts load plotly.js from static/vendor/plotly/plotly.min.js in their
``head`` block; without JavaScript the table is still there.

Any app can use it::

    table = DataTable(caption="...", columns=["Period", "Total"], rows=[...])
    chart = build_chart(request=request, key="trend", title="...", figure=fig, table=table)
    if (response := csv_download(request, [chart])) is not None:
        return response
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# GOV.UK Design System colours: each meets 3:1 contrast against white for chart marks.
COLOURS = ["#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#f47738", "#28a197", "#912b88", "#505a5f"]
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True, "displaylogo": False}
# plotly writes <script> (7.x) or <script type="text/javascript"> (older releases).
SCRIPT_TAG = re.compile(r'<script(\s+type="text/javascript")?>')
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


@dataclass
class DataTable:
    """The figures behind a chart. ``rows`` hold what people read. For the download,
    ``csv_columns`` and ``csv_rows`` (optional) can carry plain, unformatted values instead."""

    caption: str
    columns: list[str]
    rows: list[list]
    numeric: set[int] = field(default_factory=set)
    csv_columns: list[str] | None = None
    csv_rows: list[list] | None = None


@dataclass
class Chart:
    key: str
    title: str
    html: str
    table: DataTable
    csv_url: str
    summary: str = ""
    layout: str = "beside"  # "beside": chart and table side by side; "stacked": table below

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"


def base_layout(**overrides) -> dict:
    layout = {
        "font": {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "height": 340,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": COLOURS,
        "xaxis": {"gridcolor": "#f3f2f1", "linecolor": "#505a5f", "automargin": True},
        "yaxis": {"gridcolor": "#b1b4b6", "zerolinecolor": "#505a5f", "automargin": True},
        "legend": {"orientation": "h", "y": -0.25},
        "hoverlabel": {"font": {"family": "Arial, sans-serif"}},
    }
    layout.update(overrides)
    return layout


def figure_html(figure, *, nonce: str, div_id: str) -> str:
    """The figure's <div> and <script>, the script carrying the CSP nonce."""
    html = figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOTLY_CONFIG
    )
    return SCRIPT_TAG.sub(
        lambda match: f'<script{match.group(1) or ""} nonce="{escape(nonce or "")}">', html
    )


def build_chart(*, request, key, title, figure, table, summary="", layout="beside") -> Chart:
    key = slugify(key)
    # django-csp's lazy nonce is falsy until read, so read it with str(), never with `or`.
    lazy_nonce = getattr(request, "csp_nonce", None)
    nonce = str(lazy_nonce) if lazy_nonce is not None else ""
    query = {k: v for k, v in request.GET.items() if k != "download"}
    query["download"] = key
    return Chart(
        key=key,
        title=title,
        html=mark_safe(figure_html(figure, nonce=nonce, div_id=f"plot-{key}")),  # noqa: S308
        table=table,
        csv_url=f"{request.path}?{urlencode(query)}",
        summary=summary or title,
        layout=layout,
    )


def safe_cell(value):
    """A CSV cell spreadsheets will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def csv_response(*, filename: str, columns, rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "data"}.csv"'
    return response


def csv_download(request, charts, *, filename_prefix=""):
    """The CSV of the chart named by ``?download=``, or None when no download was asked for."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    for chart in charts:
        if chart.key == wanted:
            table = chart.table
            return csv_response(
                filename=f"{filename_prefix}-{chart.key}" if filename_prefix else chart.key,
                columns=table.csv_columns or table.columns,
                rows=table.csv_rows if table.csv_rows is not None else table.rows,
            )
    return None
