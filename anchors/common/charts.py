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

Where no JavaScript runs (the quarterly report's PDF), ``svg_bar_chart`` and ``svg_line_chart``
draw a chart as static, accessible SVG instead; its table still follows it.
"""

import json
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape
from django.utils.safestring import mark_safe
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


# --- Static SVG charts (the PDF, and anywhere JavaScript cannot draw) ----------------------------
# plotly's static export needs kaleido and a browser; these few shapes are drawn here instead, as
# accessible SVG: role="img" with a <title> and <desc>, axis labels, and every value as text. The
# caller still puts the chart's table after it (the figures for people who cannot see the chart).

SVG_FONT = "DejaVu Sans, Arial, sans-serif"
SVG_DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]


def _svg_number(value) -> str:
    if value is None:
        return "–"
    number = float(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"


def _svg_ticks(top: float) -> list[float]:
    """Round axis ticks from 0 to at least ``top``: at most six, steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if top <= 0:
        return [0.0, 1.0]
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        size = step * magnitude
        if top / size <= 5:
            break
    count = math.ceil(top / size - 1e-9)
    return [round(size * n, 10) for n in range(count + 1)]


def _svg_text(x, y, text, *, anchor="start", size=11, weight="normal", fill="#0b0c0c"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{SVG_FONT}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _svg_frame(*, key, title, description, width, height, body) -> str:
    key = slugify(key) or "chart"
    return mark_safe(  # noqa: S308 - every text above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-svg-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="svg-{key}-title svg-{key}-desc" id="svg-{key}">'
        f'<title id="svg-{key}-title">{escape(title)}</title>'
        f'<desc id="svg-{key}-desc">{escape(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def svg_bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    labels: list[str],
    values: list,
    value_axis: str = "",
    value_labels: list[str] | None = None,
    colours: list[str] | None = None,
    width: int = 640,
) -> str:
    """A horizontal bar chart as accessible SVG: a bar a label, its value written at its end,
    the value axis with round ticks and its label. ``colours`` (one a bar) default to blue."""
    values = [float(v) if v not in (None, "") else 0.0 for v in values]
    value_labels = value_labels or [_svg_number(v) for v in values]
    label_width = min(240, max(80, 7 * max((len(label) for label in labels), default=4)))
    left, right, top, bar, gap = label_width + 12, 64, 28, 18, 8
    plot = width - left - right
    ticks = _svg_ticks(max(values, default=0))
    scale = plot / ticks[-1]
    bottom = top + len(labels) * (bar + gap)
    height = bottom + 44
    body = [_svg_text(0, 16, title, size=13, weight="bold")]
    for tick in ticks:
        x = left + tick * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#b1b4b6" '
            'stroke-width="0.5"/>'
        )
        body.append(_svg_text(x, bottom + 14, _svg_number(tick), anchor="middle", size=10))
    for index, (label, value, shown) in enumerate(zip(labels, values, value_labels, strict=True)):
        y = top + index * (bar + gap)
        colour = (colours or [])[index] if colours and index < len(colours) else COLOURS[0]
        short = label if len(label) <= 36 else label[:35] + "…"
        body.append(_svg_text(left - 8, y + bar - 5, short, anchor="end"))
        body.append(
            f'<rect x="{left}" y="{y}" width="{max(value * scale, 0):.1f}" height="{bar}" '
            f'fill="{colour}"><title>{escape(label)}: {escape(shown)}</title></rect>'
        )
        body.append(_svg_text(left + max(value * scale, 0) + 6, y + bar - 5, shown))
    body.append(
        f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{bottom}" stroke="#505a5f" '
        'stroke-width="1"/>'
    )
    if value_axis:
        body.append(_svg_text(left + plot / 2, bottom + 32, value_axis, anchor="middle"))
    return _svg_frame(
        key=key, title=title, description=description, width=width, height=height, body=body
    )


def svg_line_chart(
    *,
    key: str,
    title: str,
    description: str,
    x_labels: list[str],
    series: list[tuple[str, list]],
    x_axis: str = "",
    y_axis: str = "",
    y_max: float | None = None,
    width: int = 640,
) -> str:
    """A line chart as accessible SVG: one line a series (colour and dash pattern both tell them
    apart), each point marked, the axes labelled, and a key giving every series' values as text."""
    numbers = [float(v) for _, values in series for v in values if v not in (None, "")]
    ticks = _svg_ticks(y_max if y_max is not None else max(numbers, default=0))
    left, right, top, plot_height = 48, 16, 28, 150
    plot = width - left - right
    bottom = top + plot_height
    scale = plot_height / ticks[-1]
    step = plot / max(len(x_labels), 1)
    body = [_svg_text(0, 16, title, size=13, weight="bold")]
    for tick in ticks:
        y = bottom - tick * scale
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot}" y2="{y:.1f}" stroke="#b1b4b6" '
            'stroke-width="0.5"/>'
        )
        body.append(_svg_text(left - 6, y + 4, _svg_number(tick), anchor="end", size=10))
    for index, label in enumerate(x_labels):
        body.append(
            _svg_text(left + step * (index + 0.5), bottom + 14, label, anchor="middle", size=10)
        )
    body.append(
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot}" y2="{bottom}" stroke="#505a5f"/>'
    )
    if x_axis:
        body.append(_svg_text(left + plot / 2, bottom + 30, x_axis, anchor="middle"))
    if y_axis:
        body.append(
            f'<text transform="translate(12 {top + plot_height / 2:.1f}) rotate(-90)" '
            f'font-family="{SVG_FONT}" font-size="11" text-anchor="middle" '
            f'fill="#0b0c0c">{escape(y_axis)}</text>'
        )
    legend_top = bottom + (44 if x_axis else 30)
    for number, (name, values) in enumerate(series):
        colour, dash = COLOURS[number % len(COLOURS)], SVG_DASHES[number % len(SVG_DASHES)]
        points = [
            (left + step * (index + 0.5), bottom - float(value) * scale)
            for index, value in enumerate(values)
            if value not in (None, "")
        ]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{dashes}/>"
            )
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points]
        y = legend_top + number * 16
        body.append(
            f'<line x1="0" y1="{y - 4}" x2="24" y2="{y - 4}" stroke="{colour}" stroke-width="2"'
            f"{dashes}/>"
        )
        shown = ", ".join(
            f"{x_label} {_svg_number(v) if v not in (None, '') else 'none'}"
            for x_label, v in zip(x_labels, values, strict=False)
        )
        body.append(_svg_text(30, y, f"{name}: {shown}", size=10))
    height = legend_top + len(series) * 16
    return _svg_frame(
        key=key, title=title, description=description, width=width, height=height, body=body
    )
