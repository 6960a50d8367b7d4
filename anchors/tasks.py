"""Background tasks of the base layer."""

from datetime import date

from celery import shared_task

from anchors.services import actions


@shared_task(name="anchors.send_action_reminders")
def send_action_reminders(today: str | None = None) -> int:
    """Email owners of open actions due within three days or overdue (daily, via Celery beat).

    Safe to run more than once a day: each action is reminded about at most once per day.
    ``today`` (ISO date) is for re-running a missed day; it defaults to the local date.
    """
    return actions.action_reminders_send(today=date.fromisoformat(today) if today else None)
