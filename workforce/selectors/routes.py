"""Routes into work: each anchor's volunteer programmes and school or college partnerships, and
the people reached and progressions into employment by period, summed in SQL."""

from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q, Sum

from workforce.models import RouteActivity, RouteProgramme


def programme_list(*, collaborative, organisation_id=None):
    """Programmes with their totals over every period (one query)."""
    programmes = RouteProgramme.objects.filter(collaborative=collaborative).select_related(
        "organisation"
    )
    if organisation_id:
        programmes = programmes.filter(organisation_id=organisation_id)
    return programmes.annotate(
        reached=Sum("counts__people_reached"), progressed=Sum("counts__progressions")
    ).order_by("organisation__name", "kind", "partner")


def programme_detail(*, collaborative, pk) -> RouteProgramme:
    return RouteProgramme.objects.select_related("organisation").get(
        collaborative=collaborative, pk=pk
    )


def activities(*, programme):
    return (
        RouteActivity.objects.filter(programme=programme)
        .select_related("period")
        .order_by("-period__financial_year", "-period__quarter")
    )


@dataclass
class RouteLine:
    organisation: str
    kind: str
    programmes: int
    people_reached: int
    progressions: int


def route_totals(*, collaborative, period) -> list[RouteLine]:
    """Per anchor and kind: programmes running or counted in the period, people reached and
    progressions in the period (one query). A programme has one count a period at most, so only
    that count is joined (every period's counts joined and filtered cost most of the page)."""
    rows = (
        RouteProgramme.objects.filter(collaborative=collaborative)
        .annotate(now=FilteredRelation("counts", condition=Q(counts__period=period)))
        .filter(Q(active=True) | Q(now__isnull=False))
        .values("organisation__name", "organisation__short_name", "kind")
        .annotate(
            programmes=Count("id", distinct=True),
            people=Sum("now__people_reached"),
            progressed=Sum("now__progressions"),
        )
        .order_by("organisation__name", "kind")
    )
    kinds = dict(RouteProgramme.Kind.choices)
    return [
        RouteLine(
            row["organisation__short_name"],
            kinds[row["kind"]],
            row["programmes"],
            row["people"] or 0,
            row["progressed"] or 0,
        )
        for row in rows
    ]
