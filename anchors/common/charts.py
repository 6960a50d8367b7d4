"""Charts that always come with their data: a plotly figure, the same figures as a table beside
it, and a CSV download of that table (``templates/components/chart.html`` renders all three).

The figure travels as JSON in a ``<script type="application/json">`` block (Django's
``json_script``), which the Content-Security-Policy does not treat as a script; one static module,
``static/js/charts.js``, draws every chart on the page with ``Plotly.newPlot``. Pages with charts
include ``components/chart_scripts.html`` in their ``scripts`` block, which loads plotly.js with
``defer``; no other page loads it. Without JavaScript the table is still there.

Any app can use it::

    table = DataTable(caption="...", columns=["Period", "Total"], rows=[...])
    chart = build_chart(request=request, key="trend", title="...", figure=fig, table=table)
    if (response := chart_download(request, [chart])) is not None:
        return response
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.text import slugify

from anchors.common.exports import table_response

# GOV.UK Design System colours: each meets 3:1 contrast against white for chart marks.
COLOURS = ["#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#f47738", "#28a197", "#912b88", "#505a5f"]
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True, "displaylogo": False}


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
    spec: dict
    table: DataTable
    csv_url: str
    summary: str = ""
    layout: str = "beside"  # "beside": chart and table side by side; "stacked": table below

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def plot_id(self) -> str:
        return f"plot-{self.key}"

    @property
    def data_id(self) -> str:
        return f"plot-{self.key}-data"


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


class PlainFigure(dict):
    """A chart written directly in plotly.js's JSON shape (data and layout), for pages that draw
    several or large charts: ``build_chart`` takes it as it takes a ``go.Figure``, without
    plotly's validation of every property (15–50 ms a chart)."""

    def __init__(self, data, layout):
        super().__init__(data=data, layout=layout)

    def to_json(self) -> str:
        return json.dumps(self, cls=DjangoJSONEncoder)


def figure_spec(figure) -> dict:
    """What ``Plotly.newPlot`` takes: data, layout and config, as plain JSON values."""
    spec = json.loads(figure.to_json())
    spec.pop("frames", None)
    spec["config"] = PLOTLY_CONFIG
    return spec


def build_chart(*, request, key, title, figure, table, summary="", layout="beside") -> Chart:
    key = slugify(key)
    query = {k: v for k, v in request.GET.items() if k != "download"}
    query["download"] = key
    return Chart(
        key=key,
        title=title,
        spec=figure_spec(figure),
        table=table,
        csv_url=f"{request.path}?{urlencode(query)}",
        summary=summary or title,
        layout=layout,
    )


def chart_download(request, charts, *, filename_prefix=""):
    """The CSV of the chart named by ``?download=``, or None when no download was asked for."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    for chart in charts:
        if chart.key == wanted:
            table = chart.table
            return table_response(
                filename=f"{filename_prefix}-{chart.key}" if filename_prefix else chart.key,
                columns=table.csv_columns or table.columns,
                rows=table.csv_rows if table.csv_rows is not None else table.rows,
            )
    return None
