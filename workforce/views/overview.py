"""The workforce overview: the collective's local hiring for a period, each anchor's, by route,
routes into work, and the trend over the last eight quarters (a chart with the same figures as a
table); the facilitator's workforce settings."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.charts import (
    COLOURS,
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import form_page, perform, posted
from anchors.views.common import member_collaborative
from metrics import permissions as metric_permissions
from workforce import deprivation, permissions
from workforce.forms.hiring import WorkforceSettingsForm
from workforce.selectors import hiring as selectors
from workforce.selectors.routes import route_totals
from workforce.services import hiring as services
from workforce.services import hiring_metrics

TREND_PERIODS = 8
ROUTES_PAGE_SIZE = 25  # routes into work, by anchor and kind: a page of its own (?routes_page=)


def _share(share) -> str:
    value = share.value
    return f"{value}%" if value is not None else "—"


def choose_period(request, periods, with_data):
    """The period asked for, else the latest that has starters, else the latest."""
    chosen = request.GET.get("period", "")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None:
        period = next((p for p in reversed(periods) if p.pk in with_data), None)
    return period or (periods[-1] if periods else None)


def trend_chart(request, trend, cutoff):
    labels = [f.period.short_label for f in trend]
    deprived = [f.collective.deprived.value for f in trend]
    resident = [f.collective.resident.value for f in trend]
    figure = PlainFigure(
        data=[
            {
                "type": "bar",
                "name": "New starters",
                "x": labels,
                "y": [f.collective.starters for f in trend],
                "marker": {"color": COLOURS[0]},
                "hovertemplate": "%{x}: %{y} starters<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"% from IMD deciles 1–{cutoff}",
                "x": labels,
                "y": [float(v) if v is not None else None for v in deprived],
                "yaxis": "y2",
                "marker": {"color": COLOURS[2], "symbol": "diamond", "size": 9},
                "line": {"color": COLOURS[2], "dash": "dot"},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "% living in the boroughs",
                "x": labels,
                "y": [float(v) if v is not None else None for v in resident],
                "yaxis": "y2",
                "marker": {"color": COLOURS[1], "size": 8},
                "line": {"color": COLOURS[1]},
            },
        ],
        layout=base_layout(
            yaxis={"title": {"text": "Starters"}, "rangemode": "tozero", "gridcolor": "#f3f2f1"},
            yaxis2={
                "title": {"text": "Share (%)"},
                "overlaying": "y",
                "side": "right",
                "range": [0, 100],
                "tickmode": "linear",
                "tick0": 0,
                "dtick": 20,
                "showgrid": False,
            },
            margin={"l": 60, "r": 60, "t": 20, "b": 90},
            height=380,
            legend={"orientation": "h", "y": -0.38},
        ),
    )
    rows = [
        [
            f.period.short_label,
            f.collective.starters,
            _share(f.collective.resident),
            _share(f.collective.deprived),
            f"IMD {f.collective.edition.code}" if f.collective.edition else "—",
        ]
        for f in trend
    ]
    table = DataTable(
        caption="New starters across the anchors, by quarter",
        columns=[
            "Quarter",
            "New starters",
            "Living in the boroughs",
            f"From IMD deciles 1–{cutoff}",
            "Edition",
        ],
        rows=rows,
        numeric={1, 2, 3},
    )
    return build_chart(
        request=request,
        key="hiring-trend",
        title="New starters and the share from the most deprived areas, last eight quarters",
        figure=figure,
        table=table,
        summary="New starters per quarter (bars) with the shares living in the boroughs and "
        "from the most deprived deciles (lines); the table has the same figures.",
    )


def overview(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    settings = selectors.settings_for(collaborative=collaborative)
    periods = selectors.period_list(collaborative=collaborative)
    period = choose_period(
        request, periods, selectors.periods_with_starters(collaborative=collaborative)
    )
    trend_periods = (
        [
            p
            for p in periods
            if (p.financial_year, p.quarter) <= (period.financial_year, period.quarter)
        ][-TREND_PERIODS:]
        if period
        else []
    )
    trend = selectors.hiring_figures(
        collaborative=collaborative,
        periods=trend_periods,
        cutoff=settings.deprived_decile_cutoff,
        by_anchor=trend_periods[-1:],
    )
    current = trend[-1] if trend else None
    chart = trend_chart(request, trend, settings.deprived_decile_cutoff) if trend else None
    if chart and (response := chart_download(request, [chart], filename_prefix="workforce")):
        return response
    ids = permissions.workforce_organisation_ids(request.user, collaborative)
    is_facilitator = permissions.can_manage_settings(request.user, collaborative)
    return render(
        request,
        "workforce/overview.html",
        {
            "title": "Workforce",
            "section": "overview",
            "settings": settings,
            "periods": periods,
            "period": period,
            "current": current,
            "chart": chart,
            "routes": paginate(
                request,
                route_totals(collaborative=collaborative, period=period) if period else [],
                per_page=ROUTES_PAGE_SIZE,
                param="routes_page",
                fragment="routes",
            ),
            "row_ids": ids,
            "all_rows": ids is None,
            "is_facilitator": is_facilitator,
            "missing_metrics": hiring_metrics.missing_hiring_metrics(collaborative=collaborative)
            if is_facilitator
            and metric_permissions.can_manage_framework(request.user, collaborative)
            else [],
            "lookup_loaded": deprivation.postcode_lookup_loaded(),
        },
    )


def hiring_settings(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_settings(request.user, collaborative))
    current = selectors.settings_for(collaborative=collaborative)
    form = WorkforceSettingsForm(
        posted(request),
        instance=current,
        initial={"version": version_of(current) if current.pk else ""},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.settings_update(
            user=request.user,
            collaborative=collaborative,
            data=data,
            version=data.get("version") if current.pk else None,
        ),
        done=("Workforce settings saved.", reverse("workforce:index")),
        template="workforce/overview_settings.html",
        context={
            "title": "Workforce settings",
            "back_url": reverse("workforce:index"),
            "section": "overview",
        },
    )


@require_POST
def hiring_metrics_add(request):
    collaborative = member_collaborative(request)
    require(metric_permissions.can_manage_framework(request.user, collaborative))
    return perform(
        request,
        lambda: hiring_metrics.hiring_metrics_add(user=request.user, collaborative=collaborative),
        success=lambda added: (
            "Added to the metric framework: " + ", ".join(m.code for m in added) + "."
        ),
        then=reverse("workforce:index"),
    )
