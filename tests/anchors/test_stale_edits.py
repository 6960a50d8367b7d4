"""Two people editing the same record: the second save is refused with a message, on every edit
page of organisations, people, workstreams, participations, updates and actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anchors.models import Action, Participation, Workstream
from tests.anchors.factories import work_setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(collaborative, org_a, org_b, lead_a, lead_b, sponsor_a):
    return work_setting(
        collaborative=collaborative,
        org_a=org_a,
        org_b=org_b,
        lead_a=lead_a,
        lead_b=lead_b,
        sponsor_a=sponsor_a,
    )


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
