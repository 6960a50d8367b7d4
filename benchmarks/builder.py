"""The large collaborative of the performance targets, made with bulk inserts in seconds: 50
anchors (two inactive), 500 people, 2,000 workshops with attendees, 20,000 actions, and 60
metrics × 40 quarters of every anchor's values (about 100,000) in a mix of states.

    from benchmarks.builder import build_large
    data = build_large(workshops=2000, actions=20000, metrics=60, periods=40)

Used by benchmarks/pages.py, the browser test of long lists, and any later benchmark that needs a
collaborative with years of data (the dashboard's). Sign-ins are made with a TOTP authenticator
where two-factor is required, as real ones are.
"""

import secrets
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings
from django.utils import timezone

from anchors.models import (
    Action,
    Attendance,
    Collaborative,
    Membership,
    Organisation,
    Participation,
    Person,
    Role,
    User,
    Workshop,
    Workstream,
)
from metrics.models import Metric, MetricValue, Outcome, ReportingPeriod
from metrics.models.periods import quarter_dates, quarter_of

LARGE_NAME = "Large Anchor Collaborative"
LARGE = {
    "organisations": 50,
    "people_per_organisation": 10,
    "workshops": 2000,
    "actions": 20000,
    "metrics": 60,
    "periods": 40,
}


def _login(organisation, role, email):
    """A sign-in whose person holds ``role`` for ``organisation``."""
    user = User.objects.create_user(email=email, password=secrets.token_urlsafe(24))
    person = Person.objects.create(
        collaborative=organisation.collaborative,
        organisation=organisation,
        name=email.split("@")[0].replace(".", " ").title(),
        email=email,
        user=user,
    )
    Membership.objects.create(
        collaborative=organisation.collaborative,
        person=person,
        organisation=organisation,
        role=role,
    )
    if role in settings.MFA_REQUIRED_ROLES:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": generate_totp_secret()}
        )
    return user


FIRST_NAMES = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hugo", "Isla", "Jamal"]
SURNAMES = ["Okafor", "Shah", "Gallagher", "Adeyemi", "Marsh", "Novak", "Reid", "Khan", "Lowe"]
VERBS = ["Share", "Draft", "Agree", "Review", "Map", "Publish", "Collect", "Circulate", "Test"]
OBJECTS = [
    "the supplier list",
    "the social value clauses",
    "local spend figures",
    "the apprenticeship pipeline",
    "the joint tender timetable",
    "the net zero baseline",
    "the living wage audit",
]


