"""The workshop log form: one atomic save, errors that keep everything typed and link to their
fields, rows added without JavaScript, corrections and stale edits."""

import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from anchors import services
from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from anchors.models import (
    Action,
    Attendance,
    OrganisationUpdate,
    Person,
    Speaker,
    Workshop,
)
from tests.anchors.factories import (
    AttendanceFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
    WorkshopFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

URL = "/workshops/new/"


@pytest.fixture
def setting(collaborative, org_a, org_b, facilitator, lead_a, lead_b):
    workstream = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    ParticipationFactory(workstream=workstream, organisation=org_a)
    ParticipationFactory(workstream=workstream, organisation=org_b)
    guest = PersonFactory(organisation=org_b, name="Guest Speaker", email="guest@example.org")
    return {
        "workstream": workstream,
        "net_zero": ThemeFactory(collaborative=collaborative, name="Net Zero"),
        "social_value": ThemeFactory(collaborative=collaborative, name="Social Value"),
        "guest": guest,
    }


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_data(setting, org_a, org_b, lead_a, lead_b, **overrides):
    """A complete, valid workshop: two attendees, two updates, one action, one speaker."""
    data = {
        "date": "2025-03-12",
        "workstream": str(setting["workstream"].pk),
        "title": "Workshop 4: social value metrics",
        "deep_dive_topic": "Common social value metrics",
        "themes": [str(setting["social_value"].pk)],
        "attendees": [str(lead_a.person.pk), str(lead_b.person.pk)],
        "decisions": "Draft eight shared measures.",
        "reflections_worked": "Everyone came prepared.",
        "reflections_change": "Start on time.",
        **_management("speakers", 1),
        "speakers-0-name": "Ruth Adams",
        "speakers-0-organisation": "Anti-slavery adviser",
        "speakers-0-role": "Trainer",
        **_management("new_people", 1),
        **_management("updates", 3),
        "updates-0-organisation": str(org_a.pk),
        "updates-0-current_focus": "Alpha focus",
        "updates-0-challenges": "Alpha challenge",
        "updates-1-organisation": str(org_b.pk),
        "updates-1-successes": "Beta success",
        "updates-2-organisation": "",
        **_management("actions", 2),
        "actions-0-description": "Share the metrics draft",
        "actions-0-owner": str(lead_a.person.pk),
        "actions-0-organisation": "",
        "actions-0-due_date": "2025-04-01",
    }
    data.update(overrides)
    return data


def _row_counts():
    """Rows in every table of the project (historical tables included)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"anchors", "metrics", "procurement", "workforce", "governance"}
    }


def _error_targets(html):
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_facilitator_records_a_whole_workshop(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    response = client_for(facilitator).post(URL, post_data(setting, org_a, org_b, lead_a, lead_b))
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert response["Location"] == workshop.get_absolute_url()
    assert workshop.created_by == facilitator
    assert list(workshop.themes.values_list("name", flat=True)) == ["Social Value"]
    assert set(workshop.attendances.values_list("person__name", flat=True)) == {
        lead_a.person.name,
        lead_b.person.name,
    }
    assert {(u.organisation, u.current_focus, u.successes) for u in workshop.updates.all()} == {
        (org_a, "Alpha focus", ""),
        (org_b, "", "Beta success"),
    }
    action = workshop.actions.get()
    assert (action.owner, action.organisation, action.due_date) == (
        lead_a.person,
        org_a,  # blank organisation: the owner's own
        date(2025, 4, 1),
    )
    assert Speaker.objects.get().name == "Ruth Adams"
    assert action.history.count() == 1


def test_a_new_attendee_is_created_in_the_same_save(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    data = post_data(
        setting,
        org_a,
        org_b,
        lead_a,
        lead_b,
        **{
            "new_people-0-name": "Jo New",
            "new_people-0-job_title": "Buyer",
            "new_people-0-organisation": str(org_b.pk),
            "new_people-0-email": "Jo.New@Example.org",
        },
    )
    assert client_for(facilitator).post(URL, data).status_code == 302
    jo = Person.objects.get(name="Jo New")
    assert (jo.organisation, jo.email, jo.collaborative_id) == (
        org_b,
        "jo.new@example.org",
        org_b.collaborative_id,
    )
    assert Attendance.objects.filter(person=jo, organisation=org_b).exists()


def test_one_invalid_update_writes_no_rows_in_any_table(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    """Everything else is valid, including a new attendee; the update from an organisation
    nobody came from is refused, and the whole record with it."""
    before = _row_counts()
    outsider_org = setting["guest"].organisation  # org B: make it absent from attendance
    data = post_data(
        setting,
        org_a,
        org_b,
        lead_a,
        lead_b,
        attendees=[str(lead_a.person.pk)],
        **{
            "new_people-0-name": "Jo New",
            "new_people-0-organisation": str(org_a.pk),
        },
    )
    response = client_for(facilitator).post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f"Nobody from {outsider_org.short_name} is recorded as attending" in html
    assert _error_targets(html) == ["id_updates-1-organisation"]
    assert 'id="id_updates-1-organisation"' in html
    assert _row_counts() == before
    # Everything typed is still there.
    assert 'value="Workshop 4: social value metrics"' in html
    assert "Alpha focus</textarea>" in html
    assert 'value="Jo New"' in html
    assert "Share the metrics draft</textarea>" in html


def test_an_update_row_with_text_but_no_organisation_is_refused(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    before = _row_counts()
    data = post_data(
        setting, org_a, org_b, lead_a, lead_b, **{"updates-2-current_focus": "Orphan text"}
    )
    html = client_for(facilitator).post(URL, data).content.decode()
    assert "Choose which organisation gave update 3." in html
    assert _error_targets(html) == ["id_updates-2-organisation"]
    assert _row_counts() == before


def test_two_updates_from_one_organisation_are_refused(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    before = _row_counts()
    data = post_data(
        setting,
        org_a,
        org_b,
        lead_a,
        lead_b,
        **{"updates-2-organisation": str(org_a.pk), "updates-2-successes": "Again"},
    )
    html = client_for(facilitator).post(URL, data).content.decode()
    assert "Update 3 repeats Alpha" in html
    assert _row_counts() == before


def test_every_error_is_listed_and_links_to_a_field_on_the_page(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    data = post_data(
        setting,
        org_a,
        org_b,
        lead_a,
        lead_b,
        date="not a date",
        workstream="",
        title="",
        **{
            "speakers-0-name": "",
            "new_people-0-email": "not-an-email",
            "actions-0-owner": "",
            "actions-0-due_date": "31/02/2025",
            "actions-1-description": "Half an action",
        },
    )
    response = client_for(facilitator).post(URL, data)
    html = response.content.decode()
    assert "<title>Error: Record a workshop" in html
    targets = _error_targets(html)
    assert targets == [
        "id_date_0",  # the day box of the GOV.UK date input
        "id_workstream",
        "id_title",
        "id_speakers-0-name",
        "id_new_people-0-name",
        "id_new_people-0-organisation",
        "id_new_people-0-email",
        "id_actions-0-owner",
        "id_actions-0-due_date_0",
        "id_actions-1-owner",
        "id_actions-1-due_date_0",
    ]
    for target in targets:
        assert html.count(f'id="{target}"') == 1, target
    assert "Enter the name of speaker 1." in html
    assert "Choose who owns action 1." in html
    assert "Enter the date action 2 is due." in html
    assert "Action 1’s due date must be a real date" in html
    assert "The date of the workshop must be a real date" in html
    assert Workshop.objects.count() == 0


def test_service_rules_link_to_their_fields(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    """No attendees, and an action due before the workshop: both named, nothing saved."""
    data = post_data(
        setting,
        org_a,
        org_b,
        lead_a,
        lead_b,
        attendees=[],
        **{"actions-0-due_date": "2025-03-01"},
    )
    data.pop("updates-0-organisation")
    data.pop("updates-1-organisation")
    data.update({"updates-0-current_focus": "", "updates-0-challenges": ""})
    data.update({"updates-1-successes": ""})
    html = client_for(facilitator).post(URL, data).content.decode()
    targets = _error_targets(html)
    assert targets == ["id_attendees_0_0", "id_actions-0-due_date_0"]
    assert 'id="id_attendees_0_0"' in html
    assert "Action 1’s due date must be on or after the workshop date (12 March 2025)" in html
    assert Workshop.objects.count() == 0


def test_add_another_row_keeps_everything_and_saves_nothing(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    data = post_data(setting, org_a, org_b, lead_a, lead_b, add_rows="actions", title="")
    response = client_for(facilitator).post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert Workshop.objects.count() == 0
    assert "There is a problem" not in html  # a missing title is not reported yet
    assert 'name="actions-TOTAL_FORMS" value="3"' in html
    assert 'id="id_actions-2-description"' in html
    assert "Share the metrics draft</textarea>" in html
    assert "Row added. Nothing is saved" in html
    for prefix in ["speakers", "new_people", "updates"]:
        data = post_data(setting, org_a, org_b, lead_a, lead_b, add_rows=prefix)
        html = client_for(facilitator).post(URL, data).content.decode()
        total = int(data[f"{prefix}-TOTAL_FORMS"]) + 1
        assert f'name="{prefix}-TOTAL_FORMS" value="{total}"' in html
    assert Workshop.objects.count() == 0


def test_the_empty_form_offers_one_update_row_per_core_anchor(
    client_for, facilitator, setting, org_a, org_b
):
    html = client_for(facilitator).get(URL).content.decode()
    assert 'name="updates-TOTAL_FORMS" value="3"' in html  # Alpha, Beta, and one spare
    assert f'<option value="{org_a.pk}" selected>Alpha</option>' in html
    assert "Add another action" in html
    assert 'formaction="#actions"' in html
    # dates are GOV.UK date inputs (day, month, year), never the browser's date picker
    assert 'type="date"' not in html
    assert 'class="govuk-date-input" id="id_date"' in html
    assert 'id="id_actions-0-due_date_2"' in html
    # attendees are grouped under their organisation, in a legend screen readers announce
    assert 'govuk-fieldset__legend--s">Alpha Council</legend>' in html


def test_editing_a_workshop_keeps_action_state_and_history(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    client = client_for(facilitator)
    client.post(URL, post_data(setting, org_a, org_b, lead_a, lead_b))
    workshop = Workshop.objects.get()
    action = workshop.actions.get()
    services.action_progress(
        user=lead_a, action=action, state=Action.State.DONE, version=version_of(action)
    )
    url = reverse("anchors:workshop_edit", args=[workshop.pk])
    html = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    data = post_data(
        setting,
        org_a,
        org_b,
        lead_a,
        lead_b,
        title="Workshop 4: shared metrics",
        attendees=[str(lead_a.person.pk), str(lead_b.person.pk), str(setting["guest"].pk)],
        version=version,
        **_management("updates", 2, initial=2),
        **_management("actions", 2, initial=1),
        **{
            "updates-0-current_focus": "Alpha focus, corrected",
            "actions-0-id": str(action.pk),
            "actions-0-due_date": "2025-04-08",
        },
    )
    data.pop("updates-2-organisation")
    response = client.post(url, data)
    assert response.status_code == 302
    workshop.refresh_from_db()
    action.refresh_from_db()
    assert workshop.title == "Workshop 4: shared metrics"
    assert workshop.attendances.count() == 3
    assert workshop.updates.get(organisation=org_a).current_focus == "Alpha focus, corrected"
    assert (action.state, action.due_date) == (Action.State.DONE, date(2025, 4, 8))
    assert workshop.actions.count() == 1
    assert action.history.count() == 3  # recorded, done, due date corrected


def test_a_stale_workshop_edit_is_refused(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    client = client_for(facilitator)
    client.post(URL, post_data(setting, org_a, org_b, lead_a, lead_b))
    workshop = Workshop.objects.get()
    url = reverse("anchors:workshop_edit", args=[workshop.pk])
    html = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    Workshop.objects.filter(pk=workshop.pk).update(
        title="Changed by someone else", updated_at=timezone.now() + timedelta(seconds=5)
    )
    data = post_data(setting, org_a, org_b, lead_a, lead_b, title="My title", version=version)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this workshop record" in html
    assert "See the record as it is saved now" in html
    workshop.refresh_from_db()
    assert workshop.title == "Changed by someone else"
    assert OrganisationUpdate.objects.count() == 2  # nothing half-saved
    new_version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    assert new_version != version
    data["version"] = new_version
    assert client.post(url, data).status_code == 302  # a second save replaces it
    workshop.refresh_from_db()
    assert workshop.title == "My title"


def test_a_workshop_cannot_be_recorded_for_a_closed_workstream(
    facilitator, collaborative, setting, lead_a
):

    workstream = setting["workstream"]
    workstream.status = "closed"
    workstream.save()
    with pytest.raises(PortalError) as caught:
        services.workshop_record(
            user=facilitator,
            collaborative=collaborative,
            data={"workstream": workstream, "date": date(2025, 1, 1), "title": "Late"},
            attendees=[lead_a.person],
        )
    assert caught.value.field == "workstream"
    assert Workshop.objects.count() == 0


@pytest.mark.parametrize("meanwhile", ["update", "action"])
def test_a_workshop_edit_opened_before_a_change_to_one_of_its_rows_is_refused(
    meanwhile, client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    """The workshop form also edits its updates and actions: saving it over an update or an
    action someone changed after the form was opened is refused, not silently overwritten."""
    client = client_for(facilitator)
    client.post(URL, post_data(setting, org_a, org_b, lead_a, lead_b))
    workshop = Workshop.objects.get()
    url = reverse("anchors:workshop_edit", args=[workshop.pk])
    html = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    update = OrganisationUpdate.objects.get(organisation=org_a)
    action = Action.objects.get()
    if meanwhile == "update":
        services.update_edit(
            user=lead_a,
            update=update,
            data={"current_focus": "Lead's newer focus"},
            version=version_of(update),
        )
    else:
        services.action_update(
            user=facilitator,
            action=action,
            data={
                "description": "Share the revised draft",
                "owner": action.owner,
                "organisation": action.organisation,
                "due_date": action.due_date,
                "note": "",
            },
            version=version_of(action),
        )
    data = post_data(
        setting, org_a, org_b, lead_a, lead_b, version=version, **{"actions-0-id": str(action.pk)}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this workshop record" in response.content.decode()
    update.refresh_from_db()
    action.refresh_from_db()
    if meanwhile == "update":
        assert update.current_focus == "Lead's newer focus"
    else:
        assert action.description == "Share the revised draft"


def _attendance(html):
    return html.split('id="attendance"', 1)[1].split('id="new-people"', 1)[0]


def test_find_people_narrows_the_attendee_list_keeps_what_is_ticked_and_saves_nothing(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b
):
    """The people search works without JavaScript: "Find" posts the form back with everything
    typed kept and lists only the people asked for (and those already ticked)."""
    PersonFactory(organisation=org_a, name="Zainab Okafor")
    PersonFactory(organisation=org_b, name="Oliver Okafor-Reid")
    PersonFactory(organisation=org_b, name="Harriet Nobody")
    data = post_data(setting, org_a, org_b, lead_a, lead_b, add_rows="find_people", find="okafor")
    data["attendees"] = [str(lead_b.person.pk)]
    client = client_for(facilitator)
    html = client.post(URL, data).content.decode()
    assert Workshop.objects.count() == 0
    assert "There is a problem" not in html
    attendance = _attendance(html)
    assert "Zainab Okafor" in attendance
    assert "Oliver Okafor-Reid" in attendance
    assert "Harriet Nobody" not in attendance
    assert f'value="{lead_b.person.pk}" checked' in html  # ticked before: still there, ticked
    assert 'value="okafor"' in html  # the search stays in its box
    assert "Show everyone" in html
    assert "Workshop 4: social value metrics" in html  # everything typed is kept
    data["add_rows"] = "find_everyone"
    html = client.post(URL, data).content.decode()
    assert "Harriet Nobody" in _attendance(html)
    assert f'value="{lead_b.person.pk}" checked' in html


def test_people_of_inactive_organisations_are_not_offered_unless_already_chosen(
    client_for, facilitator, setting, org_a, org_b, lead_a, lead_b, collaborative
):
    gone = OrganisationFactory(collaborative=collaborative, name="Closed Trust", active=False)
    leaver = PersonFactory(organisation=gone, name="Lee Leaver")
    client = client_for(facilitator)
    assert "Lee Leaver" not in client.get(URL).content.decode()  # nor any owner list
    data = post_data(setting, org_a, org_b, lead_a, lead_b)
    data["attendees"] = [str(lead_a.person.pk), str(leaver.pk)]
    client.post(URL, data)
    assert Workshop.objects.count() == 0  # not on offer: refused
    # A workshop someone attended before their organisation closed keeps them when corrected.
    workshop = WorkshopFactory(workstream=setting["workstream"])
    AttendanceFactory(workshop=workshop, person=leaver)
    html = client.get(reverse("anchors:workshop_edit", args=[workshop.pk])).content.decode()
    assert "Lee Leaver" in html
