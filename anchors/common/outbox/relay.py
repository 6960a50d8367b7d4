"""The transactional outbox: record work with the change, hand it to Celery after, run it once.

1. ``record`` writes an ``OutboxMessage`` inside the caller's transaction (through
   ``anchors.common.tasks.enqueue``): if the change rolls back, so does the work.
2. On commit, ``hand_over`` claims the message and publishes it — the broker carries only the
   message id. With the broker down the publish fails fast, the error and the next attempt are
   written on the message, and the user's request carries on. In eager mode (no broker
   configured) the task runs here, in-process, as before.
3. ``relay_pending`` (the ``outbox.relay`` beat task every minute, and ``manage.py relay_outbox``)
   hands over whatever is due: failed hand-overs and failed tasks after their backoff, and
   messages handed over but still not done after ``LEASE`` (a broker that lost them).
4. The task (``outbox_task``) locks its message, does nothing if it is already done, runs, and
   marks it done in the same transaction as its own database work: however often a message is
   delivered (a redelivery after kill -9, the relay's second try), its database work happens
   exactly once. A failure rolls back, records the error and a backoff, and the relay tries
   again.

Email cannot be exactly-once: SMTP is not in the transaction. An email task's message is marked
done straight after the mail server accepted the email, so it is sent at most once after a
success and retried after a failure; a crash in the instant between the two sends it twice.
"""

import logging
import uuid
from datetime import timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu import Connection

from anchors.common.outbox.models import Heartbeat, OutboxMessage

logger = logging.getLogger(__name__)

BACKOFF_FIRST = timedelta(seconds=10)
BACKOFF_MAX = timedelta(hours=1)
# A message handed over but not done after this long is handed over again (the broker lost it,
# or no worker ran it); a second delivery of one that was merely slow does nothing.
LEASE = timedelta(minutes=15)
BATCH = 200
KEEP_DONE = timedelta(days=14)
ERROR_CHARS = 2000
BROKER_PROBE_TIMEOUT = 1.0
BEAT = "beat"


def task_named(name):
    """The registered Celery task called ``name`` (importing every app's tasks on first use)."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def eager() -> bool:
    """Whether tasks run in-process (no broker configured, and in tests)."""
    return bool(current_app.conf.task_always_eager)


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s … after the 1st, 2nd, 3rd … failed attempt, at most an hour."""
    return min(BACKOFF_FIRST * (2 ** min(max(attempts - 1, 0), 20)), BACKOFF_MAX)


def _error_text(error) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_CHARS]


# -- recording -------------------------------------------------------------------------------


def record(name, args, kwargs, *, key=None) -> OutboxMessage:
    """Write the message in the current transaction; the same ``key`` twice records it once."""
    message, _ = OutboxMessage.objects.get_or_create(
        key=key or f"{name}:{uuid.uuid4().hex}",
        defaults={"task": name, "args": list(args), "kwargs": dict(kwargs)},
    )
    return message


# -- handing over ----------------------------------------------------------------------------


