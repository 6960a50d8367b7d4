"""Background tasks of the base layer.

Tasks that follow a change are ``outbox_task``s (sent through ``anchors.common.tasks.enqueue``):
they receive an outbox message id and run once per message.
"""

from datetime import date

from celery import shared_task

from anchors.common.tasks import outbox_task
from anchors.services import actions, organisations


@shared_task(name="anchors.send_action_reminders")
def send_action_reminders(today: str | None = None) -> int:
    """Email owners of open actions due within three days or overdue (daily, via Celery beat).

    Safe to run more than once a day: each action is reminded about at most once per day.
    ``today`` (ISO date) is for re-running a missed day; it defaults to the local date.
    """
    return actions.action_reminders_send(today=date.fromisoformat(today) if today else None)


@outbox_task(name="anchors.send_invitation_email")
def send_invitation_email(invitation_id: int) -> int:
    """Email an invited person the link to set their password (marked done once the mail server
    has accepted it, retried if it refused)."""
    return organisations.invitation_email_send(invitation_id=invitation_id)
