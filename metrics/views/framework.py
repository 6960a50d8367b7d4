"""The framework page, the metric page (trend, breakdown, targets) and framework editing."""

from django.contrib import messages
from django.shortcuts import redirect, render

from anchors.common.charts import (
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.views import export_response, form_page, int_param, posted
from metrics import permissions, selectors, services
from metrics.formatting import format_change, format_figure, format_number
from metrics.forms import MetricForm, OutcomeForm, TargetForm, year_choices
from metrics.views.common import STATE_TAGS, collaborative_of, get_metric


def index(request):
    """The framework: metrics grouped by theme and outcome, with definitions and proxies."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_framework(request.user, collaborative))
    if exported := export_response(request, "metrics.framework", collaborative=collaborative):
        return exported
    return render(
        request,
        "metrics/framework.html",
        {
            "groups": selectors.framework_by_theme(collaborative=collaborative),
            "versions": selectors.framework_versions(collaborative=collaborative),
            "can_manage": permissions.can_manage_framework(request.user, collaborative),
            "can_submit": permissions.can_view_submissions(request.user, collaborative),
            "current_period": selectors.current_period(collaborative=collaborative),
        },
    )


def _value_axis(metric) -> dict:
    """The y axis of a metric's charts: its unit, from zero."""
    return {
        "title": {"text": metric.unit_symbol},
        "rangemode": "tozero",
        "gridcolor": "#b1b4b6",
        "ticksuffix": "%" if metric.unit == "percent" else "",
        "tickprefix": "£" if metric.unit == "gbp" else "",
    }


def _trend_chart(request, summary):
    metric = summary.metric
    unit = metric.unit
    points = summary.series
    labels = [p.period.short_label for p in points]
    values = [float(p.value) if p.value is not None else None for p in points]
    # Written in plotly.js's shape (the toolkit's PlainFigure), as the dashboard's charts are:
    # plotly's own figure objects validated every property, a sixth of this page's time.
    figure = PlainFigure(
        [
            {
                "type": "scatter",
                "x": labels,
                "y": values,
                "mode": "lines+markers",
                "name": metric.name,
                "connectgaps": False,
                "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>",
            }
        ],
        base_layout(yaxis=_value_axis(metric)),
    )
    columns = ["Period", "Collective", "Anchors reporting", "Change on previous quarter"]
    columns.append("Change on same quarter last year")
    proxy = metric.proxy_value is not None
    if proxy:
        columns.append("Social value (proxy)")
    rows, csv_rows = [], []
    for p in reversed(points):
        row = [
            p.period.short_label,
            format_figure(p.value, unit),
            f"{p.reporting} ({p.verified} verified)" if p.reporting else "0",
            format_change(p.change_previous, unit),
            format_change(p.change_last_year, unit),
        ]
        if proxy:
            row.append(format_figure(p.social_value, "gbp"))
        rows.append(row)
        csv_rows.append(
            [
                p.period.code,
                _plain(p.value),
                p.reporting,
                p.verified,
                _plain(p.figure.numerator) if metric.is_ratio else "",
                _plain(p.figure.denominator) if metric.is_ratio else "",
                _plain(p.change_previous),
                _plain(p.change_last_year),
                _plain(p.social_value),
            ]
        )
    table = DataTable(
        caption=f"{metric.code} across all anchors, by quarter (latest first)",
        columns=columns,
        rows=rows,
        numeric={1, 2, 3, 4, 5},
        csv_rows=csv_rows,
    )
    chart = build_chart(
        request=request,
        key="trend",
        title=f"Trend: {metric.name}, all anchors together",
        figure=figure,
        table=table,
        summary=f"Line chart of {metric.name} for all anchors together, by quarter.",
        layout="stacked",
    )
    # The download carries plain numbers, with numerator, denominator and social value too.
    chart.table.csv_columns = [
        "period",
        "collective_value" + ("_percent" if metric.is_ratio else ""),
        "anchors_reporting",
        "verified",
        "sum_numerator",
        "sum_denominator",
        "change_on_previous_quarter",
        "change_on_same_quarter_last_year",
        "social_value_gbp",
    ]
    return chart


def _plain(value):
    if value is None:
        return ""
    return f"{value:.2f}" if hasattr(value, "quantize") else value


def _breakdown_chart(request, summary):
    metric = summary.metric
    unit = metric.unit
    rows = summary.breakdown
    names = [r.organisation.short_name for r in rows]
    values = [float(r.value) if r.value is not None else None for r in rows]
    figure = PlainFigure(
        [
            {
                "type": "bar",
                "x": names,
                "y": values,
                "marker": {"color": "#1d70b8"},
                "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>",
            }
        ],
        base_layout(yaxis=_value_axis(metric)),
    )
    table_rows, csv_rows = [], []
    for r in rows:
        shown = r.figure.display if r.state else "Not submitted"
        if r.state and metric.is_ratio:
            shown = (
                f"{r.figure.display} ({format_number(r.figure.numerator)} of "
                f"{format_number(r.figure.denominator)})"
            )
        table_rows.append(
            [
                r.organisation.short_name,
                shown,
                r.state.capitalize() if r.state else "—",
                format_change(r.change_previous, unit),
                format_change(r.change_last_year, unit),
            ]
        )
        csv_rows.append(
            [
                r.organisation.short_name,
                _plain(r.value),
                _plain(r.figure.numerator) if metric.is_ratio else "",
                _plain(r.figure.denominator) if metric.is_ratio else "",
                r.state,
                _plain(r.change_previous),
                _plain(r.change_last_year),
            ]
        )
    period = summary.period
    table = DataTable(
        caption=f"{metric.code} by anchor, {period.short_label}",
        columns=["Anchor", "Value", "State", "Change on previous quarter", "Change on a year ago"],
        rows=table_rows,
        numeric={1, 3, 4},
        csv_rows=csv_rows,
    )
    chart = build_chart(
        request=request,
        key="by-anchor",
        title=f"By anchor: {period.label}",
        figure=figure,
        table=table,
        summary=f"Bar chart of {metric.name} for each anchor in {period.short_label}.",
        layout="stacked",
    )
    chart.table.csv_columns = [
        "anchor",
        "value" + ("_percent" if metric.is_ratio else ""),
        "numerator",
        "denominator",
        "state",
        "change_on_previous_quarter",
        "change_on_same_quarter_last_year",
    ]
    return chart


def metric_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_framework(request.user, collaborative))
    metric = get_metric(collaborative, pk)
    if exported := export_response(
        request, "metrics.metric", collaborative=collaborative, metric=metric.pk
    ):
        return exported
    summary = selectors.metric_summary(metric=metric, period_id=int_param(request, "period"))
    charts = []
    if summary.period is not None:
        charts = [_trend_chart(request, summary), _breakdown_chart(request, summary)]
    download = chart_download(request, charts, filename_prefix=metric.code)
    if download is not None:
        return download
    point = summary.point
    return render(
        request,
        "metrics/metric_detail.html",
        {
            "metric": metric,
            "summary": summary,
            "point": point,
            "charts": charts,
            "state_tags": STATE_TAGS,
            "can_manage": permissions.can_manage_framework(request.user, collaborative),
            "headline": _headline(summary, point),
        },
    )


