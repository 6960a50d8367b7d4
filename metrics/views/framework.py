"""The framework page, the metric page (trend, breakdown, targets) and framework editing."""

import plotly.graph_objects as go
from django.contrib import messages
from django.shortcuts import redirect, render

from anchors.base import PortalError, StaleEditError, require
from anchors.charts import DataTable, base_layout, build_chart, csv_download
from anchors.forms.base import field_display
from anchors.services.common import version_of
from anchors.views.common import posted
from metrics import permissions, selectors, services
from metrics.formatting import format_change, format_figure, format_number
from metrics.forms import MetricForm, OutcomeForm, TargetForm, year_choices
from metrics.models import Metric
from metrics.services.framework import METRIC_FIELDS
from metrics.views.common import STATE_TAGS, collaborative_of, get_metric, int_param


def index(request):
    """The framework: metrics grouped by theme and outcome, with definitions and proxies."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_framework(request.user, collaborative))
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
    figure = go.Figure(
        go.Scatter(
            x=labels,
            y=values,
            mode="lines+markers",
            name=metric.name,
            connectgaps=False,
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>",
        ),
        layout=base_layout(yaxis=_value_axis(metric)),
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
    figure = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color="#1d70b8",
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>",
        ),
        layout=base_layout(yaxis=_value_axis(metric)),
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
    summary = selectors.metric_summary(metric=metric, period_id=int_param(request, "period"))
    charts = []
    if summary.period is not None:
        charts = [_trend_chart(request, summary), _breakdown_chart(request, summary)]
    download = csv_download(request, charts, filename_prefix=metric.code)
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
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "themes"}
        try:
            metric = services.metric_create(
                user=request.user,
                collaborative=collaborative,
                data=data,
                themes=list(form.cleaned_data["themes"]),
                version_note=form.cleaned_data["version_note"],
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{metric.code} added to the framework.")
            return redirect(metric)
    return render(request, "metrics/metric_form.html", {"form": form, "title": "Add a metric"})


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
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "themes"}
        try:
            services.metric_update(
                user=request.user,
                metric=metric,
                data=data,
                themes=list(form.cleaned_data["themes"]),
                version_note=form.cleaned_data["version_note"],
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            form.add_service_error(error)
            if isinstance(error, StaleEditError):
                metric.refresh_from_db()
                _show_saved_metric(form, metric)
        else:
            messages.success(request, f"{metric.code} updated.")
            return redirect(metric)
    return render(
        request,
        "metrics/metric_form.html",
        {"form": form, "title": f"Change {metric.code}", "metric": metric},
    )


def _show_saved_metric(form, metric):
    """After a stale save: the metric as the other person saved it (themes are a list, so they
    are shown apart from the single-value fields)."""
    form.current_values = [
        (str(Metric._meta.get_field(name).verbose_name).capitalize(), field_display(metric, name))
        for name in METRIC_FIELDS
    ]
    form.current_values.append(
        ("Themes", ", ".join(t.name for t in metric.themes.order_by("name")) or "—")
    )
    form.data = form.data.copy()
    form.data["version"] = version_of(metric)


def outcome_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_framework(request.user, collaborative))
    form = OutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_create(
                user=request.user, collaborative=collaborative, **form.cleaned_data
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Outcome “{outcome.name}” added.")
            return redirect("metrics:index")
    return render(
        request,
        "metrics/outcome_form.html",
        {"form": form, "outcomes": selectors.outcome_list(collaborative=collaborative)},
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
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(user=request.user, metric=metric, **form.cleaned_data)
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Target saved for {metric.code}.")
            return redirect(metric)
    return render(request, "metrics/target_form.html", {"form": form, "metric": metric})
