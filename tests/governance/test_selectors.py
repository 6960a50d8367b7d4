"""Governance selectors: what the dashboard and the HWB report read, each in a fixed number of
queries."""

import datetime

import pytest
from django.utils import timezone

from anchors.models import Organisation
from governance.models import Condition, Decision, Escalation, Objective, Recommendation
from governance.selectors import (
    barriers,
    decisions_between,
    delegated_authority,
    escalations_by_age_and_level,
    flatten,
    governance_tree,
    open_escalations_between,
    roadmap,
    self_assessment_trend,
    waiting_for_decision,
)
from governance.services.registers import assessment_record
from tests.anchors.factories import OrganisationFactory, PersonFactory, WorkstreamFactory
from tests.governance.factories import (
    AuthorityFactory,
    BarrierFactory,
    escalation_to,
)
from tests.governance.factories import (
    governance_tree as build_tree,
)
from tests.metrics.factories import MetricFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(collaborative, sponsor_a, facilitator):
    return build_tree(
        collaborative=collaborative,
        sponsor=sponsor_a,
        facilitator=facilitator,
        workstream=WorkstreamFactory(collaborative=collaborative),
    )


def test_the_tree_reads_top_down_in_two_queries(collaborative, tree, django_assert_num_queries):
    with django_assert_num_queries(2):
        nodes = flatten(governance_tree(collaborative))
        names = [(node.group.name, node.depth) for node in nodes]
        members = [len(node.group.members.all()) for node in nodes]
    assert names == [
        ("HWB", 0),
        ("Senior leaders' board", 1),
        ("Steering group", 2),
        ("Working group", 3),
    ]
    assert members == [0, 1, 1, 0]


def test_escalations_by_age_and_level_count_open_ones_in_one_query(
    collaborative, tree, facilitator, django_assert_num_queries
):
    raiser = facilitator.person
    escalation_to(tree["board"], raised_by=raiser, days_ago=2)
    escalation_to(tree["board"], raised_by=raiser, days_ago=40)
    escalation_to(tree["steering"], raised_by=raiser, days_ago=100)
    closed = escalation_to(tree["steering"], raised_by=raiser, days_ago=1)
    closed.state, closed.closed_on = Escalation.State.WITHDRAWN, timezone.localdate()
    closed.save()
    with django_assert_num_queries(1):
        rows = escalations_by_age_and_level(collaborative)
    counts = {(row.kind, row.band): row.count for row in rows if row.count}
    assert counts == {
        ("senior_board", "Up to a week"): 1,
        ("senior_board", "31 to 90 days"): 1,
        ("steering", "Over 90 days"): 1,
    }
    assert len(rows) == 4 * 4  # every level and band, with 0 where there are none


def test_open_escalations_and_decisions_between_dates(collaborative, tree, facilitator, sponsor_a):
    today = timezone.localdate()
    raiser = facilitator.person
    still_open = escalation_to(tree["board"], raised_by=raiser, days_ago=50)
    closed_before = escalation_to(tree["board"], raised_by=raiser, days_ago=60)
    closed_before.state = Escalation.State.RESOLVED
    closed_before.closed_on = today - datetime.timedelta(days=40)
    closed_before.save()
    escalation_to(tree["board"], raised_by=raiser, days_ago=0)  # raised after the window
    start, end = today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)
    assert list(open_escalations_between(collaborative, start, end)) == [still_open]
    decision = Decision.objects.create(
        collaborative=collaborative,
        what="Adopt the metrics",
        decided_by=sponsor_a.person,
        authority="Board",
        decided_on=today - datetime.timedelta(days=5),
    )
    Decision.objects.create(
        collaborative=collaborative,
        what="Older",
        decided_by=sponsor_a.person,
        authority="Board",
        decided_on=today - datetime.timedelta(days=45),
    )
    assert list(decisions_between(collaborative, start, end)) == [decision]


def test_waiting_for_decision_is_oldest_first_and_only_the_addressees(
    collaborative, tree, facilitator, sponsor_a, lead_a
):
    raiser = facilitator.person
    newer = escalation_to(tree["board"], raised_by=raiser, days_ago=1)
    older = escalation_to(tree["board"], raised_by=raiser, days_ago=9)
    escalation_to(tree["steering"], raised_by=raiser)
    assert list(waiting_for_decision(sponsor_a, collaborative)) == [older, newer]
    assert list(waiting_for_decision(lead_a, collaborative)) == []


def test_self_assessment_trend_means_and_counts_per_quarter(
    collaborative, org_a, org_b, facilitator
):
    q1 = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=1)
    q2 = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=2)
    for period, scores in ((q1, (2, 4)), (q2, (3, 5))):
        for organisation, score in zip((org_a, org_b), scores, strict=True):
            assessment_record(
                user=facilitator,
                organisation=organisation,
                period=period,
                respondent=facilitator.person,
                ratings={c: (score, "") for c in Condition.values},
            )
    points = self_assessment_trend(collaborative)
    assert len(points) == 2 * 5
    first = points[0]
    assert (first.period, first.condition, first.mean, first.n) == (
        "2025/26 Q1",
        "common_agenda",
        3.0,
        2,
    )
    assert points[-1].period == "2025/26 Q2"
    assert points[-1].mean == 4.0


@pytest.mark.parametrize("organisations", [6, 50])
def test_registers_read_in_a_fixed_number_of_queries(
    collaborative, organisations, django_assert_max_num_queries
):
    workstream = WorkstreamFactory(collaborative=collaborative)
    orgs = [
        OrganisationFactory(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        )
        for _ in range(organisations)
    ]
    for organisation in orgs:
        person = PersonFactory(collaborative=collaborative, organisation=organisation)
        AuthorityFactory(collaborative=collaborative, organisation=organisation, person=person)
    barrier = BarrierFactory(collaborative=collaborative)
    barrier.organisations.set(orgs)
    barrier.workstreams.set([workstream])
    metric = MetricFactory(collaborative=collaborative)
    Objective.objects.create(collaborative=collaborative, title="Spend locally").metrics.set(
        [metric]
    )
    Recommendation.objects.create(
        collaborative=collaborative, number=1, title="Bring leaders together"
    )
    with django_assert_max_num_queries(1):
        assert len(list(delegated_authority(collaborative))) == organisations
    with django_assert_max_num_queries(3):
        rows = list(barriers(collaborative))
        assert len(rows[0].organisations.all()) == organisations
    with django_assert_max_num_queries(3):
        found = roadmap(collaborative)
        assert [m.pk for m in found.objectives[0].metrics.all()] == [metric.pk]
