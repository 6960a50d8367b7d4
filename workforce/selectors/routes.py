"""Routes into work: each anchor's volunteer programmes and school or college partnerships, and
the people reached and progressions into employment by period, summed in SQL."""

from dataclasses import dataclass

from django.db.models import Sum

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
    """Per anchor and kind: active programmes, people reached and progressions in the period
    (two queries)."""
    reached = {
        (row["programme__organisation__short_name"], row["programme__kind"]): row
        for row in RouteActivity.objects.filter(collaborative=collaborative, period=period)
        .values("programme__organisation__short_name", "programme__kind")
        .annotate(people=Sum("people_reached"), progressed=Sum("progressions"))
        .order_by()
    }
    kinds = dict(RouteProgramme.Kind.choices)
    lines = {}
    for organisation, kind in (
        RouteProgramme.objects.filter(collaborative=collaborative, active=True)
        .order_by("organisation__name", "kind")
        .values_list("organisation__short_name", "kind")
    ):
        line = lines.setdefault((organisation, kind), RouteLine(organisation, kinds[kind], 0, 0, 0))
        line.programmes += 1
    for key, row in reached.items():
        line = lines.setdefault(key, RouteLine(key[0], kinds[key[1]], 0, 0, 0))
        line.people_reached = row["people"] or 0
        line.progressions = row["progressed"] or 0
    return sorted(lines.values(), key=lambda line: (line.organisation, line.kind))