def _headline(summary, point):
    if point is None or not point.reporting:
        return None
    unit = summary.metric.unit

    def change(value):
        # "+1.7" large with "percentage points" under it reads better than one long figure.
        if value is None:
            return {"figure": "—", "unit": "no earlier figure"}
        if unit == "percent":
            return {"figure": format_change(value, unit).split(" ")[0], "unit": "percentage points"}
        return {"figure": format_change(value, unit), "unit": ""}

    return {
        "value": format_figure(point.value, unit),
        "previous": change(point.change_previous),
        "last_year": change(point.change_last_year),
        "social_value": format_figure(point.social_value, "gbp")
        if point.social_value is not None
        else None,
        "reporting": point.reporting,
        "verified": point.verified,
    }


def metric_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_framework(request.user, collaborative))
    form = MetricForm(posted(request), collaborative=collaborative)
    if not form.fields["outcome"].queryset.exists():
        messages.info(request, "Add an outcome first: every metric sits under one.")
        return redirect("metrics:outcome_create")
    return form_page(
        request,
        form,
        save=lambda data: services.metric_create(
            user=request.user,
            collaborative=collaborative,
            data=data,
            themes=list(data["themes"]),
            version_note=data["version_note"],
        ),
        done=lambda metric: (f"{metric.code} added to the framework.", metric),
        template="metrics/metric_form.html",
        context={"title": "Add a metric"},
    )


def metric_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_framework(request.user, collaborative))
    metric = get_metric(collaborative, pk)
    form = MetricForm(
        posted(request),
        instance=metric,
        collaborative=collaborative,
        initial={"version": version_of(metric)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.metric_update(
            user=request.user,
            metric=metric,
            data=data,
            themes=list(data["themes"]),
            version_note=data["version_note"],
            version=data["version"],
        ),
        done=(f"{metric.code} updated.", metric),
        template="metrics/metric_form.html",
        context={"title": f"Change {metric.code}", "metric": metric},
    )


def outcome_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_framework(request.user, collaborative))
    return form_page(
        request,
        OutcomeForm(posted(request)),
        save=lambda data: services.outcome_create(
            user=request.user, collaborative=collaborative, **data
        ),
        done=lambda outcome: (f"Outcome “{outcome.name}” added.", "metrics:index"),
        template="metrics/outcome_form.html",
        context={
            "title": "Add an outcome",
            "outcomes": selectors.outcome_list(collaborative=collaborative),
        },
    )


def target_set(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_framework(request.user, collaborative))
    metric = get_metric(collaborative, pk)
    periods = list(selectors.period_list(collaborative=collaborative))
    current = selectors.current_period(collaborative=collaborative)
    around = [current.financial_year, current.financial_year + 1] if current else []
    form = TargetForm(
        posted(request),
        metric=metric,
        organisations=selectors.reporting_organisations(collaborative=collaborative),
        years=year_choices(periods, around),
        initial={"financial_year": current.financial_year if current else None},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.target_set(user=request.user, metric=metric, **data),
        done=(f"Target saved for {metric.code}.", metric),
        template="metrics/target_form.html",
        context={
            "metric": metric,
            "title": "Set a target",
            "caption": f"{metric.code} {metric.name}",
        },
    )
