"""Demo local hiring: eight quarters of illustrative new starters per anchor, with real City of
London and Hackney LSOA codes (and some from neighbouring boroughs), one anchor sharing counts
only, routes into work, and the local hiring metrics written as drafts for the open quarters.

Every figure is invented for illustration; the LSOA codes and their deciles are the official IMD
2019 ones. Loading again creates nothing new: a quarter an anchor already has starters or counts
for is left as it is.
"""

import datetime
import random
import zlib

from simple_history.utils import bulk_create_with_history

from anchors.common.errors import PortalError
from anchors.models import Membership, Organisation, Role
from metrics.models import ReportingPeriod
from workforce.deprivation import ensure_imd2019
from workforce.models import (
    LsoaDeprivation,
    Route,
    RouteActivity,
    RouteProgramme,
    Starter,
    StarterCount,
)
from workforce.models.hiring import Band
from workforce.selectors.hiring import settings_for
from workforce.services.hiring_metrics import hiring_metrics_add, hiring_metrics_write

QUARTERS = 8
COUNTS_ONLY = "NEL ICB"  # shares counts, not rows
# Neighbouring boroughs, for starters who live outside the collaborative's area: Tower Hamlets,
# Islington, Haringey, Waltham Forest, Newham.
NEIGHBOURS = ("E09000030", "E09000019", "E09000014", "E09000031", "E09000025")
# Starters a quarter (typical, before noise) and the route mix.
SIZE = {
    "ELFT": 24,
    "Homerton": 20,
    "Hackney Council": 16,
    "City of London": 10,
    "NEL ICB": 6,
    "GP Confederation": 5,
}
ROUTES = [
    (Route.DIRECT, 60),
    (Route.APPRENTICESHIP, 12),
    (Route.VOLUNTEER, 10),
    (Route.SCHOOL_COLLEGE, 8),
    (Route.EMPLOYMENT_SUPPORT, 10),
]
BANDS = [
    (Band.BAND_1_3, 30),
    (Band.BAND_4, 15),
    (Band.BAND_5, 20),
    (Band.BAND_6, 12),
    (Band.BAND_7, 8),
    (Band.BAND_8_9, 4),
    (Band.MEDICAL, 6),
    (Band.OTHER, 5),
]
# Routes into work: organisation, kind, partner, activity, people reached a quarter (typical).
ROUTE_PROGRAMMES = [
    ("ELFT", "volunteering", "ELFT Volunteer Service", "Ward and community volunteers with a "
     "volunteer-to-career pathway", 40),
    ("Homerton", "school_college", "BSix Sixth Form College", "Health careers taster days and "
     "work experience for year 12 students", 30),
    ("Homerton", "volunteering", "Homerton Hospital volunteers", "Volunteer to career "
     "programme", 25),
    ("Hackney Council", "school_college", "New City College (Hackney)", "Supported "
     "internships and T Level placements", 18),
    ("City of London", "school_college", "City of London Academy Shoreditch Park",
     "Mentoring and insight weeks", 22),
    ("GP Confederation", "volunteering", "Hackney CVS", "Practice volunteering with routes into "
     "reception and care navigator roles", 12),
]  # fmt: skip


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _periods(collaborative, today):
    started = ReportingPeriod.objects.filter(
        collaborative=collaborative, start_date__lte=today
    ).order_by("financial_year", "quarter")
    return list(started)[-QUARTERS:]


def _lsoas(edition, districts):
    """The LSOAs in the collaborative's boroughs and in neighbouring ones, with deciles."""
    rows = LsoaDeprivation.objects.filter(
        edition=edition, district_code__in=[*districts, *NEIGHBOURS]
    ).values_list("lsoa_code", "decile", "district_code")
    local = [(code, decile) for code, decile, district in rows if district in districts]
    near = [(code, decile) for code, decile, district in rows if district not in districts]
    return sorted(local), sorted(near)


def _facilitator(collaborative):
    membership = (
        Membership.objects.filter(
            collaborative=collaborative, role=Role.FACILITATOR, person__user__isnull=False
        )
        .select_related("person__user")
        .first()
    )
    return membership.person.user if membership else None


