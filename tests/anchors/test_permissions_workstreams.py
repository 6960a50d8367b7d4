"""Every role against every workstream, workshop, update and action page, the "no" cells included.

Facilitator: everything. Org lead: their own organisation's updates and the actions they own; view
the rest. Senior sponsor: view; set their own organisation's sponsorship. HWB member: workstreams,
but no workshop records, updates or actions. Anonymous: the login page. Another collaborative's
records: 404.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from anchors import permissions, services
from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from anchors.models import Action, OrganisationUpdate, Participation, Workshop, Workstream
from tests.anchors.factories import (
    ActionFactory,
    CollaborativeFactory,
    OrganisationFactory,
    OrganisationUpdateFactory,
    ParticipationFactory,
    WorkshopFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

ALL = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
NOT_HWB = ALL - {"hwb_member"}

# page -> the roles that may open it; everyone else (and the outsider) gets 403
PAGES = {
    "workstream_list": ALL,
    "workstream_detail": ALL,
    "workstream_create": {"facilitator"},
    "workstream_edit": {"facilitator"},
    "workstream_status": {"facilitator"},
    "participation_add": {"facilitator"},
    "participation_edit": {"facilitator"},
    "participation_sponsorship_a": {"facilitator", "sponsor_a"},
    "participation_sponsorship_b": {"facilitator"},
    "update_create": {"facilitator", "lead_a", "lead_b"},
    "update_edit_a": {"facilitator", "lead_a"},
    "update_edit_b": {"facilitator", "lead_b"},
    "workshop_list": NOT_HWB,
    "workshop_detail": NOT_HWB,
    "workshop_create": {"facilitator"},
    "workshop_edit": {"facilitator"},
    "action_list": NOT_HWB,
    "action_edit": {"facilitator", "lead_a"},  # lead A owns the action
}


def _url(page, work):
    ws = work["workstream"]
    urls = {
        "workstream_list": reverse("anchors:workstream_list"),
        "workstream_detail": reverse("anchors:workstream_detail", args=[ws.pk]),
        "workstream_create": reverse("anchors:workstream_create"),
        "workstream_edit": reverse("anchors:workstream_edit", args=[ws.pk]),
        "workstream_status": reverse("anchors:workstream_status", args=[ws.pk]),
        "participation_add": reverse("anchors:participation_add", args=[ws.pk]),
        "participation_edit": reverse(
            "anchors:participation_edit", args=[ws.pk, work["participation_a"].pk]
        ),
        "participation_sponsorship_a": reverse(
            "anchors:participation_sponsorship", args=[ws.pk, work["participation_a"].pk]
        ),
        "participation_sponsorship_b": reverse(
            "anchors:participation_sponsorship", args=[ws.pk, work["participation_b"].pk]
        ),
        "update_create": reverse("anchors:update_create", args=[ws.pk]),
        "update_edit_a": reverse("anchors:update_edit", args=[work["update_a"].pk]),
        "update_edit_b": reverse("anchors:update_edit", args=[work["update_b"].pk]),
        "workshop_list": reverse("anchors:workshop_list"),
        "workshop_detail": reverse("anchors:workshop_detail", args=[work["workshop"].pk]),
        "workshop_create": reverse("anchors:workshop_create"),
        "workshop_edit": reverse("anchors:workshop_edit", args=[work["workshop"].pk]),
        "action_list": reverse("anchors:action_list"),
        "action_edit": reverse("anchors:action_edit", args=[work["action"].pk]),
    }
    return urls[page]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_role_on_each_page(page, client_for, role_users, work):
    url = _url(page, work)
    for name, user in role_users.items():
        status = client_for(user).get(url).status_code
        expected = 200 if name in PAGES[page] else 403
        assert status == expected, f"{name} on {page}: {status}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login(page, client, work):
    response = client.get(_url(page, work))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["action_done", "action_reopen"], ids=["mark done", "open again"])
def test_anonymous_cannot_change_actions(name, client, work):
    response = client.post(reverse(f"anchors:{name}", args=[work["action"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_collaboratives_records_are_not_found(client_for, facilitator, work):
    other = CollaborativeFactory(name="Elsewhere Anchor Collaborative")
    org = OrganisationFactory(collaborative=other)
    workstream = WorkstreamFactory(collaborative=other)
    participation = ParticipationFactory(workstream=workstream, organisation=org)
    workshop = WorkshopFactory(workstream=workstream)
    update = OrganisationUpdateFactory(workshop=workshop, organisation=org)
    action = ActionFactory(workshop=workshop)
    client = client_for(facilitator)
    for url in [
        reverse("anchors:workstream_detail", args=[workstream.pk]),
        reverse("anchors:workstream_status", args=[workstream.pk]),
        reverse("anchors:participation_sponsorship", args=[workstream.pk, participation.pk]),
        reverse("anchors:update_edit", args=[update.pk]),
        reverse("anchors:workshop_detail", args=[workshop.pk]),
        reverse("anchors:workshop_edit", args=[workshop.pk]),
        reverse("anchors:action_edit", args=[action.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("anchors:action_done", args=[action.pk])).status_code == 404
    # and a participant of this workstream is not found under another workstream
    wrong = reverse(
        "anchors:participation_sponsorship",
        args=[work["workstream"].pk, participation.pk],
    )
    assert client.get(wrong).status_code == 404
    action.refresh_from_db()
    assert action.state == Action.State.OPEN


def test_lead_cannot_edit_another_organisations_update(client_for, lead_a, work):
    update_b = work["update_b"]
    client = client_for(lead_a)
    url = reverse("anchors:update_edit", args=[update_b.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"current_focus": "Hijacked", "challenges": "", "successes": ""})
    assert response.status_code == 403
    update_b.refresh_from_db()
    assert update_b.current_focus == "Beta's focus"
    with pytest.raises(PermissionDenied):
        services.update_edit(
            user=lead_a,
            update=update_b,
            data={"current_focus": "Hijacked"},
            version=version_of(update_b),
        )


def test_lead_edits_own_organisations_update(client_for, lead_a, work):
    update_a = work["update_a"]
    response = client_for(lead_a).post(
        reverse("anchors:update_edit", args=[update_a.pk]),
        {
            "current_focus": "Our new focus",
            "challenges": "",
            "successes": "A success",
            "version": version_of(update_a),
        },
    )
    assert response.status_code == 302
    update_a.refresh_from_db()
    assert update_a.current_focus == "Our new focus"
    assert update_a.history.first().history_user == lead_a


def test_lead_cannot_post_an_update_for_another_organisation(client_for, lead_a, org_b, work):
    workstream = work["workstream"]
    before = OrganisationUpdate.objects.count()
    response = client_for(lead_a).post(
        reverse("anchors:update_create", args=[workstream.pk]),
        {"organisation": str(org_b.pk), "current_focus": "Pretending to be Beta"},
    )
    assert response.status_code == 200
    assert "Choose your own organisation" in response.content.decode()
    assert OrganisationUpdate.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.update_post(
            user=lead_a,
            workstream=workstream,
            organisation=org_b,
            data={"current_focus": "Pretending to be Beta"},
        )
    assert OrganisationUpdate.objects.count() == before


@pytest.mark.parametrize("role", ["sponsor_a", "hwb_member", "viewer"])
def test_roles_without_a_lead_role_cannot_post_updates(role, role_users, org_a, work):
    with pytest.raises(PermissionDenied):
        services.update_post(
            user=role_users[role],
            workstream=work["workstream"],
            organisation=org_a,
            data={"current_focus": "Not mine to post"},
        )


def test_only_owner_or_facilitator_marks_an_action_done(client_for, role_users, work):
    action = work["action"]
    url = reverse("anchors:action_done", args=[action.pk])
    for name in ["lead_b", "sponsor_a", "hwb_member", "viewer", "outsider"]:
        assert client_for(role_users[name]).post(url).status_code == 403, name
        action.refresh_from_db()
        assert action.state == Action.State.OPEN
    posted = {"version": version_of(action)}
    assert client_for(role_users["lead_a"]).post(url, posted).status_code == 302
    action.refresh_from_db()
    assert action.state == Action.State.DONE
    assert action.history.first().history_user == role_users["lead_a"]
    reopen = reverse("anchors:action_reopen", args=[action.pk])
    posted = {"version": version_of(action)}
    assert client_for(role_users["facilitator"]).post(reopen, posted).status_code == 302
    action.refresh_from_db()
    assert action.state == Action.State.OPEN
    assert action.completed_on is None


def test_marking_done_needs_post(client_for, lead_a, work):
    url = reverse("anchors:action_done", args=[work["action"].pk])
    assert client_for(lead_a).get(url).status_code == 405


def test_owner_may_only_change_state_and_note(client_for, lead_a, work):
    action = work["action"]
    client = client_for(lead_a)
    url = reverse("anchors:action_edit", args=[action.pk])
    html = client.get(url).content.decode()
    assert 'name="description"' not in html
    assert 'name="due_date"' not in html
    response = client.post(
        url,
        {
            "state": "done",
            "note": "Sent to all six anchors",
            "description": "Something else",
            "version": version_of(action),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == Action.State.DONE
    assert action.note == "Sent to all six anchors"
    assert action.description == "Circulate the draft social value metrics"
    with pytest.raises(PermissionDenied):
        services.action_update(
            user=lead_a, action=action, data={"description": "Mine now"}, version=version_of(action)
        )


def test_owner_cannot_drop_an_action(lead_a, work):
    with pytest.raises(PortalError):
        services.action_progress(
            user=lead_a, action=work["action"], state="dropped", version=version_of(work["action"])
        )


def test_facilitator_edits_any_action(client_for, facilitator, lead_b, work):
    action = work["action"]
    response = client_for(facilitator).post(
        reverse("anchors:action_edit", args=[action.pk]),
        {
            "description": "Circulate the final metrics",
            "owner": str(lead_b.person.pk),
            "organisation": str(lead_b.person.organisation_id),
            "due_date": "2030-01-31",
            "state": "dropped",
            "note": "Superseded",
            "version": version_of(action),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.owner, action.state) == (
        "Circulate the final metrics",
        lead_b.person,
        Action.State.DROPPED,
    )


def test_sponsor_sets_own_organisations_sponsorship_only(client_for, sponsor_a, work):
    client = client_for(sponsor_a)
    p_a, p_b = work["participation_a"], work["participation_b"]
    response = client.post(
        reverse("anchors:participation_sponsorship", args=[work["workstream"].pk, p_a.pk]),
        {"sponsorship": "declined", "note": "No budget this year", "version": version_of(p_a)},
    )
    assert response.status_code == 302
    p_a.refresh_from_db()
    assert p_a.sponsorship == Participation.Sponsorship.DECLINED
    response = client.post(
        reverse("anchors:participation_sponsorship", args=[work["workstream"].pk, p_b.pk]),
        {"sponsorship": "secured"},
    )
    assert response.status_code == 403
    p_b.refresh_from_db()
    assert p_b.sponsorship == Participation.Sponsorship.REQUESTED
    with pytest.raises(PermissionDenied):
        services.participation_set_sponsorship(
            user=sponsor_a, participation=p_b, sponsorship="secured", version=version_of(p_b)
        )


@pytest.mark.parametrize("role", ["lead_a", "hwb_member", "viewer"])
def test_leads_and_others_cannot_set_sponsorship(role, role_users, work):
    with pytest.raises(PermissionDenied):
        services.participation_set_sponsorship(
            user=role_users[role],
            participation=work["participation_a"],
            sponsorship="secured",
            version=version_of(work["participation_a"]),
        )


@pytest.mark.parametrize("role", ["lead_a", "sponsor_a", "hwb_member", "viewer"])
def test_only_the_facilitator_records_workshops_and_changes_workstreams(
    role, role_users, collaborative, work
):
    user = role_users[role]
    before = (Workshop.objects.count(), Workstream.objects.count())
    with pytest.raises(PermissionDenied):
        services.workshop_record(
            user=user,
            collaborative=collaborative,
            data={"workstream": work["workstream"], "date": None, "title": "X"},
        )
    with pytest.raises(PermissionDenied):
        services.workstream_create(user=user, collaborative=collaborative, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        services.workstream_change_status(
            user=user,
            workstream=work["workstream"],
            status="paused",
            reason="Because",
            version=version_of(work["workstream"]),
        )
    assert (Workshop.objects.count(), Workstream.objects.count()) == before


def test_hwb_member_sees_workstream_health_but_no_workshop_records(client_for, hwb_member, work):
    client = client_for(hwb_member)
    html = client.get(
        reverse("anchors:workstream_detail", args=[work["workstream"].pk])
    ).content.decode()
    assert "Authorising environment" in html
    assert "Timeline" not in html
    assert work["workshop"].title not in html
    home = client.get(reverse("anchors:home")).content.decode()
    assert "Your open actions" not in home
    assert "Next workshop" not in home


def test_predicates(role_users, work, org_a, org_b, collaborative):
    fac, lead_a, lead_b = role_users["facilitator"], role_users["lead_a"], role_users["lead_b"]
    sponsor, hwb = role_users["sponsor_a"], role_users["hwb_member"]
    ws = work["workstream"]
    assert permissions.can_post_update(lead_a, ws, org_a)
    assert not permissions.can_post_update(lead_a, ws, org_b)
    assert permissions.can_post_update(fac, ws, org_b)
    assert not permissions.can_post_update(sponsor, ws)
    assert permissions.can_view_workshops(sponsor, collaborative)
    assert not permissions.can_view_workshops(hwb, collaborative)
    assert permissions.can_view_workstreams(hwb, collaborative)
    assert permissions.can_complete_action(lead_a, work["action"])
    assert not permissions.can_complete_action(lead_b, work["action"])
    assert not permissions.can_edit_action(lead_a, work["action"])
    assert permissions.can_set_sponsorship(sponsor, work["participation_a"])
    assert not permissions.can_set_sponsorship(sponsor, work["participation_b"])
    ws.status = Workstream.Status.CLOSED
    assert not permissions.can_post_update(lead_a, ws, org_a)


def test_facilitator_marks_an_action_done_from_the_edit_page(client_for, facilitator, work):
    action = work["action"]
    response = client_for(facilitator).post(
        reverse("anchors:action_edit", args=[action.pk]),
        {
            "description": action.description,
            "owner": str(action.owner_id),
            "organisation": str(action.organisation_id),
            "due_date": action.due_date.isoformat(),
            "state": "done",
            "note": "",
            "version": version_of(action),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == Action.State.DONE
    assert action.completed_on is not None
