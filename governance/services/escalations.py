"""Escalations: raise, acknowledge, decide (writing the decision log), resolve, withdraw, and the
daily move up the tree of those nobody acknowledged in time."""

import datetime

from django.db import transaction
from django.utils import timezone

from anchors.common.errors import PortalError, require
from anchors.common.history import save_with_history
from anchors.common.locking import check_version
from anchors.models import Action, Person, Workshop
from governance import permissions
from governance.models import SOURCE_FIELDS, Decision, Escalation, GovernanceSettings

RAISE_FIELDS = (
    "title",
    "ask",
    "detail",
    "impact",
    "needed_by",
    "addressed_group",
    "addressed_sponsor",
    "asks_organisation",
    "authority_needed",
    "amount",
)


def _person_of(user, collaborative) -> Person:
    person = Person.objects.filter(collaborative=collaborative, user=user).first()
    if person is None:
        raise PortalError("Your login is not linked to a person in this collaborative.")
    return person


def _check_addressee(collaborative, data):
    group = data.get("addressed_group")
    if group is None or group.collaborative_id != collaborative.pk:
        raise PortalError("Choose the group it is addressed to.", field="addressed_group")
    sponsor = data.get("addressed_sponsor")
    if sponsor is not None and sponsor.collaborative_id != collaborative.pk:
        raise PortalError(
            "Choose a senior sponsor of this collaborative.", field="addressed_sponsor"
        )
    organisation = data.get("asks_organisation")
    if organisation is not None and organisation.collaborative_id != collaborative.pk:
        raise PortalError(
            "Choose an organisation of this collaborative.", field="asks_organisation"
        )
    if data.get("authority_needed") and organisation is None:
        raise PortalError(
            "Choose the organisation asked to commit, or leave the authority blank.",
            field="asks_organisation",
        )


@transaction.atomic
def escalation_raise(*, user, collaborative, data, source=None) -> Escalation:
    """Raise an escalation, addressed to a group (and optionally a named sponsor). ``source`` is
    ``(field, object)`` with field one of ``SOURCE_FIELDS``, already resolved in this
    collaborative by the selector."""
    require(permissions.can_raise_escalation(user, collaborative))
    _check_addressee(collaborative, data)
    today = timezone.localdate()
    escalation = Escalation(
        collaborative=collaborative,
        raised_by=_person_of(user, collaborative),
        raised_on=today,
        addressed_on=today,
    )
    for name in RAISE_FIELDS:
        if name in data:
            setattr(escalation, name, data[name])
    escalation.authority_needed = escalation.authority_needed or ""
    if source is not None:
        field, thing = source
        if field not in SOURCE_FIELDS or thing.collaborative_id != collaborative.pk:
            raise PortalError("The page this escalation was raised from cannot be found.")
        setattr(escalation, field, thing)
    if escalation.needed_by and escalation.needed_by < today:
        raise PortalError("The date needed must be today or later.", field="needed_by")
    return save_with_history(escalation, user=user, reason="Raised")


def _locked(escalation) -> Escalation:
    return Escalation.objects.select_for_update().select_related("raised_by").get(pk=escalation.pk)


def _open_or_refuse(current):
    if not current.is_open:
        raise PortalError(
            f"This escalation is already {current.get_state_display().lower()}: "
            "nothing was changed."
        )


@transaction.atomic
def escalation_acknowledge(*, user, escalation, version=None) -> Escalation:
    """The addressee says they have it: it no longer moves up on its own."""
    current = _locked(escalation)
    current.collaborative = escalation.collaborative
    require(permissions.can_decide_escalation(user, current))
    check_version(current=current, version=version, what="escalation")
    if current.state != Escalation.State.RAISED:
        raise PortalError("This escalation has already been acknowledged.")
    current.state = Escalation.State.ACKNOWLEDGED
    current.acknowledged_on = timezone.localdate()
    return save_with_history(current, user=user, reason="Acknowledged")


def _follow_up_workshop(collaborative, today):
    workshops = Workshop.objects.filter(collaborative=collaborative)
    return (
        workshops.filter(date__gte=today).order_by("date", "pk").first()
        or workshops.order_by("-date", "-pk").first()
    )


def _follow_ups(*, user, collaborative, decision, follow_ups, today):
    """Each follow-up becomes an action on the next workshop (the action log is where the
    collaborative chases what it agreed)."""
    follow_ups = [f for f in follow_ups if f.get("description")]
    if not follow_ups:
        return []
    workshop = _follow_up_workshop(collaborative, today)
    if workshop is None:
        raise PortalError(
            "There is no workshop to put the follow-up actions on yet: log one first.",
            field="follow_up",
        )
    actions = []
    position = workshop.actions.count()
    for number, follow_up in enumerate(follow_ups):
        owner = follow_up["owner"]
        if owner.collaborative_id != collaborative.pk:
            raise PortalError("Choose an owner in this collaborative.", field="follow_up_owner")
        action = Action(
            collaborative=collaborative,
            workshop=workshop,
            description=follow_up["description"],
            owner=owner,
            organisation=owner.organisation,
            due_date=follow_up["due_date"],
            position=position + number,
        )
        actions.append(save_with_history(action, user=user, reason="Follow-up of a decision"))
    decision.follow_up_actions.set(actions)
    return actions


