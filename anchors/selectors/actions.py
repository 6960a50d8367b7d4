"""Reads for actions: the filtered list, one action and its history, reminders, my open actions.

Every function runs a fixed number of queries whatever the number of rows.
"""

from datetime import timedelta
from typing import NamedTuple

from django.db.models import Case, Exists, OuterRef, Q, Value, When
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


def action_list_parts(*, state=None, overdue=False):
    """How ``keyed_rows`` reads ``action_list`` a page at a time: every state listed is open
    actions first, then the rest, each by due date, which no index gives together; each part
    alone comes from the (collaborative, state, due date) index or a short sort. None: the list
    of one state is in index order already."""
    if state or overdue:
        return None
    is_open = Q(state=Action.State.OPEN)
    return [(is_open, ("due_date", "pk")), (~is_open, ("due_date", "pk"))]


class ActionOwner(NamedTuple):
    name: str
    user_id: int | None


class ActionRow:
    """An action as the actions list shows it, read as plain columns with its owner,
    organisation, workshop and workstream: fifty a page, and six model instances for each cost
    more than the rest of the list. It answers what the list and the permission checks
    (``can_complete_action``: the collaborative, the owner's user) ask of an ``Action``."""

    COLUMNS = (
        "pk",
        "description",
        "note",
        "state",
        "due_date",
        "completed_on",
        "updated_at",
        "owner__name",
        "owner__user_id",
        "organisation__short_name",
        "workshop_id",
        "workshop__title",
        "workshop__date",
        "workshop__workstream__name",
    )
    __slots__ = (
        "collaborative",
        "pk",
        "description",
        "note",
        "state",
        "due_date",
        "completed_on",
        "updated_at",
        "owner",
        "organisation_short_name",
        "workshop_id",
        "workshop_title",
        "workshop_date",
        "workstream_name",
    )
    _STATE_LABELS = dict(Action.State.choices)

    def __init__(self, collaborative, columns):
        (
            self.pk,
            self.description,
            self.note,
            self.state,
            self.due_date,
            self.completed_on,
            self.updated_at,
            owner_name,
            owner_user_id,
            self.organisation_short_name,
            self.workshop_id,
            self.workshop_title,
            self.workshop_date,
            self.workstream_name,
        ) = columns
        self.collaborative = collaborative
        self.owner = ActionOwner(owner_name, owner_user_id)

    def get_state_display(self) -> str:
        return self._STATE_LABELS.get(self.state, self.state)

    def is_overdue_on(self, today) -> bool:
        """``Action.is_overdue`` on ``today`` (read once for the whole page)."""
        return self.state == Action.State.OPEN and self.due_date < today


def action_rows(*, collaborative):
    """The actions list's rows (``keyed_rows`` picks the page's): what a row shows, with its
    owner, organisation and workshop, as columns; ``action_entries`` makes them ``ActionRow``."""
    return Action.objects.filter(collaborative=collaborative).values_list(*ActionRow.COLUMNS)


def action_entries(*, collaborative):
    """What turns a page of ``action_rows`` into the list's entries (``keyed_rows``' convert)."""
    return lambda rows: [ActionRow(collaborative, row) for row in rows]


def action_detail(*, collaborative, pk):
    """The action with its owner, organisation and workshop (not the workshop's long texts:
    the action's page names the workshop), in the collaborative already loaded."""
    action = (
        Action.objects.filter(collaborative=collaborative)
        .select_related("owner", "organisation", "workshop__workstream")
        .defer(
            "workshop__decisions", "workshop__reflections_worked", "workshop__reflections_change"
        )
        .get(pk=pk)
    )
    if action.collaborative_id == getattr(collaborative, "pk", None):
        action.collaborative = collaborative
    return action


def action_history(*, action):
    """Changes to the action, newest first (read a page at a time)."""
    records = Action.history.filter(id=action.pk).select_related("history_user__person")
    # Every field of each version (the changes are what the table shows), and of who made it
    # only their name.
    versions = [f.name for f in records.model._meta.concrete_fields]
    return history_rows(
        HistorySource(
            records.only(*versions, "history_user__email", "history_user__person__name"),
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
