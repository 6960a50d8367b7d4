"""The quarterly report's charts as static SVG (the PDF cannot run plotly.js), each drawn from
one of the report's own tables, which follows it as the chart's accessible alternative.

Built from the report's content, so a published report's charts come from its frozen snapshot,
like every figure in it.
"""

from anchors.common.charts import svg_bar_chart, svg_line_chart

RAG_ORDER = [
    ("Green", "#00703c"),
    ("Amber", "#f47738"),
    ("Red", "#d4351c"),
    ("No target", "#505a5f"),
]


def _number(cell):
    try:
        return float(cell)
    except (TypeError, ValueError):
        return None


def _workstreams(table):
    rows = [row for row in table["rows"] if len(row) > 2]
    if not rows:
        return ""
    return svg_bar_chart(
        key="workstreams",
        title="Organisations taking part, by workstream",
        description="Horizontal bar chart: "
        + "; ".join(f"{row[0]}: {row[2]}" for row in rows)
        + ". The table below gives the same figures.",
        labels=[str(row[0]) for row in rows],
        values=[_number(row[2]) or 0 for row in rows],
        value_axis="Organisations taking part",
    )


def _metrics(table):
    column = table["columns"].index("Status") if "Status" in table["columns"] else None
    if column is None or not table["rows"]:
        return ""
    counts = {label: 0 for label, _ in RAG_ORDER}
    for row in table["rows"]:
        counts[row[column]] = counts.get(row[column], 0) + 1
    shown = [(label, colour) for label, colour in RAG_ORDER if label in counts]
    return svg_bar_chart(
        key="metrics",
        title="Metrics by status against their collective targets",
        description="Horizontal bar chart of how many metrics are "
        + ", ".join(f"{label.lower()}: {counts[label]}" for label, _ in shown)
        + ". The table below lists each metric and its status.",
        labels=[label for label, _ in shown],
        values=[counts[label] for label, _ in shown],
        colours=[colour for _, colour in shown],
        value_axis="Number of metrics",
    )


def _assessment(table):
    quarters = [str(column) for column in table["columns"][1:]]
    if not quarters or not table["rows"]:
        return ""
    series = [(str(row[0]), [_number(cell) for cell in row[1:]]) for row in table["rows"]]
    return svg_line_chart(
        key="assessment",
        title="Collective-impact self-assessment: mean score by quarter",
        description="Line chart, one line a condition, of the mean score (1 to 5) in "
        + ", ".join(quarters)
        + ". The key under the chart and the table below give every value.",
        x_labels=quarters,
        series=series,
        x_axis="Quarter",
        y_axis="Mean score (1 to 5)",
        y_max=5,
    )


CHARTS = {"workstreams": _workstreams, "metrics": _metrics, "assessment": _assessment}


def svg_chart(table) -> str:
    """The SVG chart drawn from one report table, or "" when that table has none."""
    draw = CHARTS.get(table.get("key"))
    return draw(table) if draw else ""


def with_svg_charts(content) -> dict:
    """The content with an ``svg`` chart on each table that has one (drawn before the table)."""
    return {
        **content,
        "sections": [
            {
                **section,
                "tables": [{**table, "svg": svg_chart(table)} for table in section["tables"]],
            }
            for section in content["sections"]
        ],
    }