@transaction.atomic
def escalation_decide(
    *, user, escalation, what, authority, follow_ups=(), version=None
) -> Decision:
    """Decide an open escalation: only its addressee may (``can_decide_escalation``). Records the
    decision in the log, with its follow-up actions, and closes the escalation."""
    current = _locked(escalation)
    current.collaborative = escalation.collaborative
    require(permissions.can_decide_escalation(user, current))
    check_version(current=current, version=version, what="escalation")
    _open_or_refuse(current)
    collaborative = escalation.collaborative
    today = timezone.localdate()
    decision = Decision(
        collaborative=collaborative,
        escalation=current,
        what=(what or "").strip(),
        decided_by=_person_of(user, collaborative),
        authority=(authority or "").strip(),
        group=current.addressed_group,
        decided_on=today,
    )
    if not decision.what:
        raise PortalError("Enter what was decided.", field="what")
    if not decision.authority:
        raise PortalError("Enter under whose authority it was decided.", field="authority")
    save_with_history(decision, user=user, reason="Decided on an escalation")
    _follow_ups(
        user=user,
        collaborative=collaborative,
        decision=decision,
        follow_ups=follow_ups,
        today=today,
    )
    current.state = Escalation.State.DECIDED
    current.closed_on = today
    current.acknowledged_on = current.acknowledged_on or today
    save_with_history(current, user=user, reason="Decided")
    return decision


@transaction.atomic
def escalation_close(*, user, escalation, state, note, version=None) -> Escalation:
    """Resolve (the addressee or the facilitator: sorted without a decision) or withdraw (whoever
    raised it, or the facilitator) an open escalation, with a note."""
    current = _locked(escalation)
    current.collaborative = escalation.collaborative
    if state == Escalation.State.WITHDRAWN:
        require(permissions.can_withdraw_escalation(user, current))
    elif state == Escalation.State.RESOLVED:
        require(
            permissions.can_decide_escalation(user, current)
            or (
                current.is_open
                and permissions.can_manage_governance(user, escalation.collaborative)
            )
        )
    else:
        raise PortalError("Choose resolved or withdrawn.", field="state")
    check_version(current=current, version=version, what="escalation")
    _open_or_refuse(current)
    if not (note or "").strip():
        raise PortalError("Say why, in a sentence.", field="note")
    current.state = state
    current.closed_on = timezone.localdate()
    current.outcome_note = note.strip()
    return save_with_history(current, user=user, reason=current.get_state_display())


MOVE_BATCH = 200
UNCHANGED_ON_MOVE = [
    field.name
    for field in Escalation._meta.concrete_fields
    if field.is_relation and field.name not in ("addressed_group", "addressed_sponsor")
]


def overdue_before(days: int, today: datetime.date) -> datetime.date:
    """An escalation addressed before this date and still only raised is overdue."""
    return today - datetime.timedelta(days=days)


def escalations_escalate_overdue(*, today=None) -> int:
    """Move every escalation not acknowledged within its collaborative's set number of days up
    one level (to the addressed group's parent), saying so in its history. Idempotent: a moved
    escalation is addressed from today, so a second run (the same day, or concurrently: rows are
    locked and checked again) moves nothing. Returns how many moved."""
    today = today or timezone.localdate()
    days_for = dict(
        GovernanceSettings.objects.values_list("collaborative_id", "acknowledge_within_days")
    )
    default_days = GovernanceSettings._meta.get_field("acknowledge_within_days").default
    candidates = (
        Escalation.objects.filter(
            state=Escalation.State.RAISED,
            addressed_group__parent__isnull=False,
            addressed_on__lt=today,
        )
        .values_list("pk", "collaborative_id", "addressed_on")
        .order_by("pk")
    )
    due: dict[int, list[int]] = {}
    for pk, collaborative_id, addressed_on in candidates:
        days = days_for.get(collaborative_id, default_days)
        if addressed_on < overdue_before(days, today):
            due.setdefault(days, []).append(pk)
    moved = 0
    for days, pks in due.items():
        for start in range(0, len(pks), MOVE_BATCH):
            moved += _escalate_batch(pks=pks[start : start + MOVE_BATCH], days=days, today=today)
    return moved


@transaction.atomic
def _escalate_batch(*, pks, days, today) -> int:
    """Move a batch in one transaction (one commit, not one per row); each row is locked and its
    condition checked again, so one moved meanwhile is left alone."""
    rows = (
        Escalation.objects.select_for_update()
        .select_related("addressed_group__parent")
        .filter(
            pk__in=pks,
            state=Escalation.State.RAISED,
            addressed_on__lt=overdue_before(days, today),
            addressed_group__parent__isnull=False,
        )
        .order_by("pk")
    )
    moved = 0
    for current in rows:
        parent = current.addressed_group.parent
        current.addressed_group = parent
        current.addressed_sponsor = None
        current.addressed_on = today
        current.auto_escalations += 1
        save_with_history(
            current,
            user=None,
            reason=f"Moved up automatically to {parent.name}: not acknowledged within {days} days",
            # Only the addressee changes: checking every other link again costs a query each.
            exclude=UNCHANGED_ON_MOVE,
        )
        moved += 1
    return moved
