"""Reads for the submission grid, the facilitator's overview, periods and single values."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from anchors.common.history import HistorySource, history_rows
from metrics.models import ImportBatch, Metric, MetricValue, ReportingPeriod
from metrics.selectors.framework import metric_list, reporting_organisations

State = MetricValue.State
PEOPLE = (
    "entered_by__person",
    "submitted_by__person",
    "verified_by__person",
    "returned_by__person",
)


def period_detail(*, collaborative, pk):
    return ReportingPeriod.objects.filter(collaborative=collaborative).get(pk=pk)


def current_period(*, collaborative, today=None):
    """The period being collected now: the open period whose deadline comes next; failing that
    (every open period is past its deadline) the latest open one; else the latest period.

    An earlier quarter left open for late values is not the one "Submit values" should open."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(collaborative=collaborative)
    open_periods = periods.filter(state=ReportingPeriod.State.OPEN)
    return (
        open_periods.filter(deadline__gte=today).order_by("deadline", "pk").first()
        or open_periods.order_by("-financial_year", "-quarter").first()
        or periods.order_by("-financial_year", "-quarter").first()
    )


def late_after(period) -> datetime.datetime:
    """Submissions at or after this moment missed the deadline (the end of deadline day)."""
    day = period.deadline + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


@dataclass
class GridRow:
    metric: Metric
    value: MetricValue | None

    @property
    def editable(self) -> bool:
        return self.value is None or self.value.state in MetricValue.EDITABLE


def organisation_grid(*, period, organisation) -> list[GridRow]:
    """Every active metric with this organisation's value for the period (two queries)."""
    values = {
        v.metric_id: v
        # The grid names who returned a value; the other people of a value are its own page's.
        for v in MetricValue.objects.filter(period=period, organisation=organisation)
        .select_related("returned_by__person")
        .order_by()
    }
    rows = []
    for metric in metric_list(collaborative=period.collaborative):
        value = values.get(metric.pk)
        if value is not None:
            value.metric, value.period, value.organisation = metric, period, organisation
        rows.append(GridRow(metric=metric, value=value))
    return rows


@dataclass
class OverviewCell:
    organisation: object
    value: "OverviewValue | None"
    can_verify: bool = False

    @property
    def state(self) -> str:
        return self.value.state if self.value else "missing"


@dataclass
class OverviewRow:
    organisation: object
    cells: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def complete(self) -> int:
        return sum(self.counts.get(s, 0) for s in MetricValue.COUNTED)

    @property
    def expected(self) -> int:
        return len(self.cells)


class OverviewValue:
    """A value as the facilitator's grid shows it, read as plain columns: a page of the grid has
    hundreds of values, and a model instance for each cost more than the rest of the page. It
    answers what the grid asks of a ``MetricValue`` the same way (the model's own ``ratio`` and
    ``short_display``; ``updated_at`` for ``version_of``; who submitted or entered it for
    ``is_own_value``)."""

    __slots__ = (
        "pk",
        "metric",
        "value",
        "numerator",
        "denominator",
        "state",
        "submitted_by_id",
        "entered_by_id",
        "updated_at",
    )
    COLUMNS = __slots__[:1] + __slots__[2:]
    ratio = MetricValue.ratio
    short_display = MetricValue.short_display
    _STATE_LABELS = dict(MetricValue.State.choices)

    def __init__(self, metric, pk, value, numerator, denominator, state, submitted, entered, at):
        self.pk, self.metric, self.value = pk, metric, value
        self.numerator, self.denominator, self.state = numerator, denominator, state
        self.submitted_by_id, self.entered_by_id, self.updated_at = submitted, entered, at

    def get_state_display(self) -> str:
        return self._STATE_LABELS.get(self.state, self.state)


