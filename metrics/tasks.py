"""Celery tasks: deadline reminders (daily, see CELERY_BEAT_SCHEDULE) and return notices.

Tasks call services; services never import tasks (they name them: anchors.common.tasks.enqueue).
Tasks that follow a change are ``outbox_task``s: they receive an outbox message id and run once.
"""

import datetime

from celery import shared_task

from anchors.common.tasks import outbox_task
from metrics import services


@shared_task(name="metrics.send_deadline_reminders")
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind leads 7 and 2 days before a deadline; safe to run any number of times a day."""
    return services.reminders_send(today=datetime.date.fromisoformat(today) if today else None)


@outbox_task(name="metrics.notify_value_returned")
def notify_value_returned(value_id: int) -> int:
    """Tell the organisation's leads (and whoever submitted) why a value came back (an email:
    marked done once the mail server has accepted it, retried if it refused)."""
    return services.value_returned_notify(value_id=value_id)


@shared_task(name="metrics.prune_import_batches")
def prune_import_batches() -> int:
    """Uploads previewed but never imported are kept two days, then deleted."""
    return services.import_batches_prune()
