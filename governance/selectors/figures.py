"""Collective figures the dashboard and the quarterly report share, each in a fixed number of
queries whatever the number of organisations, metrics or periods (sums in SQL, one GROUP BY)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils import timezone

from anchors.models import Organisation, Participation, Theme, Workstream
from metrics.formatting import format_figure
from metrics.models import Metric, MetricValue, ReportingPeriod, Target
from metrics.selectors.aggregation import Figure, rag
from procurement.selectors.pipeline import matches_in_next_months
from procurement.selectors.status import status_matrix
from workforce.selectors import hiring
from workforce.selectors import routes as routes_selectors

RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red", "none": "No target"}


@dataclass
class MetricLine:
    metric: Metric
    value: Decimal | None
    display: str
    ytd: Decimal | None
    ytd_display: str
    target: Decimal | None
    target_display: str
    status: str  # green / amber / red / none
    rule: str
    social_value: Decimal | None
    reporting: int = 0

    @property
    def status_label(self) -> str:
        return RAG_LABELS[self.status]


@dataclass
class Headline:
    period: ReportingPeriod | None
    lines: list[MetricLine] = field(default_factory=list)

    @property
    def social_value(self) -> Decimal:
        return sum((line.social_value or Decimal(0) for line in self.lines), Decimal(0))

    def count(self, status) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def with_target(self) -> int:
        return sum(1 for line in self.lines if line.status != "none")


def periods(*, collaborative) -> list[ReportingPeriod]:
    """Every reporting period, oldest first (one query)."""
    return list(
        ReportingPeriod.objects.filter(collaborative=collaborative).order_by(
            "financial_year", "quarter"
        )
    )


def themes(*, collaborative) -> list[Theme]:
    return list(Theme.objects.filter(collaborative=collaborative).order_by("name"))


def last_complete_period(period_list, *, today=None):
    """The latest period that has ended (the report's default quarter)."""
    today = today or timezone.localdate()
    ended = [p for p in period_list if p.end_date < today]
    return ended[-1] if ended else (period_list[0] if period_list else None)


def current_or_last(period_list, *, today=None):
    today = today or timezone.localdate()
    for period in period_list:
        if period.start_date <= today <= period.end_date:
            return period
    return last_complete_period(period_list, today=today)


def headline_metrics(*, collaborative, period, theme_id=None, period_list=None) -> Headline:
    """Each active metric's collective figure for the period, its year-to-date figure against
    the collective target for the financial year (RAG as on the metric page) and its £ social
    value. Three queries."""
    headline = Headline(period=period)
    if period is None:
        return headline
    metrics = Metric.objects.filter(collaborative=collaborative, active=True)
    if theme_id:
        metrics = metrics.filter(themes__id=theme_id)
    metrics = list(metrics.order_by("order", "code").distinct())
    fy, quarter = period.financial_year, period.quarter
    # The year's quarters so far, by id (the periods are already read: no join to them).
    if period_list is None:
        period_list = periods(collaborative=collaborative)
    quarter_of = {
        p.pk: p.quarter for p in period_list if p.financial_year == fy and p.quarter <= quarter
    }
    values = MetricValue.objects.filter(
        collaborative=collaborative,
        state__in=MetricValue.COUNTED,
        period_id__in=list(quarter_of),
    )
    if theme_id:
        values = values.filter(metric_id__in=[m.pk for m in metrics])
    sums: dict[int, dict[int, dict]] = {}
    for row in (
        values.values("metric_id", "period_id")
        .annotate(total=Sum("value"), num=Sum("numerator"), den=Sum("denominator"), n=Count("id"))
        .order_by()
    ):
        sums.setdefault(row["metric_id"], {})[quarter_of[row["period_id"]]] = row
    targets = {
        t.metric_id: t.value
        for t in Target.objects.filter(
            collaborative=collaborative, financial_year=fy, organisation__isnull=True
        )
    }
    for metric in metrics:
        quarters = sums.get(metric.pk, {})
        now = quarters.get(quarter)
        figure = Figure(
            unit=metric.unit,
            is_ratio=metric.is_ratio,
            total=(now or {}).get("total"),
            numerator=(now or {}).get("num"),
            denominator=(now or {}).get("den"),
        )
        value = figure.value if now else None
        if metric.over_time == Metric.OverTime.STOCK:
            ytd = value
        elif metric.is_ratio:
            num = sum((q["num"] or 0 for q in quarters.values()), Decimal(0))
            den = sum((q["den"] or 0 for q in quarters.values()), Decimal(0))
            ytd = num / den * 100 if den else None
        else:
            ytd = (
                sum((q["total"] or 0 for q in quarters.values()), Decimal(0)) if quarters else None
            )
        target = targets.get(metric.pk)
        if target is not None:
            status, expected, rule = rag(
                metric=metric, actual=ytd, target_value=target, quarter=quarter
            )
            if status == "none":
                status = "none"
        else:
            status, expected, rule = "none", None, "No collective target for this year."
        social = value * metric.proxy_value if (value is not None and metric.proxy_value) else None
        headline.lines.append(
            MetricLine(
                metric=metric,
                value=value,
                display=format_figure(value, metric.unit) if value is not None else "No data",
                ytd=ytd,
                ytd_display=format_figure(ytd, metric.unit) if ytd is not None else "No data",
                target=expected,
                target_display=format_figure(expected, metric.unit) if expected is not None else "",
                status=status if ytd is not None or target is None else "red",
                rule=rule,
                social_value=social,
                reporting=(now or {}).get("n", 0),
            )
        )
    # Metrics with a target first, then the rest, each in framework order.
    headline.lines.sort(key=lambda line: line.status == "none")
    return headline


@dataclass
class WorkstreamLine:
    workstream: Workstream
    participants: int
    lacking: list = field(default_factory=list)  # (organisation short name, days without)

    @property
    def longest_gap_days(self) -> int | None:
        return max((days for _, days in self.lacking), default=None)


def workstream_lines(*, collaborative, today=None) -> list[WorkstreamLine]:
    """Every open workstream with its status, participants and sponsorship gaps (and for how
    long each has lasted). One query: a row per participation (one for a workstream without),
    each carrying the four values shown, its workstream read with just its name and status."""
    today = today or timezone.localdate()
    rows = (
        Workstream.objects.filter(collaborative=collaborative)
        .exclude(status=Workstream.Status.CLOSED)
        .only("id", "name", "status")
        .annotate(
            participation_id=F("participations__id"),
            sponsorship=F("participations__sponsorship"),
            short_name=F("participations__organisation__short_name"),
            lacking_since=F("participations__sponsor_lacking_since"),
            joined=F("participations__joined_on"),
        )
        .order_by("name", "id", "participations__organisation__name")
    )
    lines: dict[int, WorkstreamLine] = {}
    for row in rows:
        line = lines.get(row.pk)
        if line is None:
            line = lines[row.pk] = WorkstreamLine(row, 0)
        if row.participation_id is None:
            continue
        line.participants += 1
        if row.sponsorship == Participation.Sponsorship.SECURED:
            continue
        since = row.lacking_since or row.joined
        days = (today - since).days if isinstance(since, datetime.date) else 0
        line.lacking.append((row.short_name, max(days, 0)))
    return list(lines.values())


def procurement_heatmap(*, collaborative, theme_id=None):
    """Each anchor's status against each theme and opportunity (four queries); with a theme
    chosen, only that theme's column."""
    matrix = status_matrix(collaborative=collaborative)
    if theme_id:
        keep = [i for i, c in enumerate(matrix.columns) if c.kind == "theme" and c.pk == theme_id]
        matrix.columns = [matrix.columns[i] for i in keep]
        for row in matrix.rows:
            row.cells = [row.cells[i] for i in keep]
    return matrix


def joint_tender_matches(*, collaborative, months=12, today=None, known=None):
    """Joint-tender matches whose windows run in the next ``months`` months, with the names of
    the anchors involved (one more query, none when ``known`` — short names by id, already read
    — names every one)."""
    matches = matches_in_next_months(collaborative=collaborative, months=months, today=today)
    names = dict(known or {})
    missing = {pk for match in matches for pk in match.anchor_ids} - names.keys()
    if missing:
        names.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "short_name"))
    return [(match, sorted(names.get(pk, "") for pk in match.anchor_ids)) for match in matches]