def overview_grid(*, period, organisations=None):
    """All reporting organisations × active metrics for the period: three queries in all."""
    metrics = list(  # what the grid shows of a metric, and its unit for the figures
        metric_list(collaborative=period.collaborative)
        .select_related(None)
        .only("code", "name", "unit")
    )
    if organisations is None:
        organisations = list(reporting_organisations(collaborative=period.collaborative))
    by_pk = {m.pk: m for m in metrics}
    values = {
        (organisation_id, metric_id): OverviewValue(by_pk.get(metric_id), *columns)
        for organisation_id, metric_id, *columns in MetricValue.objects.filter(
            period=period, organisation__in=[o.pk for o in organisations]
        )
        .order_by()
        .values_list("organisation_id", "metric_id", *OverviewValue.COLUMNS)
    }
    rows = []
    for organisation in organisations:
        row = OverviewRow(organisation=organisation)
        cells, counts = row.cells, row.counts
        for metric in metrics:
            value = values.get((organisation.pk, metric.pk))
            cells.append(OverviewCell(organisation=organisation, value=value))
            state = value.state if value else "missing"
            counts[state] = counts.get(state, 0) + 1
        rows.append(row)
    return metrics, rows


@dataclass
class CompletionRow:
    organisation: object
    expected: int
    counts: dict
    late: int

    def count(self, state) -> int:
        return self.counts.get(state, 0)

    @property
    def counted(self) -> int:
        return sum(self.counts.get(s, 0) for s in MetricValue.COUNTED)

    @property
    def outstanding(self) -> int:
        """Not yet submitted: missing, drafts and values returned for revision."""
        return max(0, self.expected - self.counted)

    @property
    def missing(self) -> int:
        return max(0, self.expected - sum(self.counts.values()))

    @property
    def percent(self) -> int:
        return round(100 * self.counted / self.expected) if self.expected else 0


def period_completion(*, period) -> list[CompletionRow]:
    """Per reporting organisation: values by state, missing, and how many were late."""
    expected = Metric.objects.filter(collaborative=period.collaborative, active=True).count()
    counts, late = {}, {}
    for row in (
        MetricValue.objects.filter(period=period, metric__active=True)
        .values("organisation_id", "state")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(first_submitted_at__gte=late_after(period))),
        )
        .order_by()
    ):
        counts.setdefault(row["organisation_id"], {})[row["state"]] = row["n"]
        late[row["organisation_id"]] = late.get(row["organisation_id"], 0) + row["late"]
    return [
        CompletionRow(
            organisation=org,
            expected=expected,
            counts=counts.get(org.pk, {}),
            late=late.get(org.pk, 0),
        )
        for org in reporting_organisations(collaborative=period.collaborative)
    ]


def period_totals(*, period, organisations, metrics) -> dict:
    """Every reporting organisation's values for the period together, whatever page of anchors
    the facilitator's grid shows: how many are expected, complete (submitted or verified) and
    waiting to be checked. One query, counting by state alone."""
    counts = dict(
        MetricValue.objects.filter(
            period=period,
            organisation__in=[o.pk for o in organisations],
            metric__in=[m.pk for m in metrics],
        )
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "expected": len(metrics) * len(organisations),
        "complete": sum(counts.get(s, 0) for s in MetricValue.COUNTED),
        "awaiting": sum(counts.get(s, 0) for s in MetricValue.AWAITING),
    }


def late_submissions(*, period):
    """Values first submitted after the deadline, by organisation (a queryset: paginate it, then
    ``with_days_late`` the page)."""
    return (
        MetricValue.objects.filter(period=period, first_submitted_at__gte=late_after(period))
        .select_related("organisation", "metric", "submitted_by__person")
        .order_by("organisation__name", "metric__code", "pk")
    )


def with_days_late(values, *, period):
    """The values, each with ``days_late``: days from the deadline to its first submission."""
    values = list(values)
    for value in values:
        submitted_on = timezone.localtime(value.first_submitted_at).date()
        value.days_late = (submitted_on - period.deadline).days
    return values


def periods_newest_first(*, collaborative):
    return ReportingPeriod.objects.filter(collaborative=collaborative).order_by(
        "-financial_year", "-quarter"
    )


