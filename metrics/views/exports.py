"""The metrics pages' tables as exports (``MetricsConfig.exports``), and the tidy CSV of figures
that the metrics import reads back (``figures``: no header block, the import's columns first)."""

from django.http import Http404
from django.utils import timezone

from anchors.common.errors import require
from anchors.common.exports import CHUNK_SIZE, TableExport, date_text, queryset_rows
from anchors.common.views import export_response
from anchors.views.common import member_collaborative
from metrics import permissions, selectors
from metrics.imports.reading import COLUMNS
from metrics.models import Metric, MetricValue, ReportingPeriod
from metrics.models.periods import parse_period_code, period_code

TIDY_EXTRA = ("state", "metric_name", "unit")


def _number(value) -> str:
    """A saved figure as the import reads it (no exponent, no thousands separator)."""
    return "" if value is None else format(value, "f")


def _url_pk(query, name) -> int:
    try:
        return int(query.get(f"url.{name}", ""))
    except ValueError as error:
        raise Http404 from error


def _period(collaborative, query) -> ReportingPeriod:
    try:
        return ReportingPeriod.objects.get(collaborative=collaborative, pk=_url_pk(query, "period"))
    except ReportingPeriod.DoesNotExist as error:
        raise Http404 from error


def framework(*, user, collaborative, query):
    require(permissions.can_view_framework(user, collaborative))
    rows = [
        [
            group.name,
            outcome.name if outcome else "",
            metric.code,
            metric.name,
            metric.get_unit_display(),
            metric.get_kind_display(),
            metric.get_direction_display(),
            metric.definition,
            metric.numerator_label,
            metric.denominator_label,
            metric.proxy_value,
            metric.proxy_source,
        ]
        for group in selectors.framework_by_theme(collaborative=collaborative)
        for outcome, metrics in group.outcomes
        for metric in metrics
    ]
    return TableExport(
        title="Metric framework",
        collaborative=collaborative.name,
        columns=[
            "Theme",
            "Outcome",
            "Code",
            "Metric",
            "Unit",
            "Kind",
            "Direction",
            "Definition",
            "Numerator",
            "Denominator",
            "Proxy value",
            "Proxy source",
        ],
        rows=rows,
    )


def periods(*, user, collaborative, query):
    require(permissions.can_view_submissions(user, collaborative))
    periods_ = selectors.with_completion(
        selectors.periods_newest_first(collaborative=collaborative), collaborative=collaborative
    )
    return TableExport(
        title="Reporting periods",
        collaborative=collaborative.name,
        columns=[
            "Period",
            "State",
            "Deadline",
            "Submitted",
            "Expected",
            "Submitted (%)",
            "Verified",
            "Returned",
        ],
        rows=[
            [
                p.label,
                p.get_state_display(),
                date_text(p.deadline),
                p.counted,
                p.expected,
                p.percent,
                p.verified,
                p.returned,
            ]
            for p in periods_
        ],
    )


def _visible_values(user, collaborative):
    """The values this person may open: the facilitator's every one, a lead's their own."""
    values = MetricValue.objects.filter(collaborative=collaborative)
    allowed = permissions.value_organisation_ids(user, collaborative)
    if allowed is not None:
        values = values.filter(organisation_id__in=allowed)
    return values


def _organisation_filter(query, values):
    organisation = query.get("organisation", "")
    if organisation.isdigit():
        return values.filter(organisation_id=int(organisation)), organisation
    return values, ""


def submissions(*, user, collaborative, query):
    """The period's values as the submission grid shows them (a lead's own organisation, or every
    anchor's for the facilitator's overview), one row per organisation and metric."""
    require(permissions.can_view_submissions(user, collaborative))
    period = _period(collaborative, query)
    values, organisation = _organisation_filter(query, _visible_values(user, collaborative))
    values = (
        values.filter(period=period, metric__active=True)
        .select_related("organisation", "metric")
        .order_by("organisation__name", "metric__order", "metric__code", "pk")
    )
    filters = [f"Period: {period.label}"]
    if organisation:
        names = {
            o.pk: o.short_name
            for o in selectors.reporting_organisations(collaborative=collaborative)
        }
        filters.append(f"Organisation: {names.get(int(organisation), organisation)}")
    return TableExport(
        title=f"Submissions {period.short_label}",
        collaborative=collaborative.name,
        filters=filters,
        columns=[
            "Organisation",
            "Metric code",
            "Metric",
            "Unit",
            "Value",
            "Numerator",
            "Denominator",
            "State",
            "Evidence note",
            "Submitted",
            "Verified",
        ],
        count=values.count(),
        rows=queryset_rows(
            values,
            lambda v: [
                v.organisation.short_name,
                v.metric.code,
                v.metric.name,
                v.metric.get_unit_display(),
                v.value,
                v.numerator,
                v.denominator,
                v.get_state_display(),
                v.evidence_note,
                date_text(v.submitted_at and timezone.localtime(v.submitted_at).date()),
                date_text(v.verified_at and timezone.localtime(v.verified_at).date()),
            ],
        ),
    )


