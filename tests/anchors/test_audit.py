"""History of workshop attendance and speakers: every row the workshop services add, change or
remove keeps who did it, when and why (django-simple-history), bulk writes included."""

from datetime import date

import pytest

from anchors import services
from anchors.common.locking import version_of
from anchors.models import Attendance, Speaker, Workshop
from anchors.services.workshops import (
    ATTENDEE_ADDED,
    ATTENDEE_REMOVED,
    SPEAKER_ADDED,
    SPEAKER_CHANGED,
    SPEAKER_REMOVED,
)
from tests.anchors.authenticators import give_totp
from tests.anchors.factories import (
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
    WorkstreamFactory,
)
from tests.anchors.test_views_workshop_form import post_data

pytestmark = pytest.mark.django_db


def _data(workstream, title="Deep dive: social value"):
    return {"workstream": workstream, "date": date(2025, 3, 4), "title": title, "themes": []}


@pytest.fixture
def recorded(work, facilitator, collaborative, lead_a, lead_b):
    workshop = services.workshop_record(
        user=facilitator,
        collaborative=collaborative,
        data=_data(work["workstream"]),
        speakers=[
            {"row": 0, "name": "Dr Ada Speaker", "organisation": "University", "role": "Lecturer"},
            {"row": 1, "name": "Ben Guest"},
        ],
        attendees=[lead_a.person, lead_b.person],
    )
    return workshop


def test_recording_a_workshop_keeps_who_added_each_attendee_and_speaker(recorded, facilitator):
    attendance = Attendance.history.filter(workshop_id=recorded.pk)
    assert attendance.count() == 2
    assert {(h.history_type, h.history_user_id) for h in attendance} == {("+", facilitator.pk)}
    assert {h.history_change_reason for h in attendance} == {ATTENDEE_ADDED}
    speakers = Speaker.history.filter(workshop_id=recorded.pk).order_by("position")
    assert [h.name for h in speakers] == ["Dr Ada Speaker", "Ben Guest"]
    assert {(h.history_type, h.history_user_id) for h in speakers} == {("+", facilitator.pk)}
    assert {h.history_change_reason for h in speakers} == {SPEAKER_ADDED}


def test_correcting_a_workshop_keeps_the_removed_attendee_and_the_changed_speaker(
    recorded, facilitator, work, lead_a, lead_b, org_a
):
    newcomer = PersonFactory(organisation=org_a, name="New Attendee")
    services.workshop_revise(
        user=facilitator,
        workshop=recorded,
        data=_data(work["workstream"]),
        speakers=[{"row": 0, "name": "Dr Ada Speaker", "organisation": "University of Testing"}],
        attendees=[lead_a.person, newcomer],
        version=version_of(recorded),
    )
    mine = Attendance.history.filter(workshop_id=recorded.pk)
    gone = mine.get(person_id=lead_b.person.pk, history_type="-")
    assert (gone.history_user_id, gone.history_change_reason) == (facilitator.pk, ATTENDEE_REMOVED)
    added = mine.get(person_id=newcomer.pk)
    assert (added.history_type, added.history_user_id) == ("+", facilitator.pk)
    # The unchanged attendee has no new history row.
    assert mine.filter(person_id=lead_a.person.pk).count() == 1

    changed = Speaker.history.get(workshop_id=recorded.pk, history_type="~")
    assert changed.organisation == "University of Testing"
    assert (changed.history_user_id, changed.history_change_reason) == (
        facilitator.pk,
        SPEAKER_CHANGED,
    )
    previous = changed.prev_record
    assert previous.organisation == "University"
    removed = Speaker.history.get(workshop_id=recorded.pk, history_type="-")
    assert (removed.name, removed.history_change_reason) == ("Ben Guest", SPEAKER_REMOVED)
    assert list(recorded.speakers.values_list("name", flat=True)) == ["Dr Ada Speaker"]


def test_an_unchanged_correction_writes_no_attendance_or_speaker_history(
    recorded, facilitator, work, lead_a, lead_b
):
    before = Attendance.history.count(), Speaker.history.count()
    services.workshop_revise(
        user=facilitator,
        workshop=recorded,
        data=_data(work["workstream"]),
        speakers=[
            {"row": 0, "name": "Dr Ada Speaker", "organisation": "University", "role": "Lecturer"},
            {"row": 1, "name": "Ben Guest"},
        ],
        attendees=[lead_a.person, lead_b.person],
        version=version_of(recorded),
    )
    assert (Attendance.history.count(), Speaker.history.count()) == before


@pytest.fixture
def form_setting(collaborative, org_a, org_b):
    """What the workshop form's test data (post_data) names."""
    workstream = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    ParticipationFactory(workstream=workstream, organisation=org_a)
    ParticipationFactory(workstream=workstream, organisation=org_b)
    return {
        "workstream": workstream,
        "social_value": ThemeFactory(collaborative=collaborative, name="Social Value"),
    }


def test_the_workshop_form_records_the_signed_in_facilitator(
    client_for, facilitator, form_setting, org_a, org_b, lead_a, lead_b
):
    """Through the page as well as the service: the history names who saved the form."""
    give_totp(facilitator)  # facilitators must use two-factor authentication
    response = client_for(facilitator).post(
        "/workshops/new/", post_data(form_setting, org_a, org_b, lead_a, lead_b)
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    history = [
        *Attendance.history.filter(workshop_id=workshop.pk),
        *Speaker.history.filter(workshop_id=workshop.pk),
    ]
    assert len(history) == 3  # two attendees, one speaker
    assert {h.history_user_id for h in history} == {facilitator.pk}