def _percent(share) -> str:
    return f"{share.value}%" if share.value is not None else "—"


def local_hiring(*, collaborative, period):
    """New starters by anchor for the period — living in the boroughs, from the most deprived
    deciles (one edition, named) — and routes into work, from the workforce app's selectors, as
    the report's plain tables (five queries, plus two for the routes). None without a period."""
    if period is None:
        return None
    settings = hiring.settings_for(collaborative=collaborative)
    cutoff = settings.deprived_decile_cutoff
    figures = hiring.hiring_figures(collaborative=collaborative, periods=[period])[0]
    together = figures.collective
    rows = [
        [
            line.organisation.short_name,
            line.figures.starters,
            _percent(line.figures.resident),
            _percent(line.figures.deprived),
            f"IMD {line.figures.edition.code}" if line.figures.edition else "—",
        ]
        for line in figures.anchors
    ]
    rows.append(
        [
            "All anchors",
            together.starters,
            _percent(together.resident),
            _percent(together.deprived),
            f"IMD {together.edition.code}" if together.edition else "—",
        ]
    )
    summary = (
        f"{together.starters:,} new starters across the anchors in {period.short_label}"
        + (
            f"; {together.resident.value}% of those whose home is known live in the "
            "collaborative's boroughs"
            if together.resident.value is not None
            else ""
        )
        + (
            f"; {together.deprived.value}% live in the most deprived neighbourhoods in England "
            f"(IMD deciles 1–{cutoff}, {together.edition.name})"
            if together.deprived.value is not None
            else ""
        )
        + "."
    )
    for edition, share in together.others:
        summary += (
            f" A further {share.denominator:,} starters recorded against the {edition.name} are "
            "not counted in that share (figures never mix editions)."
        )
    routes = routes_selectors.route_totals(collaborative=collaborative, period=period)
    return {
        "summary": summary,
        "tables": [
            {
                "key": "hiring",
                "caption": f"New starters by anchor, {period.short_label}",
                "columns": [
                    "Anchor",
                    "New starters",
                    "Living in the boroughs",
                    f"From IMD deciles 1–{cutoff}",
                    "Edition",
                ],
                "rows": rows,
                "numeric": [1, 2, 3],
            },
            {
                "key": "routes",
                "caption": f"Routes into work, {period.short_label}",
                "columns": [
                    "Anchor",
                    "Kind",
                    "Programmes",
                    "People reached",
                    "Into employment",
                ],
                "rows": [
                    [r.organisation, r.kind, r.programmes, r.people_reached, r.progressions]
                    for r in routes
                ],
                "numeric": [2, 3, 4],
            },
        ],
    }


WORKFORCE_FIGURES = [
    "Local hires living in the 10% and 20% most deprived neighbourhoods (IMD deciles 1 and 2), "
    "by anchor, this quarter and this year",
    "Apprenticeship starts and rotations across anchors",
    "Volunteers and school or college leavers moving into work with an anchor",
]
