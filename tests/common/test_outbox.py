"""The outbox: work recorded with the change, handed over after commit, run exactly once.

``broker`` stands in for Celery's broker: it refuses publishes while down and keeps what it was
given, and ``deliver`` plays the worker (any number of times per message, as redelivery can).
The real broker is used in tests/anchors/test_integrations.py and .ci/stack_check.py.
"""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from celery import current_app
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from anchors.common.outbox import relay
from anchors.common.outbox.models import Heartbeat, OutboxMessage
from anchors.common.outbox.tasks import relay_outbox
from anchors.common.tasks import enqueue
from anchors.services import organisations
from tests.anchors.factories import PersonFactory

pytestmark = pytest.mark.django_db


class Broker:
    def __init__(self):
        self.up = True
        self.queue = []

    def publish(self, task, args=None, kwargs=None, **options):
        assert options.get("retry") is False  # the outbox retries; the request must not wait
        if not self.up:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6380. Connection refused.")
        self.queue.append((task.name, list(args)))

    def deliver(self, times=1):
        """Run every queued message ``times`` times, as a worker (or several) would."""
        queued, self.queue = self.queue, []
        for name, args in queued:
            for _ in range(times):
                current_app.tasks[name].apply(args=args)


@pytest.fixture
def broker():
    conf = current_app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    fake = Broker()
    with mock.patch("celery.app.task.Task.apply_async", autospec=True, side_effect=fake.publish):
        yield fake
    conf.task_always_eager = eager


def _due_now():
    """Time passes: every backoff and lease is over."""
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def _probe_runs(label):
    return Heartbeat.objects.filter(name=f"probe:{label}").values_list("count", flat=True).first()


def test_enqueue_records_the_work_in_the_callers_transaction(
    broker, django_capture_on_commit_callbacks
):
    def change_that_fails():
        with transaction.atomic():
            enqueue("outbox.probe", "rolled-back")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxMessage.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = enqueue("outbox.probe", "kept", seconds=0)
            assert broker.queue == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert (message.task, message.args, message.kwargs) == (
        "outbox.probe",
        ["kept"],
        {"seconds": 0},
    )
    assert broker.queue == [("outbox.probe", [message.pk])]  # the broker carries only the id
    assert message.sent_at is not None
    assert message.attempts == 1
    broker.deliver()
    assert _probe_runs("kept") == 1


def test_in_eager_mode_the_task_runs_in_process_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue("outbox.probe", "eager")
    assert _probe_runs("eager") == 1
    message.refresh_from_db()
    assert message.done_at is not None


def test_the_same_key_records_the_work_once(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue("outbox.probe", "keyed", key="probe:keyed")
        second = enqueue("outbox.probe", "keyed", key="probe:keyed")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    broker.deliver()
    assert _probe_runs("keyed") == 1


def test_a_message_delivered_many_times_runs_once(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue("outbox.probe", "redelivered")
    broker.deliver(times=3)
    assert _probe_runs("redelivered") == 1
    message.refresh_from_db()
    assert message.done_at is not None


def test_with_the_broker_down_work_waits_then_is_sent_once_with_backoff(
    broker, django_capture_on_commit_callbacks
):
    broker.up = False
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue("outbox.probe", "outage")
    message.refresh_from_db()
    assert (message.done_at, message.sent_at) == (None, None)
    assert message.last_error.startswith("hand-over: OperationalError")
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=5)  # backs off

    assert relay.relay_pending() == {"sent": 0, "failed": 0}  # not due yet
    _due_now()
    assert relay.relay_pending() == {"sent": 0, "failed": 1}  # still down: backs off longer
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=15)

    broker.up = True
    _due_now()
    assert relay.relay_pending() == {"sent": 1, "failed": 0}
    assert relay.relay_pending() == {"sent": 0, "failed": 0}
    broker.deliver(times=2)
    assert _probe_runs("outage") == 1


def test_the_relay_stops_at_the_first_broker_failure_and_leaves_the_rest_due(broker):
    for label in ("a", "b", "c"):
        enqueue("outbox.probe", label)  # no commit in a test: only the relay hands them over
    broker.up = False
    assert relay.relay_pending() == {"sent": 0, "failed": 1}
    due = OutboxMessage.objects.filter(next_attempt_at__lte=timezone.now())
    assert due.count() == 2
    assert sorted(due.values_list("attempts", flat=True)) == [0, 0]
    broker.up = True
    assert relay.relay_pending() == {"sent": 2, "failed": 0}
    OutboxMessage.objects.exclude(last_error="").update(next_attempt_at=timezone.now())
    assert relay.relay_pending() == {"sent": 1, "failed": 0}  # the one that failed, after backoff
    broker.deliver()
    assert [_probe_runs(label) for label in ("a", "b", "c")] == [1, 1, 1]


