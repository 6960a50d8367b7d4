"""Reads for actions: the filtered list, one action and its history, reminders, my open actions.

Every function runs a fixed number of queries whatever the number of rows.
"""

from datetime import timedelta

from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone

from anchors.common.history import HistorySource, history_rows
from anchors.models import Action, ActionReminder


def action_list(
    *,
    collaborative,
    owner=None,
    organisation=None,
    workstream=None,
    state=None,
    overdue=False,
    today=None,
):
    today = today or timezone.localdate()
    qs = Action.objects.filter(collaborative=collaborative).select_related(
        "collaborative", "owner", "organisation", "workshop", "workshop__workstream"
    )
    if owner:
        qs = qs.filter(owner_id=getattr(owner, "pk", owner))
    if organisation:
        qs = qs.filter(organisation_id=getattr(organisation, "pk", organisation))
    if workstream:
        qs = qs.filter(workshop__workstream_id=getattr(workstream, "pk", workstream))
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=Action.State.OPEN, due_date__lt=today)
    if state or overdue:  # one state: the (collaborative, state, due date) index gives the order
        return qs.order_by("due_date", "pk")
    return qs.order_by(
        Case(When(state=Action.State.OPEN, then=Value(0)), default=Value(1)),
        "due_date",
        "pk",
    )


def action_rows(*, collaborative):
    """The actions list's rows (``keyed_rows`` picks the page's): what a row shows, with its
    owner, organisation and workshop."""
    return (
        Action.objects.filter(collaborative=collaborative)
        .select_related("collaborative", "owner", "organisation", "workshop__workstream")
        .only(
            "collaborative",
            "description",
            "note",
            "state",
            "due_date",
            "completed_on",
            "updated_at",
            "owner__name",
            "owner__user",
            "organisation__short_name",
            "workshop__title",
            "workshop__date",
            "workshop__workstream__name",
        )
    )


def action_detail(*, collaborative, pk):
    return (
        Action.objects.filter(collaborative=collaborative)
        .select_related("owner", "owner__user", "organisation", "workshop", "workshop__workstream")
        .get(pk=pk)
    )


def action_history(*, action):
    """Changes to the action, newest first (read a page at a time)."""
    return history_rows(
        HistorySource(
            Action.history.filter(id=action.pk).select_related("history_user__person"),
            label=lambda r: "Action",
        )
    )


def actions_needing_reminder(*, today, window_days):
    """Open actions due within the window or overdue, not yet reminded about today."""
    reminded = ActionReminder.objects.filter(action=OuterRef("pk"), sent_on=today)
    return (
        Action.objects.filter(
            state=Action.State.OPEN, due_date__lte=today + timedelta(days=window_days)
        )
        .exclude(Exists(reminded))
        .select_related("owner", "owner__user", "workshop", "workshop__workstream")
        .order_by("owner_id", "due_date", "pk")
    )


def my_open_actions(*, person, today=None):
    if person is None:
        return []
    return list(
        Action.objects.filter(owner=person, state=Action.State.OPEN)
        .select_related("workshop", "workshop__workstream", "organisation")
        .order_by("due_date", "pk")
    )
