"""Collective figures: totals and ratios per period, per-organisation breakdowns, change, targets,
RAG status and social value. Sums happen in SQL (GROUP BY); Python only combines the sums.

Only submitted, resubmitted and verified values count. A ratio is always Σ numerator ÷ Σ
denominator across organisations and quarters, never an average of percentages.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from metrics.formatting import format_figure
from metrics.models import Metric, MetricValue, ReportingPeriod, Target
from metrics.selectors.framework import reporting_organisations

HUNDRED = Decimal(100)
AMBER_BAND = Decimal("0.10")


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator * HUNDRED


@dataclass
class Figure:
    """A collective (or one organisation's) figure: an amount, or a ratio from its two sums."""

    unit: str
    is_ratio: bool
    total: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def value(self):
        return ratio(self.numerator, self.denominator) if self.is_ratio else self.total

    @property
    def display(self) -> str:
        return format_figure(self.value, self.unit)


@dataclass
class SeriesPoint:
    period: ReportingPeriod
    figure: Figure
    reporting: int = 0
    verified: int = 0
    previous: Decimal | None = None
    last_year: Decimal | None = None
    social_value: Decimal | None = None

    @property
    def value(self):
        return self.figure.value if self.reporting else None

    @property
    def change_previous(self):
        return _delta(self.value, self.previous)

    @property
    def change_last_year(self):
        return _delta(self.value, self.last_year)


def _delta(now, then):
    if now is None or then is None:
        return None
    return now - then


def _figure(metric, row=None) -> Figure:
    row = row or {}
    return Figure(
        unit=metric.unit,
        is_ratio=metric.is_ratio,
        total=row.get("total"),
        numerator=row.get("num"),
        denominator=row.get("den"),
    )


def _counted(metric):
    return MetricValue.objects.filter(metric=metric, state__in=MetricValue.COUNTED)


def metric_series(*, metric, periods) -> list[SeriesPoint]:
    """One point per period, oldest first, with change on the previous quarter and on the same
    quarter a year earlier, and social value where the metric has a proxy. One query."""
    sums = {
        row["period_id"]: row
        for row in _counted(metric)
        .values("period_id")
        .annotate(
            total=Sum("value"),
            num=Sum("numerator"),
            den=Sum("denominator"),
            reporting=Count("id"),
            verified=Count("id", filter=Q(state=MetricValue.State.VERIFIED)),
        )
        .order_by()
    }
    points, by_quarter = [], {}
    for period in periods:
        row = sums.get(period.pk, {})
        point = SeriesPoint(
            period=period,
            figure=_figure(metric, row),
            reporting=row.get("reporting", 0),
            verified=row.get("verified", 0),
        )
        if metric.proxy_value is not None and point.value is not None:
            point.social_value = point.value * metric.proxy_value
        points.append(point)
        by_quarter[(period.financial_year, period.quarter)] = point
    for point in points:
        previous_key, last_year_key = _comparison_keys(point.period)
        previous = by_quarter.get(previous_key)
        last_year = by_quarter.get(last_year_key)
        point.previous = previous.value if previous else None
        point.last_year = last_year.value if last_year else None
    return points


@dataclass
class OrganisationFigure:
    organisation: object
    figure: Figure
    state: str = ""
    previous: Decimal | None = None
    last_year: Decimal | None = None

    @property
    def value(self):
        return self.figure.value if self.state else None

    @property
    def change_previous(self):
        return _delta(self.value, self.previous)

    @property
    def change_last_year(self):
        return _delta(self.value, self.last_year)


def _period_key(period):
    return period.financial_year, period.quarter


def _comparison_keys(period):
    """(financial year, quarter) of the previous quarter and of the same quarter last year:
    the quarter before Q1 is Q4 of the year before."""
    fy, q = _period_key(period)
    return ((fy, q - 1) if q > 1 else (fy - 1, 4)), (fy - 1, q)


def neighbours(period, periods):
    """The previous quarter and the same quarter last year, where they are periods."""
    by_key = {_period_key(p): p for p in periods}
    previous_key, last_year_key = _comparison_keys(period)
    return by_key.get(previous_key), by_key.get(last_year_key)


def organisation_breakdown(*, metric, period, periods) -> list[OrganisationFigure]:
    """Each reporting organisation's figure for the period, with its previous quarter and the
    same quarter last year. Two queries whatever the number of organisations."""
    previous, last_year = neighbours(period, periods)
    wanted = [p.pk for p in (period, previous, last_year) if p is not None]
    found = {
        (org_id, period_id): (
            Figure(
                unit=metric.unit,
                is_ratio=metric.is_ratio,
                total=value,
                numerator=num,
                denominator=den,
            ),
            state,
        )
        for org_id, period_id, value, num, den, state in _counted(metric)
        .filter(period_id__in=wanted)
        .values_list("organisation_id", "period_id", "value", "numerator", "denominator", "state")
        .order_by()
    }

    def figure_for(org_id, p):
        entry = found.get((org_id, p.pk)) if p is not None else None
        return entry[0].value if entry else None

    rows = []
    for organisation in reporting_organisations(collaborative=metric.collaborative):
        figure, state = found.get(
            (organisation.pk, period.pk), (Figure(unit=metric.unit, is_ratio=metric.is_ratio), "")
        )
        rows.append(
            OrganisationFigure(
                organisation=organisation,
                figure=figure,
                state=state,
                previous=figure_for(organisation.pk, previous),
                last_year=figure_for(organisation.pk, last_year),
            )
        )
    return rows


@dataclass
class TargetProgress:
    target: Target
    label: str
    actual: Decimal | None
    expected: Decimal | None
    status: str  # green, amber, red, none
    rule: str
    basis: str = ""

    @property
    def status_label(self) -> str:
        return {"green": "Green", "amber": "Amber", "red": "Red"}.get(self.status, "No data")


def rag(*, metric, actual, target_value, quarter):
    """(status, expected, rule): the rule is written out so the page can show it."""
    unit = metric.unit
    pro_rata = metric.over_time == Metric.OverTime.FLOW and not metric.is_ratio
    expected = target_value * quarter / 4 if pro_rata else target_value
    what = (
        f"{format_figure(expected, unit)} (the year’s target of {format_figure(target_value, unit)}"
        f" pro rata to Q{quarter}: {quarter}/4)"
        if pro_rata and quarter < 4
        else format_figure(expected, unit)
    )
    if metric.direction == Metric.Direction.HIGHER:
        rule = f"Green at or above {what}; amber up to 10% below it; red more than 10% below it."
        amber_line = expected * (1 - AMBER_BAND)
        status = (
            "none"
            if actual is None
            else "green"
            if actual >= expected
            else "amber"
            if actual >= amber_line
            else "red"
        )
    else:
        rule = f"Green at or below {what}; amber up to 10% above it; red more than 10% above it."
        amber_line = expected * (1 + AMBER_BAND)
        status = (
            "none"
            if actual is None
            else "green"
            if actual <= expected
            else "amber"
            if actual <= amber_line
            else "red"
        )
    return status, expected, rule


def year_to_date(*, metric, period, series) -> tuple[Decimal | None, str]:
    """The collective figure for the financial year so far, and how it is worked out."""
    fy, q = _period_key(period)
    in_year = [
        p for p in series if p.period.financial_year == fy and p.period.quarter <= q and p.reporting
    ]
    if metric.over_time == Metric.OverTime.STOCK:
        point = next((p for p in series if p.period.pk == period.pk and p.reporting), None)
        return (point.value if point else None), f"the position in Q{q}"
    if not in_year:
        return None, ""
    quarters = ", ".join(f"Q{p.period.quarter}" for p in in_year)
    if metric.is_ratio:
        num = sum(p.figure.numerator or 0 for p in in_year)
        den = sum(p.figure.denominator or 0 for p in in_year)
        return ratio(num, den), f"Σ numerator ÷ Σ denominator over {quarters}"
    return sum(p.figure.total or 0 for p in in_year), f"the sum of {quarters}"


def target_progress(*, metric, period, series) -> list[TargetProgress]:
    """Progress against this financial year's targets: the collective one first, then each
    organisation's. Two queries."""
    fy, q = _period_key(period)
    targets = list(
        Target.objects.filter(metric=metric, financial_year=fy)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not targets:
        return []
    collective_actual, basis = year_to_date(metric=metric, period=period, series=series)
    per_org = {}
    if any(t.organisation_id for t in targets):
        quarters = (
            _counted(metric).filter(period_id=period.pk)
            if metric.over_time == Metric.OverTime.STOCK
            else _counted(metric).filter(
                period__financial_year=fy,
                period__quarter__lte=q,
                period__collaborative_id=metric.collaborative_id,
            )
        )
        for row in (
            quarters.values("organisation_id")
            .annotate(total=Sum("value"), num=Sum("numerator"), den=Sum("denominator"))
            .order_by()
        ):
            per_org[row["organisation_id"]] = _figure(metric, row).value
    progress = []
    for target in sorted(
        targets, key=lambda t: (t.organisation_id is not None, str(t.organisation))
    ):
        actual = (
            per_org.get(target.organisation_id) if target.organisation_id else collective_actual
        )
        status, expected, rule = rag(
            metric=metric, actual=actual, target_value=target.value, quarter=q
        )
        progress.append(
            TargetProgress(
                target=target,
                label=target.organisation.short_name if target.organisation_id else "Collective",
                actual=actual,
                expected=expected,
                status=status,
                rule=rule,
                basis=basis,
            )
        )
    return progress


@dataclass
class MetricSummary:
    metric: Metric
    periods: list
    period: ReportingPeriod | None
    series: list = field(default_factory=list)
    breakdown: list = field(default_factory=list)
    targets: list = field(default_factory=list)

    @property
    def point(self):
        return next((p for p in self.series if self.period and p.period.pk == self.period.pk), None)

    @property
    def fy_label(self):
        return self.period.fy_label if self.period else ""


def metric_summary(*, metric, period_id=None) -> MetricSummary:
    """Everything the metric page shows, in a fixed number of queries."""
    periods = list(
        ReportingPeriod.objects.filter(collaborative=metric.collaborative).order_by(
            "financial_year", "quarter"
        )
    )
    series = metric_series(metric=metric, periods=periods)
    period = next((p for p in periods if p.pk == period_id), None)
    if period is None:
        with_data = [p.period for p in series if p.reporting]
        period = with_data[-1] if with_data else (periods[-1] if periods else None)
    summary = MetricSummary(metric=metric, periods=periods, period=period, series=series)
    if period is not None:
        summary.breakdown = organisation_breakdown(metric=metric, period=period, periods=periods)
        summary.targets = target_progress(metric=metric, period=period, series=series)
    return summary
