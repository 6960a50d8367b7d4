"""The collective-impact dashboard: where the collaborative stands, and what needs a decision."""

import datetime
import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from anchors.common.charts import (
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import require
from anchors.common.exports import table_response
from anchors.common.views import int_param
from anchors.views.common import member_collaborative
from governance import permissions
from governance.selectors import dashboard as selectors
from metrics.formatting import format_figure
from procurement.selectors.status import STALE_AFTER_DAYS

MATCHES_SHOWN = 10


RAG_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "none": "#b1b4b6"}


def _metrics_chart(request, data):
    lines = [line for line in data.headline.lines if line.status != "none" and line.target]
    names = [line.metric.code for line in lines]
    percent = [
        round(float(line.ytd / line.target * 100), 1) if line.ytd is not None else 0
        for line in lines
    ]
    figure = PlainFigure(
        [
            {
                "type": "bar",
                "x": percent,
                "y": names,
                "orientation": "h",
                "marker": {"color": [RAG_COLOURS[line.status] for line in lines]},
                "text": [
                    f"{p}% · {line.status_label}" for p, line in zip(percent, lines, strict=True)
                ],
                "textposition": "auto",
                "hovertemplate": "%{y}: %{x}% of the target so far<extra></extra>",
            }
        ],
        base_layout(
            height=max(220, 26 * len(lines) + 80),
            xaxis={
                "title": {"text": "% of the expected figure (year to date)"},
                "ticksuffix": "%",
            },
            yaxis={"autorange": "reversed", "automargin": True},
            shapes=[
                {
                    "type": "line",
                    "x0": 100,
                    "x1": 100,
                    "y0": 0,
                    "y1": 1,
                    "yref": "paper",
                    "line": {"color": "#0b0c0c", "dash": "dash"},
                }
            ],
        ),
    )
    rows = [
        [
            f"{line.metric.code} {line.metric.name}",
            line.display,
            line.ytd_display,
            line.target_display or "No target",
            line.status_label,
            format_figure(line.social_value, "gbp") if line.social_value is not None else "",
        ]
        for line in data.headline.lines
    ]
    csv_rows = [
        [
            line.metric.code,
            line.metric.name,
            line.value,
            line.ytd,
            line.target,
            line.status,
            line.social_value,
        ]
        for line in data.headline.lines
    ]
    return build_chart(
        request=request,
        key="metrics",
        title="Headline metrics against this year’s targets",
        figure=figure,
        table=DataTable(
            caption="Each metric: this quarter, the year to date, the target and its status",
            columns=["Metric", "This quarter", "Year to date", "Target", "Status", "Social value"],
            rows=rows,
            numeric={1, 2, 3, 5},
            csv_columns=[
                "code",
                "metric",
                "quarter_value",
                "year_to_date",
                "expected_target",
                "status",
                "social_value_gbp",
            ],
            csv_rows=csv_rows,
        ),
        summary="Bar chart: each metric's year-to-date figure as a percentage of its target, "
        "coloured and labelled green, amber or red.",
        layout="stacked",
    )


def _heatmap_chart(request, data):
    matrix = data.matrix
    columns = [c.name for c in matrix.columns]
    organisations = [row.organisation.short_name for row in matrix.rows]
    z = [[cell.status.level if cell.status else None for cell in row.cells] for row in matrix.rows]
    figure = PlainFigure(
        [
            {
                "type": "heatmap",
                "z": z,
                "x": columns,
                "y": organisations,
                "zmin": 1,
                "zmax": 5,
                "colorscale": [[0, "#f3f2f1"], [0.5, "#5694ca"], [1, "#003078"]],
                "colorbar": {"title": {"text": "Level"}},
                "hovertemplate": "%{y} · %{x}: level %{z}<extra></extra>",
                "xgap": 2,
                "ygap": 2,
            }
        ],
        base_layout(
            height=max(260, 24 * len(organisations) + 120),
            yaxis={"autorange": "reversed", "automargin": True},
        ),
    )
    rows = [
        [row.organisation.short_name]
        + [
            f"{cell.status.level}{' (out of date)' if cell.stale else ''}" if cell.status else "—"
            for cell in row.cells
        ]
        for row in matrix.rows
    ]
    return build_chart(
        request=request,
        key="procurement",
        title="Each anchor’s procurement status (maturity level 1 to 5)",
        figure=figure,
        table=DataTable(
            caption="Maturity level by anchor and theme or opportunity (— : not reported)",
            columns=["Anchor", *columns],
            rows=rows,
            numeric=set(range(1, len(columns) + 1)),
        ),
        summary="Heatmap of each anchor's maturity level against each theme and opportunity.",
        layout="stacked",
    )


