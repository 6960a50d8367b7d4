"""Workstream status with reasons, sponsorship and resources with how long each is lacking,
organisation updates between workshops, actions, and the list filters."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from anchors import selectors, services
from anchors.common.errors import PortalError, StaleEditError
from anchors.common.locking import version_of
from anchors.models import (
    Action,
    OrganisationUpdate,
    Participation,
    Workstream,
    WorkstreamStatusChange,
)
from tests.anchors.factories import (
    ActionFactory,
    AttendanceFactory,
    ParticipationFactory,
    ThemeFactory,
    WorkshopFactory,
    WorkstreamFactory,
)
from tests.forms import submit

pytestmark = pytest.mark.django_db

S = Participation.Sponsorship


# Workstream status ------------------------------------------------------------------------


def test_creating_a_workstream_records_its_first_status(facilitator, collaborative):
    workstream = services.workstream_create(
        user=facilitator,
        collaborative=collaborative,
        data={"name": "Workforce", "purpose": "Apprenticeships", "status": "proposed"},
    )
    change = workstream.status_changes.get()
    assert (change.from_status, change.to_status, change.created_by) == (
        "",
        "proposed",
        facilitator,
    )
    assert change.reason == "Workstream set up."
    with pytest.raises(PortalError) as caught:
        services.workstream_create(
            user=facilitator, collaborative=collaborative, data={"name": "workforce"}
        )
    assert caught.value.field == "name"


def test_status_change_records_who_when_from_to_and_why(facilitator, work):
    workstream = work["workstream"]
    services.workstream_change_status(
        user=facilitator,
        workstream=workstream,
        status="paused",
        reason="Leads could not secure senior sponsorship.",
        version=version_of(workstream),
    )
    workstream.refresh_from_db()
    assert workstream.status == Workstream.Status.PAUSED
    change = workstream.status_changes.first()
    assert (change.from_status, change.to_status, change.created_by) == (
        "active",
        "paused",
        facilitator,
    )
    assert change.reason == "Leads could not secure senior sponsorship."
    assert abs(change.changed_at - timezone.now()) < timedelta(minutes=1)
    last = workstream.history.first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        "paused",
        facilitator,
        "Leads could not secure senior sponsorship.",
    )


def test_a_long_reason_is_kept_whole_in_the_status_history(facilitator, work):
    reason = "The apprenticeship leads could not win senior sponsorship. " * 6
    services.workstream_change_status(
        user=facilitator,
        workstream=work["workstream"],
        status="paused",
        reason=reason,
        version=version_of(work["workstream"]),
    )
    assert work["workstream"].status_changes.first().reason == reason.strip()
    assert len(work["workstream"].history.first().history_change_reason) <= 100


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_status_change_without_a_reason_is_refused(reason, facilitator, work):
    workstream = work["workstream"]
    before = WorkstreamStatusChange.objects.count()
    with pytest.raises(PortalError) as caught:
        services.workstream_change_status(
            user=facilitator,
            workstream=workstream,
            status="paused",
            reason=reason,
            version=version_of(workstream),
        )
    assert caught.value.field == "reason"
    workstream.refresh_from_db()
    assert workstream.status == Workstream.Status.ACTIVE
    assert WorkstreamStatusChange.objects.count() == before


def test_status_change_page_without_a_reason_names_the_field(client_for, facilitator, work):
    workstream = work["workstream"]
    url = reverse("anchors:workstream_status", args=[workstream.pk])
    response = submit(client_for(facilitator), url, {"status": "paused", "reason": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_reason"' in html
    assert 'id="id_reason"' in html
    assert "Enter the reason for changing the status." in html
    workstream.refresh_from_db()
    assert workstream.status == Workstream.Status.ACTIVE
    response = submit(client_for(facilitator), url, {"status": "paused", "reason": "Paused."})
    assert response.status_code == 302
    assert WorkstreamStatusChange.objects.filter(to_status="paused", reason="Paused.").exists()


def test_the_database_refuses_a_status_change_without_a_reason(work):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkstreamStatusChange.objects.create(
            collaborative=work["workstream"].collaborative,
            workstream=work["workstream"],
            from_status="active",
            to_status="paused",
            reason="",
        )


def test_status_change_to_the_same_status_is_refused(facilitator, work):
    with pytest.raises(PortalError) as caught:
        services.workstream_change_status(
            user=facilitator,
            workstream=work["workstream"],
            status="active",
            reason="Again",
            version=version_of(work["workstream"]),
        )
    assert caught.value.field == "status"


def test_a_stale_status_change_is_refused(facilitator, work):
    workstream = work["workstream"]
    version = version_of(workstream)
    services.workstream_update(
        user=facilitator,
        workstream=workstream,
        data={"purpose": "New"},
        version=version_of(workstream),
    )
    with pytest.raises(StaleEditError):
        services.workstream_change_status(
            user=facilitator,
            workstream=workstream,
            status="closed",
            reason="Done",
            version=version,
        )
    workstream.refresh_from_db()
    assert workstream.status == Workstream.Status.ACTIVE


# Participation, sponsorship, health ---------------------------------------------------------


def test_an_organisation_takes_part_once(facilitator, work, org_a):
    with pytest.raises(PortalError) as caught:
        services.participation_add(
            user=facilitator, workstream=work["workstream"], data={"organisation": org_a}
        )
    assert caught.value.field == "organisation"


def test_health_names_who_lacks_sponsor_or_resources_and_for_how_long(work, org_b):
    today = date(2024, 6, 14)
    health = selectors.workstream_health(workstream=work["workstream"], today=today)
    assert (health.total, health.secured, health.resourced) == (2, 1, 1)
    (gap,) = health.gaps
    assert gap.participation.organisation == org_b
    assert gap.lacks_sponsor
    assert gap.lacks_resources
    assert gap.sponsor_since == date(2024, 1, 15)  # joined without a sponsor
    assert gap.sponsor_days == (today - date(2024, 1, 15)).days
    assert not health.healthy


def test_losing_a_sponsor_starts_the_clock_on_the_day_it_was_lost(facilitator, work):
    p_a = work["participation_a"]
    services.participation_set_sponsorship(
        user=facilitator,
        participation=p_a,
        sponsorship=S.DECLINED,
        on_date=date(2024, 5, 1),
        note="New finance director withdrew support",
        version=version_of(p_a),
    )
    p_a.refresh_from_db()
    assert p_a.sponsor_lacking_since == date(2024, 5, 1)
    assert p_a.sponsorship_note == "New finance director withdrew support"
    services.participation_set_sponsorship(
        user=facilitator, participation=p_a, sponsorship=S.SECURED, version=version_of(p_a)
    )
    p_a.refresh_from_db()
    assert p_a.sponsor_lacking_since is None
    assert p_a.sponsorship_date == timezone.localdate()
    states = [h.sponsorship for h in p_a.history.order_by("history_date")]
    assert states[-2:] == ["declined", "secured"]
    entries = selectors.workstream_history(workstream=work["workstream"])
    assert any(
        c.field == "Sponsorship" and c.before == "Declined" and c.after == "Secured"
        for e in entries
        for c in e.changes
    )


def test_a_sponsor_securing_sponsorship_becomes_the_named_sponsor(sponsor_a, work, org_a):
    p_a = work["participation_a"]
    Participation.objects.filter(pk=p_a.pk).update(sponsor=None, sponsorship=S.REQUESTED)
    p_a.refresh_from_db()
    services.participation_set_sponsorship(
        user=sponsor_a, participation=p_a, sponsorship=S.SECURED, version=version_of(p_a)
    )
    p_a.refresh_from_db()
    assert p_a.sponsor == sponsor_a.person
    assert p_a.history.first().history_user == sponsor_a


def test_sponsorship_cannot_be_dated_in_the_future(facilitator, work):
    with pytest.raises(PortalError) as caught:
        services.participation_set_sponsorship(
            user=facilitator,
            participation=work["participation_b"],
            sponsorship=S.SECURED,
            on_date=timezone.localdate() + timedelta(days=1),
            version=version_of(work["participation_b"]),
        )
    assert caught.value.field == "sponsorship_date"


def test_withdrawing_resources_starts_the_clock(facilitator, work):
    p_a = work["participation_a"]
    assert p_a.resources_lacking_since is None
    services.participation_update(
        user=facilitator,
        participation=p_a,
        data={"staff_days_per_quarter": None, "funding": None},
        version=version_of(p_a),
    )
    p_a.refresh_from_db()
    assert p_a.resources_lacking_since == timezone.localdate()


def test_resources_page_refuses_negative_figures(client_for, facilitator, work):
    p_b = work["participation_b"]
    url = reverse("anchors:participation_edit", args=[work["workstream"].pk, p_b.pk])
    html = (
        client_for(facilitator)
        .post(url, {"staff_days_per_quarter": "-2", "funding": "lots", "joined_on": "2024-01-15"})
        .content.decode()
    )
    assert 'href="#id_staff_days_per_quarter"' in html
    assert 'href="#id_funding"' in html
    p_b.refresh_from_db()
    assert p_b.staff_days_per_quarter is None


def test_sponsorship_page_saves_with_history(client_for, facilitator, work, sponsor_a):
    p_b = work["participation_b"]
    url = reverse("anchors:participation_sponsorship", args=[work["workstream"].pk, p_b.pk])
    response = submit(
        client_for(facilitator),
        url,
        {
            "sponsorship": "secured",
            "sponsorship_date": "2024-04-02",
            "sponsor": str(sponsor_a.person.pk),
            "note": "",
        },
    )
    assert response.status_code == 302
    p_b.refresh_from_db()
    assert (p_b.sponsorship, p_b.sponsorship_date, p_b.sponsor) == (
        "secured",
        date(2024, 4, 2),
        sponsor_a.person,
    )


# Updates between workshops -----------------------------------------------------------------


def test_lead_posts_an_update_that_appears_on_the_timeline(client_for, lead_b, work, org_b):
    workstream = work["workstream"]
    client = client_for(lead_b)
    response = client.post(
        reverse("anchors:update_create", args=[workstream.pk]),
        {
            "organisation": str(org_b.pk),
            "current_focus": "",
            "challenges": "Executive slot moved again",
            "successes": "",
        },
    )
    assert response.status_code == 302
    update = OrganisationUpdate.objects.get(challenges="Executive slot moved again")
    assert (update.organisation, update.workshop, update.created_by) == (org_b, None, lead_b)
    assert update.date == timezone.localdate()
    html = client.get(workstream.get_absolute_url()).content.decode()
    assert "Update from Beta NHS Trust" in html
    assert "Executive slot moved again" in html


def test_an_empty_update_is_refused(client_for, lead_a, work, org_a):
    before = OrganisationUpdate.objects.count()
    response = client_for(lead_a).post(
        reverse("anchors:update_create", args=[work["workstream"].pk]),
        {"organisation": str(org_a.pk), "current_focus": " ", "challenges": "", "successes": ""},
    )
    assert 'href="#id_current_focus"' in response.content.decode()
    assert OrganisationUpdate.objects.count() == before
    with pytest.raises(PortalError):
        services.update_post(
            user=lead_a, workstream=work["workstream"], organisation=org_a, data={}
        )


def test_no_updates_on_a_closed_workstream(client_for, lead_a, work):
    workstream = work["workstream"]
    Workstream.objects.filter(pk=workstream.pk).update(status="closed")
    url = reverse("anchors:update_create", args=[workstream.pk])
    assert client_for(lead_a).get(url).status_code == 403


# Actions -----------------------------------------------------------------------------------


def test_marking_done_records_the_day_and_who(lead_a, work):
    action = work["action"]
    services.action_progress(
        user=lead_a, action=action, state="done", note="Sent", version=version_of(action)
    )
    action.refresh_from_db()
    assert (action.state, action.completed_on, action.note) == (
        "done",
        timezone.localdate(),
        "Sent",
    )
    record = action.history.first()
    assert (record.history_user, record.history_change_reason) == (lead_a, "Marked done")


def test_only_an_open_action_past_its_due_date_is_overdue(work):
    action = work["action"]
    today = timezone.localdate()
    action.due_date = today - timedelta(days=1)
    assert action.is_overdue
    action.state = Action.State.DONE
    assert not action.is_overdue
    action.state, action.due_date = Action.State.OPEN, today
    assert not action.is_overdue


def test_a_done_action_needs_its_date_in_the_database(work):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=work["action"].pk).update(state="done", completed_on=None)


def test_action_list_filters(client_for, facilitator, work, lead_b, org_b, collaborative):
    today = timezone.localdate()
    other = WorkstreamFactory(collaborative=collaborative, name="Workforce")
    later = ActionFactory(
        workshop=WorkshopFactory(workstream=other),
        owner=lead_b.person,
        description="Draft the rotation schedule",
        due_date=today + timedelta(days=20),
    )
    finished = ActionFactory(
        workshop=work["workshop"],
        owner=lead_b.person,
        description="Book the room",
        state="done",
        completed_on=today,
    )
    url = reverse("anchors:action_list")
    client = client_for(facilitator)

    def shown(**params):
        html = client.get(url, params).content.decode()
        return {
            a.description
            for a in (work["action"], later, finished)
            if a.description in html.replace("&#x27;", "'")
        }

    assert shown() == {work["action"].description, later.description}  # open by default
    assert shown(state="") == {work["action"].description, later.description, "Book the room"}
    assert shown(state="done") == {"Book the room"}
    assert shown(state="", owner=lead_b.person.pk) == {later.description, "Book the room"}
    assert shown(state="", organisation=org_b.pk) == {later.description, "Book the room"}
    assert shown(state="", workstream=other.pk) == {later.description}
    assert shown(state="", overdue="on") == {work["action"].description}


def test_my_actions_link_filters_to_the_signed_in_owner(client_for, lead_a, lead_b, work):
    ActionFactory(workshop=work["workshop"], owner=lead_b.person, description="Beta's job")
    html = client_for(lead_a).get(reverse("anchors:action_list"), {"mine": "1"}).content.decode()
    assert work["action"].description in html
    assert "Beta&#x27;s job" not in html


# Workshop list filters ---------------------------------------------------------------------


def test_workshop_list_filters(client_for, lead_a, work, collaborative, org_a, org_b):
    net_zero = ThemeFactory(collaborative=collaborative, name="Net Zero")
    other = WorkstreamFactory(collaborative=collaborative, name="Workforce")
    ParticipationFactory(workstream=other, organisation=org_a)
    green = WorkshopFactory(workstream=other, title="Green skills", date=date(2024, 9, 1))
    green.themes.add(net_zero)
    AttendanceFactory(workshop=green, person=lead_a.person, organisation=org_a)
    client = client_for(lead_a)
    url = reverse("anchors:workshop_list")

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {t for t in ("Workshop 1: social value", "Green skills") if t in html}

    assert titles() == {"Workshop 1: social value", "Green skills"}
    assert titles(workstream=other.pk) == {"Green skills"}
    assert titles(theme=net_zero.pk) == {"Green skills"}
    assert titles(theme=work["theme"].pk) == {"Workshop 1: social value"}
    assert titles(organisation=org_b.pk) == {"Workshop 1: social value"}
    assert titles(organisation=org_a.pk) == {"Workshop 1: social value", "Green skills"}
    assert titles(date_from="2024-06-01") == {"Green skills"}
    assert titles(date_to="2024-06-01") == {"Workshop 1: social value"}
    assert titles(date_from="2024-03-12", date_to="2024-03-12") == {"Workshop 1: social value"}
    html = client.get(url, {"date_from": "not a date"}).content.decode()
    assert "The earliest date must be a real date" in html


def test_workshop_list_counts_attendance_and_organisations(work):
    (row,) = selectors.workshop_list(collaborative=work["workshop"].collaborative)
    assert (row.attendance_count, row.organisation_count, row.action_count) == (2, 2, 1)


def test_next_workshop_is_the_earliest_planned_date(work, collaborative):
    today = date(2024, 6, 1)
    assert selectors.next_workshop(collaborative=collaborative, today=today) is None
    workstream = work["workstream"]
    workstream.next_workshop_on = date(2024, 7, 10)
    workstream.save()
    ahead = WorkshopFactory(workstream=workstream, date=date(2024, 6, 20), title="Planned")
    upcoming = selectors.next_workshop(collaborative=collaborative, today=today)
    assert upcoming["workshop"] == ahead
    ahead.delete()
    upcoming = selectors.next_workshop(collaborative=collaborative, today=today)
    assert (upcoming["date"], upcoming["workshop"]) == (date(2024, 7, 10), None)