def with_completion(periods, *, collaborative):
    """The periods (a page of them), each with how complete it is: three queries (four once a
    metric is retired), reading only those periods' values."""
    periods = list(periods)
    ids = [p.pk for p in periods]
    flags = list(Metric.objects.filter(collaborative=collaborative).values_list("pk", "active"))
    inactive = [pk for pk, active in flags if not active]
    expected = (len(flags) - len(inactive)) * reporting_organisations(
        collaborative=collaborative
    ).count()

    def by_period_and_state(values):
        return values.values("period_id", "state").annotate(n=Count("id")).order_by()

    # Every value of the periods counted from the (period, state) index alone — joining each
    # to its metric to ask whether it is active read all 100,000 rows of forty quarters — then
    # the values of retired metrics, if any, taken off.
    counts = {}
    for row in by_period_and_state(MetricValue.objects.filter(period__in=ids)):
        counts.setdefault(row["period_id"], {})[row["state"]] = row["n"]
    if inactive:
        retired = MetricValue.objects.filter(period__in=ids, metric__in=inactive)
        for row in by_period_and_state(retired):
            counts[row["period_id"]][row["state"]] -= row["n"]
    for period in periods:
        period_counts = counts.get(period.pk, {})
        period.counted = sum(period_counts.get(s, 0) for s in MetricValue.COUNTED)
        period.verified = period_counts.get(State.VERIFIED, 0)
        period.returned = period_counts.get(State.RETURNED, 0)
        period.expected = expected
        period.percent = round(100 * period.counted / expected) if expected else 0
    return periods


def period_overview(*, collaborative):
    """Every period, newest first, with how complete it is."""
    return with_completion(
        periods_newest_first(collaborative=collaborative), collaborative=collaborative
    )


def value_detail(*, collaborative, pk):
    return (
        MetricValue.objects.filter(collaborative=collaborative)
        .select_related("metric", "period", "organisation", *PEOPLE)
        .get(pk=pk)
    )


HIDDEN_IN_HISTORY = {
    "Entered by",
    "Submitted at",
    "First submitted at",
    "Verified at",
    "Returned at",
    "Returned by",
}


def value_history(*, value):
    """Who changed the value, when, what it was before and after, and why."""
    return history_rows(
        HistorySource(
            MetricValue.history.filter(id=value.pk).select_related("history_user__person"),
            label=lambda r: "Value",
            hidden=frozenset(HIDDEN_IN_HISTORY),
        )
    )


def recent_imports(*, collaborative, user, limit=5):
    """The person's latest uploads (without their content)."""
    return ImportBatch.objects.filter(collaborative=collaborative, created_by=user).defer(
        "content", "parsed"
    )[:limit]


def own_import(*, collaborative, user, pk) -> ImportBatch:
    """An upload of the person's own: only whoever uploaded a file sees its preview."""
    return ImportBatch.objects.get(collaborative=collaborative, created_by=user, pk=pk)


def returned_values(*, collaborative, organisation_ids, limit=8):
    """Values returned for revision to these organisations, newest first: (a page of them, the
    number in all). Two queries."""
    returned = MetricValue.objects.filter(
        collaborative=collaborative,
        organisation_id__in=organisation_ids,
        state=MetricValue.State.RETURNED,
    )
    rows = list(
        returned.select_related("metric", "period", "organisation", "returned_by").order_by(
            "-returned_at", "-pk"
        )[:limit]
    )
    return rows, returned.count()


def awaiting_verification(*, collaborative):
    """For each open period, the values waiting to be verified: [(period, count)], one query."""
    open_periods = ReportingPeriod.objects.filter(
        collaborative=collaborative, state=ReportingPeriod.State.OPEN
    ).values("pk")
    counts = (
        # By open period first: the (period, state) index reads only their waiting values.
        MetricValue.objects.filter(period__in=open_periods, state__in=MetricValue.AWAITING)
        .values("period")
        .annotate(waiting=Count("pk"))
        .order_by()
    )
    waiting = {row["period"]: row["waiting"] for row in counts}
    periods = ReportingPeriod.objects.filter(pk__in=waiting).order_by("financial_year", "quarter")
    return [(period, waiting[period.pk]) for period in periods]