def build_large(
    collaborative=None,
    *,
    facilitator=None,
    organisations=50,
    inactive=2,
    people_per_organisation=10,
    workstreams=5,
    workshops=300,
    actions=3000,
    metrics=20,
    outcomes=5,
    periods=4,
    lead_email="lead.large@example.org",
    facilitator_email="facilitator.large@example.org",
    today=None,
):
    """A large collaborative made with bulk inserts: anchors (the last ``inactive`` of them
    inactive), their people, workstreams each organisation takes part in, workshops with
    attendees, actions (a third done), and a metric framework with every anchor's values for
    ``periods`` quarters (the latest open, the rest closed) in a mix of states."""
    today = today or timezone.localdate()
    if collaborative is None:
        collaborative = Collaborative.objects.create(name=LARGE_NAME, place="Largetown")
    if facilitator is None:
        backbone = Organisation.objects.create(
            collaborative=collaborative,
            name="Largetown Backbone Team",
            short_name="Backbone",
            kind=Organisation.Kind.OTHER,
            role=Organisation.CollaborativeRole.BACKBONE,
        )
        facilitator = _login(backbone, Role.FACILITATOR, facilitator_email)
    orgs = Organisation.objects.bulk_create(
        Organisation(
            collaborative=collaborative,
            name=f"Anchor Organisation {i + 1:02d}",
            short_name=f"Anchor {i + 1:02d}",
            kind=Organisation.Kind.NHS_TRUST if i % 2 else Organisation.Kind.LOCAL_AUTHORITY,
            role=Organisation.CollaborativeRole.CORE_ANCHOR,
            active=i < organisations - inactive,
        )
        for i in range(organisations)
    )
    people = Person.objects.bulk_create(
        Person(
            collaborative=collaborative,
            organisation=org,
            name=f"{FIRST_NAMES[(o + p) % len(FIRST_NAMES)]} "
            f"{SURNAMES[(o * 3 + p) % len(SURNAMES)]} {o * people_per_organisation + p + 1}",
            job_title="Procurement officer" if p % 2 else "Workforce lead",
            email=f"person{o}-{p}@example.org",
        )
        for o, org in enumerate(orgs)
        for p in range(people_per_organisation)
    )
    streams = Workstream.objects.bulk_create(
        Workstream(
            collaborative=collaborative,
            name=f"Workstream {w + 1}",
            status=Workstream.Status.ACTIVE,
            purpose="Buy together to keep money in the local economy.",
        )
        for w in range(workstreams)
    )
    Participation.objects.bulk_create(
        Participation(
            collaborative=collaborative,
            workstream=stream,
            organisation=org,
            joined_on=today - timedelta(days=400),
        )
        for o, org in enumerate(orgs)
        for w, stream in enumerate(streams)
        if o % workstreams in (w, (w + 1) % workstreams)
    )
    held = Workshop.objects.bulk_create(
        Workshop(
            collaborative=collaborative,
            workstream=streams[n % workstreams],
            date=today - timedelta(days=3 * n + 1),
            title=f"Workshop {workshops - n}: {OBJECTS[n % len(OBJECTS)]}",
        )
        for n in range(workshops)
    )
    attendances, seen = [], set()
    for n, workshop in enumerate(held):
        for k in range(8):
            person = people[(n * 7 + k * 13) % len(people)]
            if (workshop.pk, person.pk) not in seen:
                seen.add((workshop.pk, person.pk))
                attendances.append(
                    Attendance(
                        collaborative=collaborative,
                        workshop=workshop,
                        person=person,
                        organisation_id=person.organisation_id,
                    )
                )
    Attendance.objects.bulk_create(attendances)
    Action.objects.bulk_create(
        Action(
            collaborative=collaborative,
            workshop=held[n % workshops],
            owner=people[n % len(people)],
            organisation_id=people[n % len(people)].organisation_id,
            description=f"{VERBS[n % len(VERBS)]} {OBJECTS[n % len(OBJECTS)]} (item {n + 1})",
            due_date=today + timedelta(days=(n % 90) - 30),
            state=Action.State.DONE if n % 3 == 0 else Action.State.OPEN,
            completed_on=today - timedelta(days=n % 20) if n % 3 == 0 else None,
        )
        for n in range(actions)
    )
    groups = Outcome.objects.bulk_create(
        Outcome(collaborative=collaborative, name=f"Outcome {g + 1}", order=g)
        for g in range(outcomes)
    )
    framework = Metric.objects.bulk_create(
        Metric(
            collaborative=collaborative,
            code=f"M-{m + 1:03d}",
            name=f"Measure {m + 1} of {OBJECTS[m % len(OBJECTS)]}",
            definition="What counts, and what does not.",
            outcome=groups[m % outcomes],
            unit=Metric.Unit.COUNT,
            kind=Metric.Kind.AMOUNT,
            over_time=Metric.OverTime.FLOW,
            direction=Metric.Direction.HIGHER,
            order=m,
        )
        for m in range(metrics)
    )
    current = quarter_of(today)
    quarters = []
    for back in range(periods - 1, -1, -1):
        index = current[0] * 4 + current[1] - 1 - back
        fy, quarter = divmod(index, 4)
        start, end = quarter_dates(fy, quarter + 1)
        quarters.append(
            ReportingPeriod(
                collaborative=collaborative,
                financial_year=fy,
                quarter=quarter + 1,
                start_date=start,
                end_date=end,
                deadline=end + timedelta(days=30),
                state=ReportingPeriod.State.OPEN if back == 0 else ReportingPeriod.State.CLOSED,
            )
        )
    quarters = ReportingPeriod.objects.bulk_create(quarters)
    lead = _login(orgs[0], Role.PROCUREMENT_LEAD, lead_email)
    states = [
        MetricValue.State.VERIFIED,
        MetricValue.State.SUBMITTED,
        MetricValue.State.DRAFT,
        MetricValue.State.SUBMITTED,
        MetricValue.State.RETURNED,
        None,  # missing
    ]
    values = []
    for p, period in enumerate(quarters):
        for o, org in enumerate(orgs[: organisations - inactive]):
            for m, metric in enumerate(framework):
                state = states[(o + m + p) % len(states)]
                if state is None:
                    continue
                values.append(
                    MetricValue(
                        collaborative=collaborative,
                        organisation=org,
                        metric=metric,
                        period=period,
                        value=Decimal((o * 7 + m * 3 + p) % 400 + 10),
                        state=state,
                        return_reason="Check the count." if state == "returned" else "",
                        entered_by=lead,
                        submitted_by=None if state == MetricValue.State.DRAFT else lead,
                        verified_by=facilitator if state == MetricValue.State.VERIFIED else None,
                    )
                )
    MetricValue.objects.bulk_create(values, batch_size=2000)
    return SimpleNamespace(
        collaborative=collaborative,
        facilitator=facilitator,
        organisations=orgs,
        people=people,
        workstreams=streams,
        workshops=held,
        metrics=framework,
        periods=quarters,
        lead=lead,
    )


