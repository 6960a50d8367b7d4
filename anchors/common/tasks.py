"""Handing work to Celery after a change, through the outbox, so none is lost.

Services name the task rather than import it (``enqueue("metrics.notify_value_returned", 12)``):
tasks call services, so services importing tasks would make a cycle. ``enqueue`` writes the work
to the outbox table inside the caller's transaction and hands it to Celery once that commits
(eager mode: runs it in-process then); if the broker is down, the relay hands it over later.
A task that can be enqueued is declared with ``outbox_task`` (it receives the outbox message id
and runs the function once per message). See ``anchors.common.outbox.relay``.
"""

from django.db import transaction

from anchors.common.outbox.relay import (
    beat_status,
    broker_status,
    eager,
    hand_over,
    outbox_task,
    pending_count,
    record,
    task_named,
)


def enqueue(name, *args, key=None, **kwargs):
    """Record the task ``name`` with these (JSON) arguments in the current transaction, and hand
    it to Celery when the transaction commits (at once outside one); nothing happens if it rolls
    back. ``key`` makes it idempotent: a second enqueue with the same key records nothing more.
    Returns the outbox message."""
    message = record(name, args, kwargs, key=key)
    transaction.on_commit(lambda: hand_over(message.pk), robust=True)
    return message


# For /healthz: the broker, beat's last run and the backlog, as the outbox sees them.
__all__ = [
    "beat_status",
    "broker_status",
    "eager",
    "enqueue",
    "outbox_task",
    "pending_count",
    "task_named",
]
