"""The governance pages as each role sees them, in a flat number of queries, and the demo."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from anchors import demo as anchors_demo
from anchors.models import Organisation
from governance import demo as governance_demo
from governance.models import Barrier, Escalation, Recommendation, SelfAssessment
from tests.anchors.factories import OrganisationFactory, PersonFactory, WorkstreamFactory
from tests.governance.factories import (
    AuthorityFactory,
    BarrierFactory,
    escalation_to,
    governance_tree,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "governance:index",
    "governance:escalation_list",
    "governance:decision_list",
    "governance:authority_list",
    "governance:barrier_list",
    "governance:roadmap",
    "governance:assessment",
]


def _populate(collaborative, *, organisations, sponsor, facilitator):
    tree = governance_tree(
        collaborative=collaborative,
        sponsor=sponsor,
        facilitator=facilitator,
        workstream=WorkstreamFactory(collaborative=collaborative),
    )
    orgs = [
        OrganisationFactory(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        )
        for _ in range(organisations)
    ]
    for organisation in orgs:
        person = PersonFactory(collaborative=collaborative, organisation=organisation)
        tree["board"].members.add(person)
        AuthorityFactory(collaborative=collaborative, organisation=organisation, person=person)
        escalation_to(
            tree["board"],
            raised_by=person,
            asks_organisation=organisation,
            authority_needed="joint_procurement",
        )
        barrier = BarrierFactory(collaborative=collaborative)
        barrier.organisations.set(orgs[:5])
    for number in range(1, 8):
        Recommendation.objects.create(
            collaborative=collaborative, number=number, title=f"R{number}"
        )
    return tree


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("organisations", [6, 50])
def test_pages_run_a_flat_number_of_queries(
    client_for,
    collaborative,
    sponsor_a,
    facilitator,
    name,
    organisations,
    django_assert_max_num_queries,
):
    _populate(
        collaborative, organisations=organisations, sponsor=sponsor_a, facilitator=facilitator
    )
    client = client_for(sponsor_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_an_escalation_page_is_flat_too(
    client_for, collaborative, sponsor_a, facilitator, django_assert_max_num_queries
):
    tree = _populate(collaborative, organisations=50, sponsor=sponsor_a, facilitator=facilitator)
    escalation = Escalation.objects.filter(addressed_group=tree["board"]).first()
    client = client_for(sponsor_a)
    with django_assert_max_num_queries(16):
        page = client.get(escalation.get_absolute_url())
    assert page.status_code == 200


def test_hwb_members_read_the_published_parts_but_not_escalations(
    client_for, hwb_member, collaborative
):
    client = client_for(hwb_member)
    for name in ("governance:index", "governance:decision_list", "governance:roadmap"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("governance:escalation_list")).status_code == 403


def test_demo_loads_the_papers_governance(transactional_db):
    collaborative = anchors_demo.load_into()
    governance_demo.load(collaborative=collaborative)
    assert Barrier.objects.filter(collaborative=collaborative, from_paper=True).count() == 3
    assert Recommendation.objects.filter(collaborative=collaborative).count() == 7
    states = set(
        Escalation.objects.filter(collaborative=collaborative).values_list("state", flat=True)
    )
    assert states >= {"raised", "acknowledged", "decided", "withdrawn"}
    moved = Escalation.objects.get(collaborative=collaborative, auto_escalations=1)
    assert "Moved up automatically" in moved.history.latest().history_change_reason
    assert (
        SelfAssessment.objects.filter(collaborative=collaborative)
        .values("period")
        .distinct()
        .count()
        == 4
    )
    # The daily command finds nothing more to move the same day.
    call_command("escalate_overdue")
    moved.refresh_from_db()
    assert moved.auto_escalations == 1


def test_a_sponsors_home_page_lists_what_waits_for_their_decision(
    client_for, collaborative, sponsor_a, lead_a, facilitator
):
    tree = governance_tree(collaborative=collaborative, sponsor=sponsor_a, facilitator=facilitator)
    escalation_to(tree["board"], raised_by=lead_a.person, title="Fund the supplier research")
    page = client_for(sponsor_a).get(reverse("anchors:home")).content.decode()
    assert "Escalations waiting for your decision" in page
    assert "Fund the supplier research" in page
    assert "Escalations waiting for your decision" not in (
        client_for(lead_a).get(reverse("anchors:home")).content.decode()
    )