def _escalation_chart(request, data):
    levels = list(dict.fromkeys(row.level for row in data.escalations))
    bands = list(dict.fromkeys(row.band for row in data.escalations))
    counts = {(row.level, row.band): row.count for row in data.escalations}
    figure = PlainFigure(
        [
            {
                "type": "bar",
                "name": band,
                "x": levels,
                "y": [counts[(level, band)] for level in levels],
            }
            for band in bands
        ],
        base_layout(barmode="stack", yaxis={"title": {"text": "Open escalations"}}),
    )
    return build_chart(
        request=request,
        key="escalations",
        title="Open escalations by level and age",
        figure=figure,
        table=DataTable(
            caption="Open escalations: the level they sit at, by how long ago they were raised",
            columns=["Level", *bands, "Total"],
            rows=[
                [
                    level,
                    *[counts[(level, b)] for b in bands],
                    sum(counts[(level, b)] for b in bands),
                ]
                for level in levels
            ],
            numeric=set(range(1, len(bands) + 2)),
        ),
        summary="Stacked bar chart of open escalations at each level, by age band.",
    )


def _trend_chart(request, data):
    quarters = list(dict.fromkeys(p.period for p in data.trend))
    conditions = list(dict.fromkeys(p.condition_label for p in data.trend))
    means = {(p.condition_label, p.period): p.mean for p in data.trend}
    figure = PlainFigure(
        [
            {
                "type": "scatter",
                "name": c,
                "x": quarters,
                "y": [means.get((c, q)) for q in quarters],
                "mode": "lines+markers",
            }
            for c in conditions
        ],
        base_layout(yaxis={"range": [0.5, 5.5], "title": {"text": "Mean score (1 to 5)"}}),
    )
    return build_chart(
        request=request,
        key="self-assessment",
        title="Collective-impact self-assessment, last four quarters",
        figure=figure,
        table=DataTable(
            caption="Mean score of each condition by quarter",
            columns=["Condition", *quarters],
            rows=[[c, *[means.get((c, q), "") for q in quarters]] for c in conditions],
            numeric=set(range(1, len(quarters) + 1)),
        ),
        summary="Line chart of the mean score of each of the five conditions by quarter.",
    )


# How long the shared sections' page is kept at most (a write changes its key at once).
SECTIONS_SECONDS = 600
# Query parameters the cached sections can be kept for (their download links repeat them).
CACHED_PARAMETERS = {"period", "theme"}


def _sections_key(request, collaborative, chosen, version, today) -> str | None:
    """The cache key of the shared sections for this request, or None when they are not kept
    (another parameter in the address, which their download links would repeat)."""
    if not set(request.GET) <= CACHED_PARAMETERS or any(len(v) > 20 for v in request.GET.values()):
        return None
    query = urlencode(sorted(request.GET.items()))
    return ":".join(
        [
            "governance:dashboard:v1",
            str(collaborative.pk),
            str(chosen.period.pk if chosen.period else "-"),
            str(chosen.theme.pk if chosen.theme else "-"),
            today.isoformat(),  # ages in days, the next 12 months, the default quarter
            hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:16],
            version.key,
        ]
    )