def test_a_message_the_broker_lost_is_handed_over_again_after_its_lease(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("outbox.probe", "lost")
    broker.queue.clear()  # the broker restarted without persistence
    assert relay.relay_pending() == {"sent": 0, "failed": 0}  # within its lease
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert relay.relay_pending() == {"sent": 1, "failed": 0}
    broker.deliver()
    assert _probe_runs("lost") == 1


def test_a_failed_task_rolls_back_its_work_and_is_retried(broker):
    message = enqueue("outbox.probe", "never")

    def half_done(label):
        Heartbeat.beat("probe:half")
        raise ConnectionRefusedError("SMTP server refused")

    with pytest.raises(ConnectionRefusedError):
        relay.run_message(message.pk, half_done)
    message.refresh_from_db()
    assert message.done_at is None
    assert message.last_error == "task: ConnectionRefusedError: SMTP server refused"
    assert not Heartbeat.objects.filter(name="probe:half").exists()  # rolled back with the task


def test_an_email_is_retried_after_the_mail_server_refused_and_sent_once(
    broker, facilitator, org_a, django_capture_on_commit_callbacks
):
    person = PersonFactory(organisation=org_a, email="new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        organisations.person_invite(user=facilitator, person=person)
    with (
        mock.patch(
            "anchors.services.organisations.send_mail",
            side_effect=ConnectionRefusedError("SMTP down"),
        ),
        pytest.raises(ConnectionRefusedError),
    ):
        broker.deliver()
    assert mail.outbox == []
    message = OutboxMessage.objects.get()
    assert message.done_at is None
    assert "SMTP down" in message.last_error

    _due_now()
    assert relay.relay_pending() == {"sent": 1, "failed": 0}
    broker.deliver(times=2)
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_a_written_email_is_sent_once_after_commit_and_retried_if_refused(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("outbox.send_email", "Reminder", "Two actions are due.", ["owner@example.org"])
    with (
        mock.patch(
            "anchors.common.outbox.tasks.send_mail", side_effect=ConnectionRefusedError("down")
        ),
        pytest.raises(ConnectionRefusedError),
    ):
        broker.deliver()
    assert mail.outbox == []
    _due_now()
    relay.relay_pending()
    broker.deliver(times=2)
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [
        ("Reminder", "Two actions are due.", ["owner@example.org"])
    ]


def test_beats_relay_records_its_heartbeat_and_prunes_old_done_messages(broker):
    old = enqueue("outbox.probe", "old")
    OutboxMessage.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=30))
    assert relay_outbox() == {"sent": 0, "failed": 0, "pruned": 1}
    relay_outbox()
    beat = Heartbeat.objects.get(name="beat")
    assert beat.count == 2
    assert (timezone.now() - beat.at) < timedelta(seconds=5)


def test_the_relay_command_hands_over_and_says_what_is_left(broker):
    enqueue("outbox.probe", "by-hand")
    out = StringIO()
    call_command("relay_outbox", stdout=out)
    assert out.getvalue().strip() == "Handed over 1, failed 0; 1 not done yet."
    broker.deliver()
    out = StringIO()
    call_command("relay_outbox", stdout=out)
    assert out.getvalue().strip() == "Handed over 0, failed 0; 0 not done yet."


def test_the_relay_command_retries_failed_messages_at_once_when_asked(broker):
    broker.up = False
    enqueue("outbox.probe", "after-fix")
    relay.relay_pending()
    broker.up = True
    call_command("relay_outbox", stdout=StringIO())
    assert broker.queue == []  # still backing off
    call_command("relay_outbox", "--now", stdout=StringIO())
    assert len(broker.queue) == 1


def test_backoff_doubles_up_to_an_hour():
    assert [relay.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert relay.backoff(50) == timedelta(hours=1)


def test_every_task_sent_after_a_change_goes_through_the_outbox():
    """The tasks services enqueue take a message id (outbox tasks), not their arguments."""
    current_app.loader.import_default_modules()
    for name in ("metrics.notify_value_returned", "anchors.send_invitation_email"):
        task = current_app.tasks[name]
        assert task.__wrapped__.__code__.co_varnames[:1] == ("message_id",), name
