"""Reads of the registers: delegated authority, barriers, the roadmap, self-assessment."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch

from anchors.models import Organisation, Person
from governance.models import (
    Barrier,
    Condition,
    DelegatedAuthority,
    Objective,
    Recommendation,
    SelfAssessment,
)
from metrics.models import Metric
from metrics.models.periods import financial_year_label


def delegated_authority(collaborative, *, organisation=None):
    """Every delegated authority with its organisation and person, by organisation; one query."""
    rows = DelegatedAuthority.objects.filter(collaborative=collaborative).select_related(
        "organisation", "person"
    )
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return rows.order_by("organisation__name", "kind", "person__name")


def barriers(collaborative, *, status=None, category=None):
    """Barriers with owner, workstreams and organisations (3 queries); open ones first."""
    rows = (
        Barrier.objects.filter(collaborative=collaborative)
        .select_related("owner__organisation")
        .prefetch_related(
            "workstreams", Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
        )
    )
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category=category)
    return rows.order_by("status", "title")


@dataclass
class Roadmap:
    recommendations: list
    objectives: list


def roadmap(collaborative) -> Roadmap:
    """The recommendations (with owners) and the shared objectives with their metrics
    (3 queries)."""
    return Roadmap(
        recommendations=list(
            Recommendation.objects.filter(collaborative=collaborative).select_related(
                "owner__organisation"
            )
        ),
        objectives=list(
            Objective.objects.filter(collaborative=collaborative).prefetch_related(
                Prefetch("metrics", queryset=Metric.objects.order_by("code"))
            )
        ),
    )


def _period_label(financial_year, quarter):
    return f"{financial_year_label(financial_year)} Q{quarter}"


@dataclass
class TrendPoint:
    period_id: int
    period: str
    financial_year: int
    quarter: int
    condition: str
    condition_label: str
    mean: float
    n: int


def self_assessment_trend(collaborative, *, periods=None) -> list[TrendPoint]:
    """Per quarter and condition, the mean score and how many anchors rated it, oldest quarter
    first; computed in SQL, one query. ``periods`` (ids) limits the quarters."""
    rows = SelfAssessment.objects.filter(collaborative=collaborative)
    if periods is not None:
        rows = rows.filter(period_id__in=periods)
    labels = dict(Condition.choices)
    order = {value: i for i, value in enumerate(labels)}
    counted = (
        rows.values("period_id", "period__financial_year", "period__quarter", "condition")
        .annotate(mean=Avg("score"), n=Count("pk"))
        .order_by("period__financial_year", "period__quarter")
    )
    points = [
        TrendPoint(
            period_id=row["period_id"],
            period=_period_label(row["period__financial_year"], row["period__quarter"]),
            financial_year=row["period__financial_year"],
            quarter=row["period__quarter"],
            condition=row["condition"],
            condition_label=str(labels[row["condition"]]),
            mean=round(float(row["mean"]), 2),
            n=row["n"],
        )
        for row in counted
    ]
    points.sort(key=lambda p: (p.financial_year, p.quarter, order[p.condition]))
    return points


def assessments_for(*, collaborative, period):
    """One quarter's ratings with organisation and respondent; one query."""
    return (
        SelfAssessment.objects.filter(collaborative=collaborative, period=period)
        .select_related("organisation", "respondent")
        .order_by("organisation__name", "condition")
    )


def representative_organisations(user, collaborative):
    """Core anchors this user may rate for (their own organisations)."""
    return Organisation.objects.filter(
        collaborative=collaborative,
        role=Organisation.CollaborativeRole.CORE_ANCHOR,
        people__user=user,
    ).distinct()


def people(*, collaborative):
    return Person.objects.filter(collaborative=collaborative).select_related("organisation")