def _keep_for(data, now) -> int:
    """Seconds the sections stay true without a write: until the first procurement status
    still current falls out of date (the heatmap marks it), at most ``SECTIONS_SECONDS``."""
    limit = now + datetime.timedelta(seconds=SECTIONS_SECONDS)
    after = datetime.timedelta(days=STALE_AFTER_DAYS)
    cutoff = now - after
    for row in data.matrix.rows:
        for cell in row.cells:
            if cell.status is not None and cell.status.reviewed_at >= cutoff:
                limit = min(limit, cell.status.reviewed_at + after)
    return int((limit - now).total_seconds())


def _render_sections(request, data) -> str:
    charts = _charts(request, data)
    headline = data.headline
    return render_to_string(
        "governance/_dashboard_sections.html",
        {
            "data": data,
            "charts": charts,
            "green": headline.count("green"),
            "amber": headline.count("amber"),
            "red": headline.count("red"),
            "social_value": format_figure(headline.social_value, "gbp"),
            "matches": data.matches[:MATCHES_SHOWN],
            "more_matches": len(data.matches) > MATCHES_SHOWN,
        },
    )


def _charts(request, data) -> dict:
    return {
        "metrics": _metrics_chart(request, data),
        "procurement": _heatmap_chart(request, data),
        "escalations": _escalation_chart(request, data),
        "trend": _trend_chart(request, data),
    }


def dashboard(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_dashboard(request.user, collaborative))
    now = timezone.now()
    today = timezone.localdate(now)
    download = request.GET.get("download")
    # The shared sections' version is read first: everything read after it is at least as new.
    version = None if download else selectors.shared_version()
    chosen = selectors.filters(
        collaborative=collaborative,
        period_id=int_param(request, "period"),
        theme_id=int_param(request, "theme"),
        today=today,
    )
    if download:
        data = selectors.dashboard(
            user=None, collaborative=collaborative, chosen=chosen, today=today
        )
        if response := chart_download(
            request, _charts(request, data).values(), filename_prefix="dashboard"
        ):
            return response
        if (response := _table_download(request, data, collaborative)) is not None:
            return response
    mine = selectors.waiting(user=request.user, collaborative=collaborative)
    # The shared sections: the same for every member, kept under a key every write changes (none
    # with ?download= naming no table: that parameter is not one the sections are kept for).
    key = _sections_key(request, collaborative, chosen, version, today)
    sections = cache.get(key) if key else None
    if sections is None:
        data = selectors.dashboard(
            user=request.user, collaborative=collaborative, chosen=chosen, mine=mine, today=today
        )
        sections = _render_sections(request, data)
        seconds = _keep_for(data, now)
        if key and version.settled and seconds > 0:
            cache.set(key, sections, seconds)
    return render(
        request,
        "governance/dashboard.html",
        {
            "title": "Dashboard",
            "filters": chosen,
            "mine": mine,
            "today": today,
            "sections": mark_safe(sections),  # noqa: S308 - rendered by the template engine
        },
    )


def _table_download(request, data, collaborative):
    wanted = request.GET.get("download")
    # Written as every export is: the header block names the collaborative (ADR 17).
    header = {"collaborative": collaborative.name}
    if wanted == "workstreams":
        return table_response(
            **header,
            title="Workstreams lacking sponsorship",
            filename="dashboard-workstreams",
            columns=["workstream", "status", "organisations", "no_secured_sponsor", "longest_days"],
            rows=[
                [
                    line.workstream.name,
                    line.workstream.status,
                    line.participants,
                    "; ".join(f"{name} ({days} days)" for name, days in line.lacking),
                    line.longest_gap_days,
                ]
                for line in data.workstreams
            ],
        )
    if wanted == "matches":
        return table_response(
            **header,
            title="Joint-tender matches",
            filename="dashboard-joint-tender-matches",
            columns=["cpv_prefix", "anchors", "items", "combined_value_gbp", "start", "end"],
            rows=[
                [m.prefix, "; ".join(names), m.size, m.combined_value, m.start, m.end]
                for m, names in data.matches
            ],
        )
    return None
