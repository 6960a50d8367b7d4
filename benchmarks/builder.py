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
