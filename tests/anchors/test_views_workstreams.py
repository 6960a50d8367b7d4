"""Workstream, workshop and action pages as each role sees them."""

import pytest
from django.urls import reverse

from anchors.models import Action, OrganisationUpdate, Workstream
from tests.forms import submit

pytestmark = pytest.mark.django_db


def test_workstream_list_flags_missing_sponsorship(client_for, facilitator, work):
    html = client_for(facilitator).get(reverse("anchors:workstream_list")).content.decode()
    assert "Procurement" in html
    assert "1 of 2 secured" in html
    assert "Sponsorship missing" in html
    assert "1 participant without a secured sponsor" in html


def test_workstream_list_does_not_flag_paused_or_fully_sponsored(client_for, facilitator, work):
    work["workstream"].status = Workstream.Status.PAUSED
    work["workstream"].save()
    html = client_for(facilitator).get(reverse("anchors:workstream_list")).content.decode()
    assert "Sponsorship missing" not in html


def test_workstream_page_shows_health(client_for, lead_a, work, org_b):
    url = reverse("anchors:workstream_detail", args=[work["workstream"].pk])
    html = client_for(lead_a).get(url).content.decode()
    assert "Authorising environment" in html
    assert "1 of 2" in html
    assert "no secured senior sponsor" in html
    assert "Beta NHS Trust" in html
    assert "(since 15 January 2024)" in html  # lacking since the organisation joined


def test_workshop_list_and_page(client_for, lead_b, work):
    client = client_for(lead_b)
    html = client.get(reverse("anchors:workshop_list")).content.decode()
    assert "Workshop 1: social value" in html
    html = client.get(work["workshop"].get_absolute_url()).content.decode()
    assert "Circulate the draft social value metrics" in html
    assert "Beta&#x27;s focus" in html
    assert "Overdue" in html


def test_action_list(client_for, lead_a, work):
    html = client_for(lead_a).get(reverse("anchors:action_list")).content.decode()
    assert "Circulate the draft social value metrics" in html
    assert "Mark done" in html


def test_home_panels(client_for, lead_a, work):
    html = client_for(lead_a).get(reverse("anchors:home")).content.decode()
    assert "Your open actions (1)" in html
    assert "Circulate the draft social value metrics" in html
    assert "1 overdue" in html


def test_forms_render(client_for, facilitator, work):
    client = client_for(facilitator)
    ws = work["workstream"]
    p = ws.participations.first()
    for url in [
        reverse("anchors:workshop_create"),
        reverse("anchors:workshop_edit", args=[work["workshop"].pk]),
        reverse("anchors:workstream_create"),
        reverse("anchors:workstream_edit", args=[ws.pk]),
        reverse("anchors:workstream_status", args=[ws.pk]),
        reverse("anchors:participation_add", args=[ws.pk]),
        reverse("anchors:participation_edit", args=[ws.pk, p.pk]),
        reverse("anchors:participation_sponsorship", args=[ws.pk, p.pk]),
        reverse("anchors:update_create", args=[ws.pk]),
        reverse("anchors:update_edit", args=[work["update_a"].pk]),
        reverse("anchors:action_edit", args=[work["action"].pk]),
    ]:
        assert client.get(url).status_code == 200, url
    assert Action.objects.count() == 1
    assert OrganisationUpdate.objects.count() == 2


def test_facilitator_adds_a_workstream_and_a_participant(client_for, facilitator, org_a):
    client = client_for(facilitator)
    response = client.post(
        reverse("anchors:workstream_create"),
        {
            "name": "Net zero estates",
            "purpose": "Decarbonise buildings together",
            "objectives": "Share heat decarbonisation plans",
            "next_workshop_on": "",
            "status": "active",
            "reason": "Agreed at the steering group",
        },
    )
    workstream = Workstream.objects.get(name="Net zero estates")
    assert response["Location"] == workstream.get_absolute_url()
    change = workstream.status_changes.get()
    assert (change.to_status, change.reason) == ("active", "Agreed at the steering group")
    response = client.post(
        reverse("anchors:participation_add", args=[workstream.pk]),
        {
            "organisation": str(org_a.pk),
            "lead": "",
            "sponsor": "",
            "staff_days_per_quarter": "2.5",
            "funding": "",
            "joined_on": "2024-05-01",
            "sponsorship": "requested",
        },
    )
    assert response.status_code == 302
    participation = workstream.participations.get()
    assert participation.sponsorship == "requested"
    assert str(participation.staff_days_per_quarter) == "2.5"
    html = client.get(workstream.get_absolute_url()).content.decode()
    assert "no secured senior sponsor" in html
    html = client.get(reverse("anchors:workstream_list")).content.decode()
    assert "Sponsorship missing" in html


def test_a_workshop_update_is_edited_from_the_workshop_page(client_for, lead_a, work):
    client = client_for(lead_a)
    html = client.get(work["workshop"].get_absolute_url()).content.decode()
    edit = reverse("anchors:update_edit", args=[work["update_a"].pk])
    assert edit in html
    assert reverse("anchors:update_edit", args=[work["update_b"].pk]) not in html
    response = submit(client, edit, {"current_focus": "", "challenges": "", "successes": "Won"})
    assert response["Location"] == work["workshop"].get_absolute_url()
