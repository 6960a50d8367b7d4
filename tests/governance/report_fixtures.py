"""Data for the dashboard and report tests: a metric with a target and values over quarters, a
governance tree with an escalation waiting for sponsor A, a decision, a barrier, the roadmap,
delegated authority and self-assessments. ``grow(n)`` adds n more of each kind of row."""

import datetime
from decimal import Decimal

from anchors.models import Person
from governance.models import (
    Barrier,
    Decision,
    DelegatedAuthority,
    Escalation,
    Group,
    Objective,
    Recommendation,
    SelfAssessment,
)
from metrics.models import MetricValue
from tests.anchors.factories import OrganisationFactory
from tests.metrics.factories import MetricFactory, PeriodFactory, TargetFactory, ValueFactory

CONDITIONS = [
    "common_agenda",
    "shared_measurement",
    "mutually_reinforcing",
    "continuous_communication",
    "backbone_support",
]


def person_of(user):
    return Person.objects.get(user=user)


def build(collaborative, *, orgs, facilitator, sponsor, n=1, start_year=2025):
    """Quarters of 2025-26 Q1..Q4 (n>1: more quarters, metrics, organisations and rows)."""
    periods = [
        PeriodFactory(collaborative=collaborative, financial_year=start_year, quarter=q)
        for q in range(1, 5)
    ]
    for extra in range(1, n):
        for q in range(1, 5):
            periods.append(
                PeriodFactory(
                    collaborative=collaborative, financial_year=start_year - extra, quarter=q
                )
            )
    orgs = list(orgs) + [
        OrganisationFactory(collaborative=collaborative, name=f"Extra {i}", short_name=f"X{i}")
        for i in range(3 * (n - 1))
    ]
    metrics = []
    for i in range(2 * n):
        metric = MetricFactory(
            collaborative=collaborative,
            code=f"LOC-{i:02d}",
            name=f"Local jobs {i}",
            proxy_value=Decimal("100"),
            proxy_source="TOMs 2025",
            proxy_year=2025,
        )
        TargetFactory(metric=metric, financial_year=start_year, value=Decimal("400"))
        metrics.append(metric)
        for period in periods:
            for org in orgs:
                ValueFactory(
                    metric=metric,
                    period=period,
                    organisation=org,
                    value=Decimal("25"),
                    state=MetricValue.State.SUBMITTED,
                )
    fac, sponsor_person = person_of(facilitator), person_of(sponsor)
    hwb = Group.objects.create(
        collaborative=collaborative, name="Health and Wellbeing Board", kind="hwb"
    )
    board = Group.objects.create(
        collaborative=collaborative,
        name="Senior leaders' board",
        kind="senior_board",
        parent=hwb,
        chair=sponsor_person,
    )
    board.members.add(sponsor_person)
    q2 = periods[1]
    escalations = []
    for i in range(n):
        escalations.append(
            Escalation.objects.create(
                collaborative=collaborative,
                title=f"Sign off the joint apprenticeship pilot {i}",
                ask="decision",
                detail="The pilot needs a sponsor's decision.",
                impact="The pilot stays paused.",
                needed_by=q2.end_date,
                addressed_group=board,
                addressed_sponsor=sponsor_person,
                raised_by=fac,
                raised_on=q2.start_date + datetime.timedelta(days=3),
            )
        )
        Decision.objects.create(
            collaborative=collaborative,
            what=f"Join the supplier engagement day {i}",
            decided_by=sponsor_person,
            authority="Senior leaders' board",
            group=board,
            decided_on=q2.start_date + datetime.timedelta(days=10),
        )
        Barrier.objects.create(
            collaborative=collaborative, title=f"Timescales and processes {i}", category="timeline"
        )
        Recommendation.objects.create(
            collaborative=collaborative,
            number=i + 1,
            title=f"Recommendation {i + 1}",
            status="in_progress",
            next_step="Agree the governance structure",
        )
        objective = Objective.objects.create(collaborative=collaborative, title=f"Objective {i}")
        objective.metrics.add(metrics[0])
    for org in orgs[:2]:
        DelegatedAuthority.objects.create(
            collaborative=collaborative,
            organisation=org,
            person=sponsor_person,
            kind="spend",
            spend_limit=Decimal("50000"),
            reviewed_on=datetime.date(2025, 4, 1),
        )
    for period in periods[:4]:
        for org in orgs[:2]:
            for condition in CONDITIONS:
                SelfAssessment.objects.create(
                    collaborative=collaborative,
                    period=period,
                    organisation=org,
                    respondent=sponsor_person,
                    condition=condition,
                    score=3,
                )
    return {"periods": periods, "metrics": metrics, "escalations": escalations, "orgs": orgs}
