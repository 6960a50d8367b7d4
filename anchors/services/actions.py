"""Writes for actions agreed at workshops, and the daily reminders to their owners.

Every function takes keyword arguments, runs in one transaction, checks permission itself,
records history and sends email on commit.
"""

from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from anchors import permissions
from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version, mark_changed
from anchors.common.tasks import enqueue
from anchors.models import Action, ActionReminder, Workshop
from anchors.selectors.actions import actions_needing_reminder
from anchors.services.common import in_collaborative, long_date

REMINDER_WINDOW_DAYS = 3


# Actions -------------------------------------------------------------------------------------


def _set_state(action, state, today):
    action.state = state
    action.completed_on = today if state == Action.State.DONE else None


@transaction.atomic
def action_update(*, user, action, data, version=None) -> Action:
    """Change any field of an action: the facilitator."""
    require(permissions.can_edit_action(user, action))
    collaborative = action.collaborative
    for name in ("owner", "organisation"):
        if not in_collaborative(data.get(name), collaborative):
            raise PortalError("Choose one in this collaborative.", field=name)
    mark_changed(Workshop, action.workshop_id)
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(current=current, version=version, what="action")
    copy_fields(current, data, ("description", "owner", "organisation", "due_date", "note"))
    if not current.organisation_id:
        current.organisation = current.owner.organisation
    state = data.get("state", current.state)
    if state != current.state:
        _set_state(current, state, timezone.localdate())
    return save_with_history(current, user=user)


@transaction.atomic
def action_progress(*, user, action, state, note=None, version=None) -> Action:
    """The owner (or the facilitator) marks an action done, or open again, and notes progress."""
    require(permissions.can_complete_action(user, action))
    allowed = {Action.State.OPEN, Action.State.DONE}
    if permissions.can_edit_action(user, action):
        allowed.add(Action.State.DROPPED)
    if state not in allowed:
        raise PortalError("Choose open or done.", field="state")
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(current=current, version=version, what="action")
    if state != current.state:
        _set_state(current, state, timezone.localdate())
    if note is not None:
        current.note = note.strip()
    reason = {"done": "Marked done", "open": "Opened again", "dropped": "Dropped"}[state]
    return save_with_history(current, user=user, reason=reason)


# Reminders -----------------------------------------------------------------------------------


def _reminder_message(*, person, actions, today):
    lines = [f"Hello {person.name},", "", "These actions of yours need attention:", ""]
    for action in actions:
        if action.due_date < today:
            when = f"OVERDUE since {long_date(action.due_date)}"
        elif action.due_date == today:
            when = "due today"
        else:
            when = f"due {action.due_date:%A} {long_date(action.due_date)}"
        lines.append(f"- {action.description} ({when})")
        lines.append(
            f"  {action.workshop.workstream.name}: {action.workshop.title}, "
            f"{long_date(action.workshop.date)}"
        )
    url = settings.SITE_URL.rstrip("/") + reverse("anchors:action_list") + "?mine=1"
    lines += [
        "",
        f"Mark them done, or see all your actions, at {url}",
        "",
        "You get one reminder a day while an action is due within "
        f"{REMINDER_WINDOW_DAYS} days or overdue.",
    ]
    return "\n".join(lines)


@transaction.atomic
def action_reminders_send(*, today=None) -> int:
    """Email owners of open actions due within three days or overdue; once per action per day.

    Each reminder is a row unique on (action, day), written before the email is queued: a second
    run on the same day, or two runs at once, finds the row and sends nothing more.
    Returns the number of emails queued.
    """
    today = today or timezone.localdate()
    due = actions_needing_reminder(today=today, window_days=REMINDER_WINDOW_DAYS)
    batches = defaultdict(list)
    for action in due:
        owner = action.owner
        recipient = (owner.email or (owner.user.email if owner.user_id else "")).strip()
        if not recipient:
            continue
        kind = ActionReminder.Kind.OVERDUE if action.due_date < today else "due_soon"
        try:
            with transaction.atomic():
                ActionReminder.objects.create(
                    collaborative_id=action.collaborative_id,
                    action=action,
                    sent_on=today,
                    kind=kind,
                    recipient=recipient,
                )
        except IntegrityError:
            continue  # already reminded today (perhaps by a run in parallel)
        batches[(recipient, owner.pk)].append(action)

    for (recipient, _), actions in batches.items():
        overdue = sum(1 for a in actions if a.due_date < today)
        subject = (
            f"Reminder: {len(actions)} action{'s' if len(actions) != 1 else ''} "
            + (f"({overdue} overdue) " if overdue else "")
            + "need your attention"
        )
        message = _reminder_message(person=actions[0].owner, actions=actions, today=today)
        # Through the outbox, in this transaction with the reminder rows: if the mail server or
        # the broker fails, the email waits and is retried, and the rows never claim a lost one.
        enqueue(
            "outbox.send_email",
            subject,
            message,
            [recipient],
            key=f"action-reminder:{recipient}:{today.isoformat()}",
        )
    return len(batches)


__all__ = ["action_progress", "action_reminders_send", "action_update"]
