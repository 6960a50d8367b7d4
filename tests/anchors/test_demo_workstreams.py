"""The demo workstreams, sponsorship and ten procurement workshops, as the paper describes them."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from anchors.models import (
    Action,
    Collaborative,
    Organisation,
    Participation,
    User,
    Workshop,
    Workstream,
)

pytestmark = pytest.mark.django_db

CORE = {"Hackney Council", "NEL ICB", "ELFT", "GP Confederation", "City of London", "Homerton"}


@pytest.fixture
def demo(db):
    call_command("load_demo", force=True, quiet_logins=True)
    return Collaborative.objects.get(is_demo=True)


WORK_TABLES = {
    "Workstream",
    "WorkstreamStatusChange",
    "Participation",
    "Workshop",
    "Speaker",
    "Attendance",
    "OrganisationUpdate",
    "Action",
    "ActionReminder",
}


def _anchor_counts():
    """Rows in the workstream and workshop tables, their history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label == "anchors"
        and model.__name__.removeprefix("Historical") in WORK_TABLES
    }


def test_loading_twice_adds_no_rows_even_to_history(demo):
    first = _anchor_counts()
    call_command("load_demo", force=True, quiet_logins=True)
    assert _anchor_counts() == first


def test_both_workstreams_from_the_paper(demo):
    procurement = Workstream.objects.get(collaborative=demo, name="Procurement")
    workforce = Workstream.objects.get(collaborative=demo, name__startswith="Workforce")
    assert procurement.status == Workstream.Status.ACTIVE
    assert workforce.status == Workstream.Status.PAUSED
    pause = workforce.status_changes.get(to_status="paused")
    assert pause.from_status == "active"
    assert "senior sponsorship" in pause.reason
    participants = {p.organisation.short_name: p for p in workforce.participations.all()}
    assert set(participants) == {"City of London", "Hackney Council", "ELFT"}
    assert all(p.sponsorship != Participation.Sponsorship.SECURED for p in participants.values())
    assert Participation.Sponsorship.DECLINED in {p.sponsorship for p in participants.values()}
    assert {p.organisation.short_name for p in procurement.participations.all()} == CORE


def test_ten_procurement_workshops_of_seven_to_twelve(demo):
    workshops = Workshop.objects.filter(workstream__name="Procurement").prefetch_related(
        "attendances__organisation", "updates__organisation", "themes", "actions"
    )
    assert workshops.count() == 10
    themes = set()
    guests = False
    for workshop in workshops:
        attendances = list(workshop.attendances.all())
        assert 7 <= len(attendances) <= 12, workshop.title
        present = {a.organisation.short_name for a in attendances}
        anchors_present = present & CORE
        assert len(anchors_present) >= 4
        guests = guests or any(
            a.organisation.role != Organisation.CollaborativeRole.CORE_ANCHOR for a in attendances
        )
        assert {u.organisation.short_name for u in workshop.updates.all()} == anchors_present
        assert workshop.deep_dive_topic
        assert workshop.reflections_worked
        assert workshop.reflections_change
        assert workshop.actions.all()
        themes |= {t.name for t in workshop.themes.all()}
    assert guests
    assert themes == {"Net Zero", "Social Value", "Modern Slavery"}
    assert Action.objects.filter(state="open").exists()
    assert Action.objects.filter(state="done").exists()


def test_demo_pages_open_for_each_demo_login(demo, client):
    workshop = Workshop.objects.filter(collaborative=demo).first()
    workstream = Workstream.objects.get(collaborative=demo, name="Procurement")
    pages = [
        reverse("anchors:home"),
        reverse("anchors:workstream_list"),
        reverse("anchors:workstream_detail", args=[workstream.pk]),
        reverse("anchors:workshop_list"),
        reverse("anchors:workshop_detail", args=[workshop.pk]),
        reverse("anchors:workshop_edit", args=[workshop.pk]),
        reverse("anchors:action_list"),
    ]
    expected = {
        "facilitator@example.org": [200] * 7,
        "lead.hackney@example.org": [200] * 5 + [403, 200],
        "sponsor.hackney@example.org": [200] * 5 + [403, 200],
        "hwb@example.org": [200, 200, 200, 403, 403, 403, 403],
    }
    for email, statuses in expected.items():
        client.force_login(User.objects.get(email=email))
        got = [client.get(url).status_code for url in pages]
        assert got == statuses, email
    client.force_login(User.objects.get(email="lead.hackney@example.org"))
    html = client.get(reverse("anchors:home")).content.decode()
    assert "Your open actions" in html
    assert "overdue" in html
    html = client.get(reverse("anchors:workstream_list")).content.decode()
    assert "Sponsorship missing" in html
    assert "Illustrative demo data" in html
