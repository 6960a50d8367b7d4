"""Pages run a fixed number of SQL queries whatever the number of organisations, attendees,
updates and actions: measured with 1 and with 50 organisations."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anchors.models import Participation
from tests.anchors.factories import (
    ActionFactory,
    AttendanceFactory,
    OrganisationFactory,
    OrganisationUpdateFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
    WorkshopFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

# The most queries each page may run (session, login, roles and the page's own reads).
LIMITS = {
    # Every paginated list adds its count query; a page of history adds the versions its rows
    # are compared with; the workstream's timeline counts and reads each of its three kinds.
    "workshop_list": 13,
    "workshop_detail": 13,
    "workshop_create": 11,
    "workshop_edit": 17,
    "action_edit": 14,
    "workstream_list": 8,
    "workstream_detail": 21,
    "action_list": 12,
    # Home gained the facilitator's "waiting for you to verify" panel: one query, flat.
    "home": 13,
}


def populate(collaborative, facilitator, lead_a, organisations):
    """`organisations` anchors, each with a person at every workshop, an update and an action."""
    workstream = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    themes = [ThemeFactory(collaborative=collaborative, name=n) for n in ("Net Zero", "Social")]
    orgs = [OrganisationFactory(collaborative=collaborative) for _ in range(organisations)]
    people = [PersonFactory(organisation=org) for org in orgs]
    for i, org in enumerate(orgs):
        ParticipationFactory(
            workstream=workstream,
            organisation=org,
            lead=people[i],
            sponsor=people[i],
            sponsorship=Participation.Sponsorship.SECURED if i % 2 else "not_sought",
            sponsorship_date=timezone.localdate() if i % 2 else None,
        )
    today = timezone.localdate()
    workshops = []
    for w in range(3):
        workshop = WorkshopFactory(workstream=workstream, date=today - timedelta(days=30 * w))
        workshop.themes.set(themes)
        workshop.speakers.create(collaborative=collaborative, name=f"Speaker {w}")
        for person in people:
            AttendanceFactory(workshop=workshop, person=person, organisation=person.organisation)
            OrganisationUpdateFactory(workshop=workshop, organisation=person.organisation)
            ActionFactory(workshop=workshop, owner=person)
        ActionFactory(workshop=workshop, owner=lead_a.person)
        workshops.append(workshop)
    for person in people:
        OrganisationUpdateFactory(
            workshop=None, workstream=workstream, organisation=person.organisation
        )
    return {"workstream": workstream, "workshop": workshops[0]}


def _url(page, data):
    if page == "workshop_detail":
        return reverse("anchors:workshop_detail", args=[data["workshop"].pk])
    if page == "workshop_edit":
        return reverse("anchors:workshop_edit", args=[data["workshop"].pk])
    if page == "action_edit":
        return reverse("anchors:action_edit", args=[data["workshop"].actions.first().pk])
    if page == "workstream_detail":
        return reverse("anchors:workstream_detail", args=[data["workstream"].pk])
    return reverse(f"anchors:{page}")


@pytest.mark.parametrize("organisations", [1, 50])
@pytest.mark.parametrize("page", sorted(LIMITS))
def test_page_query_count_is_flat(
    page,
    organisations,
    client_for,
    facilitator,
    lead_a,
    collaborative,
    django_assert_max_num_queries,
):
    data = populate(collaborative, facilitator, lead_a, organisations)
    client = client_for(facilitator)
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(_url(page, data))
    assert response.status_code == 200


@pytest.mark.parametrize("page", sorted(LIMITS))
def test_one_and_fifty_organisations_run_the_same_queries(
    page, client_for, facilitator, lead_a, collaborative, django_user_model
):
    data = populate(collaborative, facilitator, lead_a, 1)
    client = client_for(facilitator)
    client.get(_url(page, data))  # warm the per-minute cache of "is demo data loaded"
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(page, data)).status_code == 200
    for _ in range(49):
        org = OrganisationFactory(collaborative=collaborative)
        person = PersonFactory(organisation=org)
        ParticipationFactory(workstream=data["workstream"], organisation=org, lead=person)
        for workshop in data["workstream"].workshops.all():
            AttendanceFactory(workshop=workshop, person=person, organisation=org)
            OrganisationUpdateFactory(workshop=workshop, organisation=org)
            ActionFactory(workshop=workshop, owner=person)
    with CaptureQueriesContext(connection) as large:
        html = client.get(_url(page, data)).content.decode()
    assert len(large) == len(small), page
    if page == "workshop_list":
        assert html.count(">50</td>") >= 2  # attendance, and organisations represented
