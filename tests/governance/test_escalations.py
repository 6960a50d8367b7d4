"""Escalations: raising, acknowledging, deciding (the decision log), auto-escalation, who may
decide, and delegated authority shown on the page."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from anchors.common.locking import version_of
from anchors.models import Action, Role
from governance.models import Decision, Escalation, GovernanceSettings
from governance.selectors import waiting_for_decision
from governance.services.escalations import escalations_escalate_overdue
from governance.tasks import escalate_overdue
from procurement.models import JointProposal
from tests.anchors.factories import ThemeFactory, WorkshopFactory, WorkstreamFactory, login_for
from tests.governance.factories import AuthorityFactory, escalation_to, governance_tree
from tests.procurement.factories import StatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(collaborative, sponsor_a, facilitator):
    workstream = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    return governance_tree(
        collaborative=collaborative,
        sponsor=sponsor_a,
        facilitator=facilitator,
        workstream=workstream,
    )


def _history(escalation):
    return list(
        Escalation.history.filter(id=escalation.pk)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )


def test_raising_from_a_workstream_addresses_the_group_above_its_working_group(
    client_for, lead_a, tree
):
    client = client_for(lead_a)
    workstream = tree["working"].workstream
    url = reverse("governance:escalation_new") + f"?source=anchors.workstream:{workstream.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Raised from workstream" in page.content.decode()
    assert page.context["form"].initial["addressed_group"] == tree["steering"]
    needed = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        url,
        {
            "title": "Align timetables",
            "ask": "decision",
            "detail": "Three anchors re-let within a year.",
            "impact": "Windows close.",
            "needed_by_0": needed.day,
            "needed_by_1": needed.month,
            "needed_by_2": needed.year,
            "addressed_group": tree["steering"].pk,
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.workstream == workstream
    assert escalation.raised_by == lead_a.person
    assert escalation.state == Escalation.State.RAISED
    assert _history(escalation) == ["Raised"]


def test_a_source_of_another_collaborative_is_not_found(client_for, lead_a, tree):
    other = WorkstreamFactory()
    url = reverse("governance:escalation_new") + f"?source=anchors.workstream:{other.pk}"
    assert client_for(lead_a).get(url).status_code == 404


def test_bad_input_names_the_field_and_writes_nothing(client_for, lead_a, tree):
    response = client_for(lead_a).post(
        reverse("governance:escalation_new"),
        {"title": "", "ask": "decision", "addressed_group": tree["steering"].pk},
    )
    assert response.status_code == 200
    assert "Enter" in response.content.decode()
    assert response.context["form"].errors.keys() >= {"title", "detail", "impact", "needed_by"}
    assert not Escalation.objects.exists()


def test_lifecycle_acknowledge_then_decide_records_a_decision_with_a_follow_up_action(
    client_for, sponsor_a, facilitator, tree
):
    WorkshopFactory(workstream=tree["working"].workstream, date=timezone.localdate())
    escalation = escalation_to(tree["board"], raised_by=facilitator.person)
    client = client_for(sponsor_a)
    page = client.get(escalation.get_absolute_url())
    assert "Waiting for your decision" in page.content.decode()
    client.post(
        reverse("governance:escalation_acknowledge", args=[escalation.pk]),
        {"version": version_of(escalation)},
    )
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.ACKNOWLEDGED
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("governance:escalation_decide", args=[escalation.pk]),
        {
            "version": version_of(escalation),
            "what": "Align the timetables for a joint tender.",
            "authority": "Senior leaders' board",
            "follow_up": "Draft the joint specification",
            "follow_up_owner": facilitator.person.pk,
            "follow_up_due_0": due.day,
            "follow_up_due_1": due.month,
            "follow_up_due_2": due.year,
        },
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.DECIDED
    decision = Decision.objects.get()
    assert decision.escalation == escalation
    assert decision.decided_by == sponsor_a.person
    assert decision.authority == "Senior leaders' board"
    action = decision.follow_up_actions.get()
    assert action.description == "Draft the joint specification"
    assert Action.objects.filter(pk=action.pk, owner=facilitator.person).exists()
    assert _history(escalation)[1:] == ["Acknowledged", "Decided"]
    page = client.get(escalation.get_absolute_url()).content.decode()
    assert "Align the timetables for a joint tender." in page
    log = client.get(reverse("governance:decision_list")).content.decode()
    assert "Align the timetables for a joint tender." in log


def test_auto_escalation_moves_once_and_says_so_in_history(facilitator, tree):
    GovernanceSettings.objects.create(
        collaborative=tree["board"].collaborative, acknowledge_within_days=5
    )
    overdue = escalation_to(tree["steering"], raised_by=facilitator.person, days_ago=6)
    on_time = escalation_to(tree["steering"], raised_by=facilitator.person, days_ago=4)
    assert escalations_escalate_overdue() == 1
    assert escalate_overdue() == 0  # the beat task: the second run moves nothing
    call_command("escalate_overdue")
    overdue.refresh_from_db()
    on_time.refresh_from_db()
    assert overdue.addressed_group == tree["board"]
    assert overdue.addressed_on == timezone.localdate()
    assert overdue.auto_escalations == 1
    assert on_time.addressed_group == tree["steering"]
    reasons = _history(overdue)
    assert (
        reasons.count(
            "Moved up automatically to Senior leaders' board: not acknowledged within 5 days"
        )
        == 1
    )
    schedule = settings.CELERY_BEAT_SCHEDULE["governance-escalate-overdue"]
    assert schedule["task"] == "governance.escalate_overdue"


def test_auto_escalation_moves_up_again_only_after_another_wait(facilitator, tree):
    escalation = escalation_to(tree["steering"], raised_by=facilitator.person, days_ago=11)
    today = timezone.localdate()
    assert escalations_escalate_overdue(today=today) == 1
    assert escalations_escalate_overdue(today=today + datetime.timedelta(days=10)) == 0
    assert escalations_escalate_overdue(today=today + datetime.timedelta(days=11)) == 1
    escalation.refresh_from_db()
    assert escalation.addressed_group == tree["hwb"]
    # The top of the tree has nowhere to go.
    assert escalations_escalate_overdue(today=today + datetime.timedelta(days=30)) == 0


def test_acknowledged_escalations_do_not_move(client_for, sponsor_a, facilitator, tree):
    escalation = escalation_to(tree["board"], raised_by=facilitator.person, days_ago=20)
    client_for(sponsor_a).post(
        reverse("governance:escalation_acknowledge", args=[escalation.pk]),
        {"version": version_of(escalation)},
    )
    assert escalations_escalate_overdue() == 0


@pytest.mark.parametrize("role", ["facilitator", "lead_a", "lead_b", "hwb_member", "viewer"])
def test_only_the_addressee_decides_others_get_403_and_nothing_is_written(
    client_for, role, request, facilitator, tree
):
    user = request.getfixturevalue(role)
    escalation = escalation_to(tree["board"], raised_by=facilitator.person)
    client = client_for(user)
    decide = reverse("governance:escalation_decide", args=[escalation.pk])
    assert client.get(decide).status_code == 403
    response = client.post(
        decide,
        {"version": version_of(escalation), "what": "Forged", "authority": "Nobody"},
    )
    assert response.status_code == 403
    ack = reverse("governance:escalation_acknowledge", args=[escalation.pk])
    assert client.post(ack, {"version": version_of(escalation)}).status_code == 403
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.RAISED
    assert not Decision.objects.exists()
    assert (
        "Waiting for your decision"
        not in client.get(escalation.get_absolute_url()).content.decode()
    )


def test_a_sponsor_not_on_the_addressed_group_cannot_decide_but_a_named_one_can(
    client_for, org_b, facilitator, tree
):
    other_sponsor = login_for(organisation=org_b, role=Role.SENIOR_SPONSOR, email="s.b@example.org")
    escalation = escalation_to(tree["board"], raised_by=facilitator.person)
    client = client_for(other_sponsor)
    assert (
        client.get(reverse("governance:escalation_decide", args=[escalation.pk])).status_code == 403
    )
    assert list(waiting_for_decision(other_sponsor, tree["board"].collaborative)) == []
    named = escalation_to(
        tree["steering"], raised_by=facilitator.person, addressed_sponsor=other_sponsor.person
    )
    assert client.get(reverse("governance:escalation_decide", args=[named.pk])).status_code == 200
    assert list(waiting_for_decision(other_sponsor, tree["board"].collaborative)) == [named]


def test_a_stale_decision_is_refused(client_for, sponsor_a, facilitator, tree):
    escalation = escalation_to(tree["board"], raised_by=facilitator.person)
    opened = version_of(escalation)
    escalation.title = "Changed meanwhile"
    escalation.save()
    response = client_for(sponsor_a).post(
        reverse("governance:escalation_decide", args=[escalation.pk]),
        {"version": opened, "what": "Yes", "authority": "Board"},
    )
    assert response.status_code == 200
    assert "Someone else changed this escalation" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_page_shows_whether_someone_with_the_authority_is_addressed(
    client_for, sponsor_a, lead_a, org_a, facilitator, tree
):
    escalation = escalation_to(
        tree["board"],
        raised_by=facilitator.person,
        asks_organisation=org_a,
        authority_needed="spend",
        amount=Decimal("40000"),
    )
    client = client_for(lead_a)
    page = client.get(escalation.get_absolute_url()).content.decode()
    assert "No one with that delegated authority" in page
    AuthorityFactory(
        collaborative=org_a.collaborative,
        organisation=org_a,
        person=sponsor_a.person,
        kind="spend",
        spend_limit=Decimal("250000"),
    )
    page = client.get(escalation.get_absolute_url()).content.decode()
    assert "someone with that delegated authority is among those it is addressed to" in page
    assert sponsor_a.person.name in page
    # Not enough: a limit below the amount asked does not count.
    escalation.amount = Decimal("300000")
    escalation.save()
    page = client.get(escalation.get_absolute_url()).content.decode()
    assert "No one with that delegated authority" in page


def test_withdrawing_needs_a_reason_and_is_for_the_raiser(client_for, lead_a, lead_b, tree):
    escalation = escalation_to(tree["steering"], raised_by=lead_a.person)
    url = reverse("governance:escalation_close", args=[escalation.pk])
    assert client_for(lead_b).get(url).status_code == 403
    client = client_for(lead_a)
    response = client.post(
        url, {"version": version_of(escalation), "state": "withdrawn", "note": ""}
    )
    assert response.status_code == 200
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.RAISED
    client.post(url, {"version": version_of(escalation), "state": "withdrawn", "note": "Sorted."})
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.WITHDRAWN
    assert escalation.closed_on == timezone.localdate()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_and_waiting_run_a_flat_number_of_queries(
    client_for, sponsor_a, facilitator, tree, rows, django_assert_max_num_queries
):
    for number in range(rows):
        escalation_to(tree["board"], raised_by=facilitator.person, days_ago=number)
    client = client_for(sponsor_a)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("governance:escalation_list"))
    assert len(page.context["waiting"]) == min(rows, 20)


@pytest.mark.parametrize("kind", ["procurement.match", "procurement.status"])
def test_raising_from_a_procurement_page_links_back_to_it(
    client_for, collaborative, lead_a, org_a, tree, kind
):
    if kind == "procurement.match":
        thing = JointProposal.objects.create(
            collaborative=collaborative, match_key="853:abc", cpv_prefix="853", summary="A and B"
        )
        field = "joint_proposal"
    else:
        thing = StatusFactory(organisation=org_a, theme=ThemeFactory(collaborative=collaborative))
        field = "status_cell"
    url = reverse("governance:escalation_new") + f"?source={kind}:{thing.pk}"
    client = client_for(lead_a)
    page = client.get(url)
    assert page.status_code == 200
    if kind == "procurement.status":
        assert page.context["form"].initial["asks_organisation"] == org_a
    needed = timezone.localdate() + datetime.timedelta(days=10)
    client.post(
        url,
        {
            "title": "Take it further",
            "ask": "unblock",
            "detail": "Needs the board.",
            "impact": "Stalls.",
            "needed_by_0": needed.day,
            "needed_by_1": needed.month,
            "needed_by_2": needed.year,
            "addressed_group": tree["board"].pk,
        },
    )
    escalation = Escalation.objects.get()
    assert getattr(escalation, field) == thing
    assert escalation.source == thing


def test_pages_of_lower_apps_offer_to_raise_an_escalation_to_those_who_may(
    client_for, facilitator, work, viewer
):
    """Workstream and action pages link to "Raise an escalation" with themselves as the source
    (governance declares the link through the registry; the pages never name governance)."""
    workstream, action = work["workstream"], work["action"]
    client = client_for(facilitator)
    page = client.get(reverse("anchors:workstream_detail", args=[workstream.pk])).content.decode()
    assert f"/governance/escalations/new/?source=anchors.workstream%3A{workstream.pk}" in page
    page = client.get(reverse("anchors:action_edit", args=[action.pk])).content.decode()
    assert f"?source=anchors.action%3A{action.pk}" in page
    page = client_for(viewer).get(reverse("anchors:workstream_detail", args=[workstream.pk]))
    assert "Raise an escalation" not in page.content.decode()
