"""The home page's "what needs me now": my open and overdue actions, workstreams where my
organisation's sponsorship is missing, and the next workshop."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anchors.models import Participation
from tests.anchors.factories import (
    ActionFactory,
    ParticipationFactory,
    WorkshopFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def _home(client_for, user):
    return client_for(user).get(reverse("anchors:home")).content.decode()


def test_my_open_and_overdue_actions(client_for, lead_a, work):
    today = timezone.localdate()
    ActionFactory(
        workshop=work["workshop"],
        owner=lead_a.person,
        description="Book the venue",
        due_date=today + timedelta(days=5),
    )
    ActionFactory(
        workshop=work["workshop"],
        owner=lead_a.person,
        description="Already finished",
        state="done",
        completed_on=today,
    )
    html = _home(client_for, lead_a)
    assert "Your open actions (2)" in html
    assert "1 overdue" in html
    assert "Circulate the draft social value metrics" in html
    assert "Book the venue" in html
    assert "Already finished" not in html


def test_someone_elses_actions_are_not_mine(client_for, lead_b, work):
    html = _home(client_for, lead_b)
    assert "You have no open actions." in html
    assert "Circulate the draft social value metrics" not in html


def test_workstreams_where_my_organisations_sponsorship_is_missing(
    client_for, lead_a, lead_b, sponsor_a, work, org_a, collaborative
):
    html = _home(client_for, lead_b)  # Beta's sponsorship is only requested
    assert "Where your organisation’s sponsorship is missing" in html
    assert "Beta — sponsorship requested" in html
    assert "Record sponsorship" not in html  # a lead cannot set it
    html = _home(client_for, lead_a)  # Alpha's is secured
    assert "Your organisation has a secured senior sponsor in every workstream" in html

    workforce = WorkstreamFactory(collaborative=collaborative, name="Workforce", status="paused")
    ParticipationFactory(
        workstream=workforce,
        organisation=org_a,
        sponsorship=Participation.Sponsorship.DECLINED,
        sponsorship_date=timezone.localdate(),
    )
    closed = WorkstreamFactory(collaborative=collaborative, name="Old work", status="closed")
    ParticipationFactory(workstream=closed, organisation=org_a)
    html = _home(client_for, sponsor_a)
    assert "Alpha — sponsorship declined" in html
    assert "Record sponsorship" in html  # the sponsor can
    assert "Old work" not in html


def test_the_facilitator_sees_every_missing_sponsor(client_for, facilitator, work):
    html = _home(client_for, facilitator)
    assert "Participants without a secured sponsor" in html
    assert "Beta — sponsorship requested" in html


def test_the_next_workshop(client_for, lead_a, work):
    today = timezone.localdate()
    html = _home(client_for, lead_a)
    assert "No workshop is planned yet." in html
    WorkshopFactory(
        workstream=work["workstream"], date=today + timedelta(days=9), title="Workshop 2: net zero"
    )
    html = _home(client_for, lead_a)
    assert "Workshop 2: net zero" in html
    assert (today + timedelta(days=9)).strftime("%B") in html


def test_a_login_without_a_person_still_gets_a_home_page(client_for, superuser, work):
    html = _home(client_for, superuser)
    assert "Your login is not linked to a person" in html


def test_many_missing_sponsors_show_the_first_ten_and_how_many_there_are(
    client_for, facilitator, work, collaborative
):
    """A large collaborative can have hundreds: the home page lists ten and counts the rest."""
    for number in range(12):
        stream = WorkstreamFactory(collaborative=collaborative, name=f"Stream {number:02d}")
        ParticipationFactory(
            workstream=stream,
            organisation=work["workshop"].workstream.participations.first().organisation,
        )
    html = _home(client_for, facilitator)
    assert html.count("Record sponsorship<span") == 10
    assert "These are 10 of 13." in html  # Beta's in the work's workstream, and the twelve
    assert reverse("anchors:workstream_list") in html
