"""The daily reminder: owners of open actions due within three days or overdue get one email a
day at most, however often the task runs."""

from datetime import date, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from anchors import services
from anchors.common.locking import version_of
from anchors.models import ActionReminder
from anchors.tasks import send_action_reminders
from tests.anchors.factories import (
    ActionFactory,
    PersonFactory,
    WorkshopFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 12)


@pytest.fixture
def actions(collaborative, org_a, org_b, lead_a):
    workshop = WorkshopFactory(
        workstream=WorkstreamFactory(collaborative=collaborative), title="Workshop 7"
    )
    nobody = PersonFactory(organisation=org_b, email="", name="No Email")
    bea = PersonFactory(organisation=org_b, email="bea@example.org", name="Bea")

    def make(description, owner, days, **extra):
        return ActionFactory(
            workshop=workshop,
            owner=owner,
            description=description,
            due_date=TODAY + timedelta(days=days),
            **extra,
        )

    return {
        "in_three_days": make("Due in three days", lead_a.person, 3),
        "overdue": make("Overdue by a week", lead_a.person, -7),
        "today": make("Due today", bea, 0),
        "in_four_days": make("Due in four days", lead_a.person, 4),
        "done": make("Done already", bea, -2, state="done", completed_on=TODAY),
        "dropped": make("Dropped", bea, -2, state="dropped"),
        "no_email": make("Owner has no email", nobody, 1),
    }


def test_owners_are_emailed_about_actions_due_soon_or_overdue(actions, lead_a, transactional_db):
    sent = services.action_reminders_send(today=TODAY)
    assert sent == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {lead_a.person.email, "bea@example.org"}
    lead_mail = by_recipient[lead_a.person.email]
    assert "Due in three days" in lead_mail.body
    assert "OVERDUE since 5 May 2025" in lead_mail.body
    assert "Due in four days" not in lead_mail.body
    assert lead_mail.subject == "Reminder: 2 actions (1 overdue) need your attention"
    assert "/actions/?mine=1" in lead_mail.body
    bea_mail = by_recipient["bea@example.org"]
    assert "Due today" in bea_mail.body
    assert "Done already" not in bea_mail.body
    assert "Dropped" not in bea_mail.body
    reminded = set(ActionReminder.objects.values_list("action__description", "kind"))
    assert reminded == {
        ("Due in three days", "due_soon"),
        ("Overdue by a week", "overdue"),
        ("Due today", "due_soon"),
    }


def test_running_twice_the_same_day_sends_each_email_once(actions, transactional_db):
    send_action_reminders.delay(TODAY.isoformat())
    assert len(mail.outbox) == 2
    rows = ActionReminder.objects.count()
    send_action_reminders.delay(TODAY.isoformat())
    assert len(mail.outbox) == 2
    assert ActionReminder.objects.count() == rows
    assert services.action_reminders_send(today=TODAY) == 0


def test_the_next_day_brings_a_new_reminder(actions, transactional_db):
    services.action_reminders_send(today=TODAY)
    services.action_reminders_send(today=TODAY + timedelta(days=1))
    # day two: the four-day action is now within three days as well
    assert len(mail.outbox) == 4
    assert "Due in four days" in mail.outbox[2].body + mail.outbox[3].body


def test_an_action_done_meanwhile_is_not_reminded(actions, lead_a, transactional_db):
    services.action_progress(
        user=lead_a, action=actions["overdue"], state="done", version=version_of(actions["overdue"])
    )
    services.action_progress(
        user=lead_a,
        action=actions["in_three_days"],
        state="done",
        version=version_of(actions["in_three_days"]),
    )
    services.action_reminders_send(today=TODAY)
    assert [m.to for m in mail.outbox] == [["bea@example.org"]]


def test_the_task_runs_daily_through_celery_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["anchors-action-reminders"]
    assert entry["task"] == "anchors.send_action_reminders"
    assert entry["schedule"] == crontab(hour=7, minute=0)
    assert send_action_reminders.name == "anchors.send_action_reminders"
