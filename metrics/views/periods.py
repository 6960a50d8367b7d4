"""Reporting periods: the list, completion by organisation and late submissions, and editing."""

from django.shortcuts import render
from django.utils import timezone

from anchors.common.charts import (
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, posted
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
    if exported := export_response(request, "metrics.periods", collaborative=collaborative):
        return exported
    # Three years a page; completion is counted for the page's periods only.
    page = paginate(
        request, selectors.periods_newest_first(collaborative=collaborative), per_page=12
    )
    page.object_list = selectors.with_completion(page.object_list, collaborative=collaborative)
    return render(
        request,
        "metrics/period_list.html",
        {
            "periods": page,
            "can_manage": permissions.can_manage_periods(request.user, collaborative),
        },
    )


def _completion_chart(request, period, rows):
    names = [r.organisation.short_name for r in rows]
    figure = PlainFigure(
        [
            {
                "type": "bar",
                "x": names,
                "y": [_count(r, state) for r in rows],
                "name": label,
                "marker": {"color": colour},
                "hovertemplate": f"%{{x}}: %{{y}} {label.lower()}<extra></extra>",
            }
            for state, label, colour in STACK
        ],
        base_layout(barmode="stack", yaxis={"title": {"text": "Metrics"}}),
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
    if exported := export_response(
        request, "metrics.late", collaborative=collaborative, period=period.pk
    ):
        return exported
    rows = selectors.period_completion(period=period)
    chart = _completion_chart(request, period, rows)
    download = chart_download(request, [chart], filename_prefix=f"completion-{period.code}")
    if download is not None:
        return download
    past_deadline = timezone.localdate() > period.deadline
    overdue = [r for r in rows if r.outstanding] if past_deadline else []
    late = paginate(
        request,
        selectors.late_submissions(period=period),
        param="late_page",
        fragment="late-submissions",
    )
    # can_view_value for each row, from one look-up of the organisations the user may open.
    openable = permissions.value_organisation_ids(request.user, collaborative)
    late.object_list = selectors.with_days_late(late.object_list, period=period)
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
    return form_page(
        request,
        PeriodForm(posted(request)),
        save=lambda data: services.period_create(
            user=request.user, collaborative=collaborative, **data
        ),
        done=lambda period: (f"{period.label} added; it is open for values.", period),
        template="metrics/period_form.html",
        context={"title": "Add a reporting period"},
    )


def period_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_periods(request.user, collaborative))
    period = get_period(collaborative, pk)
    form = PeriodEditForm(
        posted(request),
        initial={"deadline": period.deadline, "state": period.state, "version": version_of(period)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.period_update(
            user=request.user,
            period=period,
            deadline=data["deadline"],
            state=data["state"],
            version=data["version"],
        ),
        done=(f"{period.label} updated.", period),
        template="metrics/period_form.html",
        context={"title": f"Change {period.label}", "period": period},
    )
