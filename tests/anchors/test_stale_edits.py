"""Two people editing the same record: the second save is refused with a message, on every edit
page of organisations, people, workstreams, participations, updates and actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anchors import services
from anchors.common.errors import StaleEditError
from anchors.models import Action, Participation, Workstream

pytestmark = pytest.mark.django_db


def _page(name, work, org_a, lead_a):
    """(url, the record the page edits, who edits, fields to change) for each edit page."""
    ws = work["workstream"]
    p_a = work["participation_a"]
    return {
        "organisation_edit": (
            reverse("anchors:organisation_edit", args=[org_a.pk]),
            org_a,
            "facilitator",
            {"headcount": "321"},
        ),
        "organisation_profile": (
            reverse("anchors:organisation_profile", args=[org_a.pk]),
            org_a,
            "lead_a",
            {"headcount": "321"},
        ),
        "person_edit": (
            reverse("anchors:person_edit", args=[lead_a.person.pk]),
            lead_a.person,
            "facilitator",
            {"job_title": "Changed title"},
        ),
        "workstream_edit": (
            reverse("anchors:workstream_edit", args=[ws.pk]),
            ws,
            "facilitator",
            {"purpose": "Changed purpose"},
        ),
        "workstream_status": (
            reverse("anchors:workstream_status", args=[ws.pk]),
            ws,
            "facilitator",
            {"status": Workstream.Status.PAUSED, "reason": "No sponsor"},
        ),
        "participation_edit": (
            reverse("anchors:participation_edit", args=[ws.pk, p_a.pk]),
            p_a,
            "facilitator",
            {"staff_days_per_quarter": "9"},
        ),
        "participation_sponsorship": (
            reverse("anchors:participation_sponsorship", args=[ws.pk, p_a.pk]),
            p_a,
            "sponsor_a",
            {"sponsorship": Participation.Sponsorship.DECLINED},
        ),
        "update_edit": (
            reverse("anchors:update_edit", args=[work["update_a"].pk]),
            work["update_a"],
            "lead_a",
            {"current_focus": "Changed focus"},
        ),
        "action_edit": (
            reverse("anchors:action_edit", args=[work["action"].pk]),
            work["action"],
            "facilitator",
            {"description": "Changed description"},
        ),
        "action_progress": (
            reverse("anchors:action_edit", args=[work["action"].pk]),
            work["action"],
            "lead_a",
            {"state": Action.State.DONE, "note": "Sent"},
        ),
    }[name]


def _as_posted(form):
    """What the browser would send back for the form as it was rendered."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            value = ""
        elif isinstance(value, bool):
            if not value:
                continue
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        else:
            value = str(value)
        data[bound.html_name] = value
    return data


PAGES = [
    "organisation_edit",
    "organisation_profile",
    "person_edit",
    "workstream_edit",
    "workstream_status",
    "participation_edit",
    "participation_sponsorship",
    "update_edit",
    "action_edit",
    "action_progress",
]


@pytest.mark.parametrize("page", PAGES)
def test_a_save_over_someone_elses_change_is_refused(
    page, request, client_for, work, org_a, lead_a
):
    url, record, editor, changes = _page(page, work, org_a, lead_a)
    client = client_for(request.getfixturevalue(editor))
    form = client.get(url).context["form"]
    assert form["version"].value(), f"{page} carries no version"
    data = {**_as_posted(form), **changes}
    # Someone else saves the record after the page was opened.
    later = timezone.now() + timedelta(seconds=5)
    type(record).objects.filter(pk=record.pk).update(updated_at=later)

    response = client.post(url, data)

    assert response.status_code == 200, page
    assert "Someone else changed this" in response.content.decode()
    record.refresh_from_db()
    assert record.updated_at == later, f"{page} saved over the other change"


@pytest.mark.parametrize("page", PAGES)
def test_a_save_without_the_version_it_was_opened_at_is_refused(
    page, request, client_for, work, org_a, lead_a
):
    """A hand-made POST (a script, a future API client) cannot skip the lock by leaving the
    version out: the service refuses it and nothing changes."""
    url, record, editor, changes = _page(page, work, org_a, lead_a)
    client = client_for(request.getfixturevalue(editor))
    form = client.get(url).context["form"]
    data = {**_as_posted(form), **changes}
    data.pop("version")
    before = record.updated_at

    response = client.post(url, data)

    assert response.status_code == 200, page
    assert "did not say which version" in response.content.decode()
    record.refresh_from_db()
    assert record.updated_at == before, f"{page} saved without a version"


EDIT_SERVICES = {
    "organisation_update": lambda w, u: services.organisation_update(
        user=u["facilitator"], organisation=u["org_a"], data={"headcount": 1}, version=None
    ),
    "organisation_profile_update": lambda w, u: services.organisation_profile_update(
        user=u["lead_a"], organisation=u["org_a"], data={"headcount": 1}, version=None
    ),
    "person_update": lambda w, u: services.person_update(
        user=u["facilitator"], person=u["lead_a"].person, data={"job_title": "x"}, version=None
    ),
    "workstream_update": lambda w, u: services.workstream_update(
        user=u["facilitator"], workstream=w["workstream"], data={"purpose": "x"}, version=None
    ),
    "workstream_change_status": lambda w, u: services.workstream_change_status(
        user=u["facilitator"],
        workstream=w["workstream"],
        status="paused",
        reason="x",
        version=None,
    ),
    "participation_update": lambda w, u: services.participation_update(
        user=u["facilitator"], participation=w["participation_a"], data={}, version=None
    ),
    "participation_set_sponsorship": lambda w, u: services.participation_set_sponsorship(
        user=u["facilitator"],
        participation=w["participation_a"],
        sponsorship="declined",
        version=None,
    ),
    "update_edit": lambda w, u: services.update_edit(
        user=u["lead_a"], update=w["update_a"], data={"current_focus": "x"}, version=None
    ),
    "action_update": lambda w, u: services.action_update(
        user=u["facilitator"], action=w["action"], data={"note": "x"}, version=None
    ),
    "action_progress": lambda w, u: services.action_progress(
        user=u["lead_a"], action=w["action"], state="done", version=None
    ),
}


@pytest.mark.parametrize("name", sorted(EDIT_SERVICES))
def test_every_edit_service_requires_a_version(name, work, facilitator, lead_a, org_a):
    """The lock lives in the services, not only in the forms."""
    users = {"facilitator": facilitator, "lead_a": lead_a, "org_a": org_a}
    with pytest.raises(StaleEditError, match="did not say which version"):
        EDIT_SERVICES[name](work, users)


def test_the_workshop_revision_requires_a_version(work, facilitator):
    workshop = work["workshop"]
    with pytest.raises(StaleEditError, match="did not say which version"):
        services.workshop_revise(
            user=facilitator,
            workshop=workshop,
            data={
                "date": workshop.date,
                "workstream": workshop.workstream,
                "title": "Changed",
                "deep_dive_topic": "",
                "themes": [],
            },
            attendees=[],
            version=None,
        )
    workshop.refresh_from_db()
    assert workshop.title == "Workshop 1: social value"