def load_hiring(collaborative, *, today):
    edition = ensure_imd2019()
    settings = settings_for(collaborative=collaborative)
    districts = settings.districts
    local, near = _lsoas(edition, districts)
    periods = _periods(collaborative, today)
    anchors = {
        o.short_name: o
        for o in Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        )
    }
    done_rows = set(
        Starter.objects.filter(collaborative=collaborative).values_list(
            "organisation_id", "period_id"
        )
    )
    done_counts = set(
        StarterCount.objects.filter(collaborative=collaborative).values_list(
            "organisation_id", "period_id"
        )
    )
    starters, counts = [], []
    for name, organisation in sorted(anchors.items()):
        size = SIZE.get(name, 6)
        rng = random.Random(zlib.crc32(name.encode()))  # noqa: S311 - illustrative data
        for index, period in enumerate(periods):
            # Local hiring rises slowly over the eight quarters (the work having an effect).
            local_share = 0.45 + 0.03 * index
            n = max(2, int(rng.gauss(size, size / 5)))
            key = (organisation.pk, period.pk)
            if name == COUNTS_ONLY:
                if key in done_counts:
                    continue
                resident = int(n * local_share)
                deprived = int(resident * 0.45)
                counts.append(
                    StarterCount(
                        collaborative=collaborative,
                        organisation=organisation,
                        period=period,
                        route=Route.DIRECT,
                        edition=edition,
                        decile_cutoff=settings.deprived_decile_cutoff,
                        starters=n,
                        resident_in_area=resident,
                        from_deprived_deciles=deprived,
                    )
                )
                continue
            if key in done_rows:
                continue
            days = (period.end_date - period.start_date).days
            for _ in range(n):
                roll = rng.random()
                if roll < 0.08:
                    lsoa, decile, in_area = "", None, None  # home not known
                elif roll < 0.08 + local_share:
                    (lsoa, decile), in_area = rng.choice(local), True
                else:
                    (lsoa, decile), in_area = rng.choice(near), False
                starters.append(
                    Starter(
                        collaborative=collaborative,
                        organisation=organisation,
                        period=period,
                        role_band=_weighted(rng, BANDS),
                        start_date=period.start_date
                        + datetime.timedelta(days=rng.randrange(days + 1)),
                        route=_weighted(rng, ROUTES),
                        home_lsoa=lsoa,
                        edition=edition if lsoa else None,
                        imd_decile=decile,
                        in_area=in_area,
                    )
                )
    if starters:
        bulk_create_with_history(
            starters, Starter, batch_size=500, default_change_reason="Demo data"
        )
    if counts:
        bulk_create_with_history(
            counts, StarterCount, batch_size=500, default_change_reason="Demo data"
        )
    routes = _routes(collaborative, anchors, periods)
    metrics = _metrics(collaborative, anchors, periods)
    return (
        f"{len(starters)} new starters and {len(counts)} counts over {len(periods)} quarters, "
        f"{routes} routes into work, {metrics} hiring metric values."
    )


def _routes(collaborative, anchors, periods) -> int:
    made = 0
    for name, kind, partner, activity, reached in ROUTE_PROGRAMMES:
        organisation = anchors.get(name)
        if organisation is None:
            continue
        programme, created = RouteProgramme.objects.get_or_create(
            collaborative=collaborative,
            organisation=organisation,
            partner=partner,
            defaults={"kind": kind, "activity": activity},
        )
        made += created
        rng = random.Random(zlib.crc32(partner.encode()))  # noqa: S311 - illustrative data
        have = set(
            RouteActivity.objects.filter(programme=programme).values_list("period_id", flat=True)
        )
        new = []
        for period in periods:
            people = max(3, int(rng.gauss(reached, reached / 4)))
            if period.pk in have:
                continue
            new.append(
                RouteActivity(
                    collaborative=collaborative,
                    programme=programme,
                    period=period,
                    people_reached=people,
                    progressions=int(people * rng.uniform(0.05, 0.2)),
                )
            )
        if new:
            bulk_create_with_history(
                new, RouteActivity, batch_size=100, default_change_reason="Demo data"
            )
    return made


def _metrics(collaborative, anchors, periods) -> int:
    """The hiring metrics added to the framework (if missing), and drafts written for the open
    quarters through the metrics service."""
    facilitator = _facilitator(collaborative)
    if facilitator is None:
        return 0
    try:
        hiring_metrics_add(user=facilitator, collaborative=collaborative)
    except PortalError:
        pass  # already there, or no outcome to put them under
    written = 0
    for period in periods:
        if not period.is_open:
            continue
        for organisation in anchors.values():
            try:
                result = hiring_metrics_write(
                    user=facilitator, organisation=organisation, period=period
                )
            except PortalError:
                continue
            written += len(result.written)
    return written