# --- Workforce ---------------------------------------------------------------------------------
WORKFORCE = {"starters_per_quarter": 9, "programmes": 75, "apprentices": 2000, "rotations": 30}
# The demo's routes and bands, weighted as the demo loader weights them (workforce.demo.hiring).
STANDARDS = [
    ("Senior Healthcare Support Worker", 3, "Healthcare support worker", 18),
    ("Nursing Associate", 5, "Nursing associate", 24),
    ("Project Manager", 4, "Project manager", 24),
    ("Data Analyst", 4, "Data analyst", 24),
    ("Chartered Manager (degree)", 6, "Team manager", 48),
    ("Business Administrator", 3, "Business administrator", 18),
    ("Digital Marketer", 3, "Digital marketer", 18),
    ("Registered Nurse (degree)", 6, "Registered nurse", 48),
]
PROVIDERS = ["Hackney Community College", "Multiverse", "QA Ltd", "University of East London"]
PARTNERS = ["Volunteer Service", "Sixth Form College", "Community College", "Academy"]


def _weighted_list(pairs):
    return [value for value, weight in pairs for _ in range(weight)]


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def build_workforce(data, *, today=None, **sizes):
    """Years of workforce data for the large collaborative, with bulk inserts (and their history
    rows, as the demo loader writes them): every active anchor's starter counts by route for every
    quarter, starter rows for three anchors in four (``starters_per_quarter`` a quarter, real IMD
    2019 LSOAs of the demo's boroughs and their neighbours), two routes into work per anchor with
    a count for every quarter, apprenticeship programmes with apprentices, and rotations with
    hosts (some signed off), a cohort and its placements."""
    import random

    from simple_history.utils import bulk_create_with_history

    from workforce.demo.hiring import BANDS, NEIGHBOURS, ROUTES
    from workforce.deprivation import ensure_imd2019
    from workforce.models import (
        Apprentice,
        ApprenticeshipProgramme,
        LsoaDeprivation,
        Placement,
        Rotation,
        RotationHost,
        RotationMember,
        Route,
        RouteActivity,
        RouteProgramme,
        Starter,
        StarterCount,
        WorkforceSettings,
    )
    from workforce.models.hiring import DEFAULT_AREA_DISTRICTS

    sizes = {**WORKFORCE, **sizes}
    today = today or timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 - made-up data
    collaborative, user = data.collaborative, data.facilitator
    anchors = [o for o in data.organisations if o.active]
    periods = [p for p in data.periods if p.start_date <= today]

    def bulk(objs, model):
        return bulk_create_with_history(
            objs, model, batch_size=2000, default_user=user, default_change_reason="Benchmark data"
        )

    edition = ensure_imd2019()
    settings_row = bulk([WorkforceSettings(collaborative=collaborative)], WorkforceSettings)[0]
    districts = settings_row.districts or DEFAULT_AREA_DISTRICTS.split(", ")
    lsoas = LsoaDeprivation.objects.filter(
        edition=edition, district_code__in=[*districts, *NEIGHBOURS]
    ).values_list("lsoa_code", "decile", "district_code")
    local = [(code, decile) for code, decile, district in lsoas if district in districts]
    near = [(code, decile) for code, decile, district in lsoas if district not in districts]
    routes, bands = _weighted_list(ROUTES), _weighted_list(BANDS)
    cutoff = settings_row.deprived_decile_cutoff

    counts, starters = [], []
    for o, org in enumerate(anchors):
        for p, period in enumerate(periods):
            for r, route in enumerate(Route.values):
                n = (o * 3 + p + r * 5) % 12 + 1
                resident = n * (45 + p) // 100
                counts.append(
                    StarterCount(
                        collaborative=collaborative,
                        organisation=org,
                        period=period,
                        route=route,
                        edition=edition,
                        decile_cutoff=cutoff,
                        starters=n,
                        resident_in_area=resident,
                        from_deprived_deciles=resident * 45 // 100,
                    )
                )
            if o % 4 == 3:
                continue  # shares counts only
            days = (min(period.end_date, today) - period.start_date).days
            for _ in range(sizes["starters_per_quarter"] + (o + p) % 5 - 2):
                roll = rng.random()
                if roll < 0.08 or not local:
                    (lsoa, decile), in_area = ("", None), None
                elif roll < 0.53 + 0.005 * p:
                    (lsoa, decile), in_area = rng.choice(local), True
                else:
                    (lsoa, decile), in_area = rng.choice(near), False
                starters.append(
                    Starter(
                        collaborative=collaborative,
                        organisation=org,
                        period=period,
                        role_band=rng.choice(bands),
                        start_date=period.start_date + timedelta(days=rng.randrange(days + 1)),
                        route=rng.choice(routes),
                        home_lsoa=lsoa,
                        edition=edition if lsoa else None,
                        imd_decile=decile,
                        in_area=in_area,
                    )
                )
    bulk(counts, StarterCount)
    bulk(starters, Starter)

    route_programmes = bulk(
        [
            RouteProgramme(
                collaborative=collaborative,
                organisation=org,
                kind=kind,
                partner=f"{org.short_name} {PARTNERS[(o + k) % len(PARTNERS)]}",
                activity="Taster days, work experience and a volunteer-to-career pathway",
                active=(o + k) % 7 != 0,
            )
            for o, org in enumerate(anchors)
            for k, kind in enumerate(RouteProgramme.Kind.values)
        ],
        RouteProgramme,
    )
    activity = []
    for n, programme in enumerate(route_programmes):
        for p, period in enumerate(periods):
            reached = (n * 7 + p * 3) % 40 + 5
            activity.append(
                RouteActivity(
                    collaborative=collaborative,
                    programme=programme,
                    period=period,
                    people_reached=reached,
                    progressions=reached * ((n + p) % 20) // 100,
                )
            )
    bulk(activity, RouteActivity)

    P = ApprenticeshipProgramme.Status
    statuses = [P.RUNNING, P.RUNNING, P.RECRUITING, P.COMPLETED, P.PLANNED, P.PAUSED, P.CLOSED]
    programme_rows = []
    for n in range(sizes["programmes"]):
        org = anchors[n % len(anchors)]
        standard, level, occupation, months = STANDARDS[n % len(STANDARDS)]
        transfer = n % 10 == 9
        programme_rows.append(
            ApprenticeshipProgramme(
                collaborative=collaborative,
                organisation=org,
                standard_name=standard,
                level=level,
                occupation=occupation,
                places=n % 12 + 2,
                start_date=_add_months(today, -((n * 5) % 60) + 3),
                duration_months=months,
                training_provider=PROVIDERS[n % len(PROVIDERS)],
                funding=ApprenticeshipProgramme.Funding.LEVY_TRANSFER
                if transfer
                else ApprenticeshipProgramme.Funding.LEVY,
                transfer_from=anchors[(n + 1) % len(anchors)] if transfer else None,
                transfer_amount=Decimal(12000 + n * 100) if transfer else None,
                status=statuses[n % len(statuses)],
            )
        )
    programmes = bulk(programme_rows, ApprenticeshipProgramme)
    outcomes = _weighted_list(
        [
            (Apprentice.Outcome.IN_LEARNING, 6),
            (Apprentice.Outcome.COMPLETED, 2),
            (Apprentice.Outcome.PROGRESSED, 1),
            (Apprentice.Outcome.WITHDRAWN, 1),
        ]
    )
    apprentice_rows = []
    for n in range(sizes["apprentices"]):
        # Uneven cohorts: the first programmes are the big ones.
        programme = programmes[min(int(rng.expovariate(1 / 18)), len(programmes) - 1)]
        months = STANDARDS[programmes.index(programme) % len(STANDARDS)][3]
        start = programme.start_date + timedelta(days=rng.randrange(120))
        lsoa, decile = rng.choice(local + near) if local and n % 9 else ("", None)
        apprentice_rows.append(
            Apprentice(
                collaborative=collaborative,
                programme=programme,
                reference=f"A{anchors.index(programme.organisation) + 1:02d}-{n + 1:05d}",
                start_date=start,
                expected_end_date=_add_months(start, months) - timedelta(days=1),
                outcome=rng.choice(outcomes),
                home_lsoa=lsoa,
                edition=edition if lsoa else None,
                imd_decile=decile,
            )
        )
    apprentices = bulk(apprentice_rows, Apprentice)

    people = list(Person.objects.filter(collaborative=collaborative).order_by("pk")[:200])
    states = list(Rotation.State.values)
    rotations = bulk(
        [
            Rotation(
                collaborative=collaborative,
                name=f"Rotating apprenticeship {r + 1}: {STANDARDS[r % len(STANDARDS)][0]}",
                description="Apprentices spend six months with each host anchor.",
                state=states[r % len(states)],
                state_reason="Waiting for the hosts' senior sponsors." if r % 4 == 2 else "",
                start_date=_add_months(today, -((r * 2) % 36)),
                end_date=_add_months(today, -((r * 2) % 36) + 18) - timedelta(days=1),
            )
            for r in range(sizes["rotations"])
        ],
        Rotation,
    )
    hosts, members, plan = [], [], []
    now = timezone.now()
    for r, rotation in enumerate(rotations):
        chosen = [anchors[(r * 3 + h * 7) % len(anchors)] for h in range(3 + r % 3)]
        signed = rotation.state != Rotation.State.DRAFT
        for h, org in enumerate(chosen):
            sponsor = people[(r * 5 + h) % len(people)] if signed or h % 2 else None
            hosts.append(
                RotationHost(
                    collaborative=collaborative,
                    rotation=rotation,
                    organisation=org,
                    capacity=2 + h % 2,
                    supervisor="Programme management office lead",
                    signed_off_by=sponsor,
                    signed_off_at=now if sponsor else None,
                )
            )
        cohort = rng.sample(apprentices, 6 + r % 7)
        members += [
            RotationMember(collaborative=collaborative, rotation=rotation, apprentice=a)
            for a in cohort
        ]
        plan.append((rotation, len(chosen), cohort))
    hosts = bulk(hosts, RotationHost)
    bulk(members, RotationMember)
    by_rotation = {}
    for host in hosts:
        by_rotation.setdefault(host.rotation_id, []).append(host)
    placements = []
    for rotation, _, cohort in plan:
        lanes = by_rotation[rotation.pk]
        for m, apprentice in enumerate(cohort):
            start = rotation.start_date
            for step in range(3):
                end = min(start + timedelta(weeks=rotation.placement_weeks), rotation.end_date)
                if end <= start:
                    break
                placements.append(
                    Placement(
                        collaborative=collaborative,
                        rotation=rotation,
                        apprentice=apprentice,
                        host=lanes[(m + step) % len(lanes)],
                        start_date=start,
                        end_date=end,
                        supervisor="Programme management office lead",
                        learning_objectives="Run a workstream; report to a board; keep a risk log.",
                    )
                )
                start = end + timedelta(days=1)
    bulk(placements, Placement)
    return SimpleNamespace(
        starters=len(starters),
        starter_counts=len(counts),
        route_programmes=len(route_programmes),
        route_activity=len(activity),
        programmes=len(programmes),
        apprentices=len(apprentices),
        rotations=len(rotations),
        hosts=len(hosts),
        members=len(members),
        placements=len(placements),
    )
