"""Reporting periods: the list, completion by organisation and late submissions, and editing."""

import plotly.graph_objects as go
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from anchors.base import PortalError, StaleEditError, require
from anchors.charts import DataTable, base_layout, build_chart, csv_download
from anchors.services.common import version_of
from anchors.views.common import posted
from metrics import permissions, selectors, services
from metrics.forms import PeriodEditForm, PeriodForm
from metrics.models import MetricValue
from metrics.views.common import STATE_TAGS, collaborative_of, get_period

# (key, label, colour); "awaiting" is submitted plus resubmitted: waiting for the facilitator.
STACK = [
    ("verified", "Verified", "#00703c"),
    ("awaiting", "Awaiting check", "#1d70b8"),
    ("returned", "Returned", "#d4351c"),
    ("draft", "Draft", "#505a5f"),
    ("missing", "Missing", "#f47738"),
]


def _count(row, key):
    if key == "missing":
        return row.missing
    if key == "awaiting":
        return sum(row.count(state) for state in MetricValue.AWAITING)
    return row.count(key)


def period_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_submissions(request.user, collaborative))
    return render(
        request,
        "metrics/period_list.html",
        {
            "periods": selectors.period_overview(collaborative=collaborative),
            "can_manage": permissions.can_manage_periods(request.user, collaborative),
        },
    )


def _completion_chart(request, period, rows):
    names = [r.organisation.short_name for r in rows]
    figure = go.Figure(layout=base_layout(barmode="stack", yaxis={"title": {"text": "Metrics"}}))
    for state, label, colour in STACK:
        counts = [_count(r, state) for r in rows]
        figure.add_trace(
            go.Bar(
                x=names,
                y=counts,
                name=label,
                marker_color=colour,
                hovertemplate=f"%{{x}}: %{{y}} {label.lower()}<extra></extra>",
            )
        )
    columns = ["Anchor", "Submitted", *[label for _, label, _ in STACK], "Late"]
    table_rows = [
        [
            r.organisation.short_name,
            f"{r.counted} of {r.expected}",
            *[_count(r, s) for s, _, _ in STACK],
            r.late,
        ]
        for r in rows
    ]
    csv_rows = [
        [
            r.organisation.short_name,
            r.expected,
            r.counted,
            *[_count(r, s) for s, _, _ in STACK],
            r.late,
        ]
        for r in rows
    ]
    table = DataTable(
        caption=f"Values by anchor and state, {period.short_label}",
        columns=columns,
        rows=table_rows,
        numeric=set(range(1, len(columns))),
        csv_columns=["anchor", "expected", "complete", *[s for s, _, _ in STACK], "late"],
        csv_rows=csv_rows,
    )
    return build_chart(
        request=request,
        key="completion",
        title=f"Completion by anchor, {period.short_label}",
        figure=figure,
        table=table,
        summary="Stacked bar chart of each anchor's values by state for the period.",
        layout="stacked",
    )


def period_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_submissions(request.user, collaborative))
    period = get_period(collaborative, pk)
    rows = selectors.period_completion(period=period)
    chart = _completion_chart(request, period, rows)
    download = csv_download(request, [chart], filename_prefix=f"completion-{period.code}")
    if download is not None:
        return download
    past_deadline = timezone.localdate() > period.deadline
    overdue = [r for r in rows if r.outstanding] if past_deadline else []
    late = selectors.late_submissions(period=period)
    # can_view_value for each row, from one look-up of the organisations the user may open.
    openable = permissions.value_organisation_ids(request.user, collaborative)
    for value in late:
        value.can_open = openable is None or value.organisation_id in openable
    return render(
        request,
        "metrics/period_detail.html",
        {
            "period": period,
            "rows": rows,
            "chart": chart,
            "late": late,
            "overdue": overdue,
            "state_tags": STATE_TAGS,
            "can_manage": permissions.can_manage_periods(request.user, collaborative),
            "is_facilitator": permissions.can_verify_values(request.user, collaborative),
            "counted_states": MetricValue.COUNTED,
        },
    )


def period_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_periods(request.user, collaborative))
    form = PeriodForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(
                user=request.user, collaborative=collaborative, **form.cleaned_data
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{period.label} added; it is open for values.")
            return redirect(period)
    return render(
        request, "metrics/period_form.html", {"form": form, "title": "Add a reporting period"}
    )


def period_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_periods(request.user, collaborative))
    period = get_period(collaborative, pk)
    form = PeriodEditForm(
        posted(request),
        initial={"deadline": period.deadline, "state": period.state, "version": version_of(period)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(
                user=request.user,
                period=period,
                deadline=form.cleaned_data["deadline"],
                state=form.cleaned_data["state"],
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            form.add_service_error(error)
            if isinstance(error, StaleEditError):
                period.refresh_from_db()
                form.current_values = [
                    ("Submission deadline", f"{period.deadline:%d %B %Y}"),
                    ("State", period.get_state_display()),
                ]
                form.data = form.data.copy()
                form.data["version"] = version_of(period)
        else:
            messages.success(request, f"{period.label} updated.")
            return redirect(period)
    return render(
        request,
        "metrics/period_form.html",
        {"form": form, "title": f"Change {period.label}", "period": period},
    )