def late(*, user, collaborative, query):
    """The period page's late submissions."""
    require(permissions.can_view_submissions(user, collaborative))
    period = _period(collaborative, query)
    values = selectors.late_submissions(period=period)

    def row(value):
        submitted = timezone.localtime(value.first_submitted_at)
        by = value.submitted_by
        return [
            value.organisation.short_name,
            value.metric.code,
            value.metric.name,
            date_text(submitted.date()),
            (submitted.date() - period.deadline).days,
            getattr(getattr(by, "person", None), "name", "") or (by.get_full_name() if by else ""),
            value.get_state_display(),
        ]

    return TableExport(
        title=f"Late submissions {period.short_label}",
        collaborative=collaborative.name,
        filters=[f"Period: {period.label}"],
        columns=[
            "Anchor",
            "Metric code",
            "Metric",
            "First submitted",
            "Days late",
            "By",
            "State now",
        ],
        count=values.count(),
        rows=queryset_rows(values, row),
    )


def metric_progress(*, user, collaborative, query):
    """The metric page's progress table: each target, so far, its status and rule."""
    require(permissions.can_view_framework(user, collaborative))
    try:
        metric = selectors.metric_detail(collaborative=collaborative, pk=_url_pk(query, "metric"))
    except Metric.DoesNotExist as error:
        raise Http404 from error
    period = query.get("period", "")
    summary = selectors.metric_summary(
        metric=metric, period_id=int(period) if period.isdigit() else None
    )
    return TableExport(
        title=f"{metric.code} progress",
        collaborative=collaborative.name,
        filters=[f"Period: {summary.period.label}"] if summary.period else [],
        columns=["Whose", "Target for the year", "So far", "Status", "Rule", "Unit"],
        rows=[
            [
                t.label,
                t.target.value,
                t.actual,
                t.status_label,
                t.rule,
                metric.get_unit_display(),
            ]
            for t in summary.targets
        ],
    )


def figures(*, user, collaborative, query):
    """The tidy CSV: one row per organisation × metric × period with its figures and state, in
    the import's own columns, so it can be edited and imported again. No header block: the
    import reads the first row as the headings (docs/adr/0017-exports.md)."""
    require(permissions.can_view_submissions(user, collaborative))
    values, organisation = _organisation_filter(query, _visible_values(user, collaborative))
    filters = []
    if organisation:
        filters.append(f"Organisation: {organisation}")
    period = query.get("period", "")
    if period:
        parsed = parse_period_code(period)
        if parsed:
            values = values.filter(period__financial_year=parsed[0], period__quarter=parsed[1])
        elif period.isdigit():
            values = values.filter(period_id=int(period))
        filters.append(f"Period: {period}")
    metric = query.get("metric", "")
    if metric:
        values = values.filter(metric__code__iexact=metric)
        filters.append(f"Metric: {metric}")
    values = values.order_by(
        "period__financial_year",
        "period__quarter",
        "organisation__short_name",
        "metric__code",
        "pk",
    )
    units = dict(Metric.Unit.choices)
    # Plain tuples, not model instances: an export of every value reads 100,000 rows.
    fields = values.values_list(
        "organisation__short_name",
        "metric__code",
        "period__financial_year",
        "period__quarter",
        "value",
        "numerator",
        "denominator",
        "evidence_note",
        "state",
        "metric__name",
        "metric__unit",
    )
    return TableExport(
        title="Metric figures",
        filename="metric-figures",
        collaborative=collaborative.name,
        filters=filters,
        header=False,
        columns=[*COLUMNS, *TIDY_EXTRA],
        count=values.count(),
        rows=(
            [
                organisation,
                code,
                period_code(year, quarter),
                _number(value),
                _number(numerator),
                _number(denominator),
                note,
                state,
                name,
                units.get(unit, unit),
            ]
            for (
                organisation,
                code,
                year,
                quarter,
                value,
                numerator,
                denominator,
                note,
                state,
                name,
                unit,
            ) in fields.iterator(chunk_size=CHUNK_SIZE)
        ),
    )


def figures_download(request):
    """/metrics/figures/: the tidy CSV (``figures``) with ``period``, ``organisation`` and
    ``metric`` filters (``?format=xlsx`` for a workbook of the same)."""
    collaborative = member_collaborative(request)
    require(permissions.can_view_submissions(request.user, collaborative))
    if "format" not in request.GET:
        request.GET = request.GET.copy()
        request.GET["format"] = "csv"
    return export_response(request, "metrics.figures", collaborative=collaborative)