def _claim(ids=None) -> list[int]:
    """Mark due, undone messages as handed over now (one attempt more); their ids, oldest first.

    A message whose task is running is locked by it and skipped (``skip_locked``), so claiming
    never waits for a task, and two relays never claim the same message.
    """
    now = timezone.now()
    pending = OutboxMessage.objects.filter(done_at__isnull=True, next_attempt_at__lte=now)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    with transaction.atomic():
        claimed = list(
            pending.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if claimed:
            OutboxMessage.objects.filter(pk__in=claimed).update(
                sent_at=now, next_attempt_at=now + LEASE, attempts=F("attempts") + 1
            )
    return claimed


def _failed(message_id, error, *, during):
    """Write the error and when to try again on a message that is still not done."""
    message = OutboxMessage.objects.filter(pk=message_id).only("attempts").first()
    attempts = message.attempts if message else 1
    changes = {
        "last_error": f"{during}: {_error_text(error)}",
        "next_attempt_at": timezone.now() + backoff(attempts),
    }
    if during == "hand-over":
        changes["sent_at"] = None  # it never reached the broker
    OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(**changes)


def _publish(message_id) -> bool:
    """Send one claimed message to its task; False (error recorded) if that failed."""
    task_name = OutboxMessage.objects.filter(pk=message_id).values_list("task", flat=True).first()
    try:
        task = task_named(task_name)
        if eager():
            # In-process, as Celery's eager mode does: the task itself records a failure.
            task.apply(args=[message_id], throw=True)
            return True
        # No publish retries: the outbox is the retry, and the user's request must not wait.
        task.apply_async(args=[message_id], retry=False)
    except Exception as error:  # noqa: BLE001 - any failure leaves the message for the relay
        logger.warning("Outbox message %s (%s) did not go: %s", message_id, task_name, error)
        if not eager():
            _failed(message_id, error, during="hand-over")
        return False
    return True


def hand_over(message_id) -> bool:
    """Hand one message to Celery now, if it is due and not done (called on commit)."""
    return all(_publish(pk) for pk in _claim([message_id]))


def relay_pending() -> dict:
    """Hand over every due message; stop at the first broker failure (the next run tries again).

    Returns counts for the log and the management command.
    """
    sent = failed = 0
    while True:
        claimed = _claim()
        for index, message_id in enumerate(claimed):
            if _publish(message_id):
                sent += 1
                continue
            failed += 1
            if not eager():
                # The broker is down: release the rest of this batch for the next run.
                OutboxMessage.objects.filter(pk__in=claimed[index + 1 :]).update(
                    next_attempt_at=timezone.now(), sent_at=None, attempts=F("attempts") - 1
                )
                return {"sent": sent, "failed": failed}
        if len(claimed) < BATCH:
            return {"sent": sent, "failed": failed}


def prune_done() -> int:
    """Delete messages done more than ``KEEP_DONE`` ago; how many."""
    deleted, _ = OutboxMessage.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    return deleted


# -- running ---------------------------------------------------------------------------------


def run_message(message_id, function):
    """Run ``function`` with the message's arguments, once: the message is locked for the run and
    marked done in the same transaction; a message already done (a redelivery) does nothing."""
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
            if message is None:
                logger.warning("Outbox message %s does not exist: nothing to run", message_id)
                return None
            if message.done_at is not None:
                logger.info(
                    "Outbox message %s (%s) already done: skipped", message_id, message.task
                )
                return None
            result = function(*message.args, **message.kwargs)
            OutboxMessage.objects.filter(pk=message_id).update(
                done_at=timezone.now(), last_error=""
            )
            return result
    except Exception as error:
        _failed(message_id, error, during="task")
        raise


def outbox_task(name, **options):
    """Register ``function`` as the Celery task ``name``, fed by the outbox.

    The task receives an outbox message id (``enqueue(name, *args, **kwargs)`` records the
    arguments) and calls ``function(*args, **kwargs)`` once per message: send it only through
    ``enqueue``, never with ``delay``.
    """

    def decorator(function):
        def run(message_id):
            return run_message(message_id, function)

        run.__name__, run.__qualname__ = function.__name__, function.__qualname__
        run.__module__, run.__doc__ = function.__module__, function.__doc__
        return shared_task(name=name, **options)(run)

    return decorator


# -- health ----------------------------------------------------------------------------------


def broker_status() -> str:
    """ "ok", "failed", or "not configured" (eager mode), with a short connect timeout."""
    if eager():
        return "not configured"
    conf = current_app.conf
    options = {
        **(conf.broker_transport_options or {}),
        "socket_connect_timeout": BROKER_PROBE_TIMEOUT,
        "socket_timeout": BROKER_PROBE_TIMEOUT,
        "max_retries": 0,
    }
    try:
        with Connection(
            conf.broker_url, connect_timeout=BROKER_PROBE_TIMEOUT, transport_options=options
        ) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        logger.warning("Health check: broker unreachable: %s", error)
        return "failed"
    return "ok"


def beat_status() -> tuple[str, int | None]:
    """("ok" | "late" | "never ran" | "not configured", seconds since beat's relay last ran)."""
    if eager():
        return "not configured", None
    at = Heartbeat.objects.filter(name=BEAT).values_list("at", flat=True).first()
    if at is None:
        return "never ran", None
    age = max(int((timezone.now() - at).total_seconds()), 0)
    late_after = max(3 * settings.OUTBOX_RELAY_SECONDS, 180)
    return ("late" if age > late_after else "ok"), age


def pending_count() -> int:
    return OutboxMessage.objects.filter(done_at__isnull=True).count()
