"""Writes for workstreams, participation and sponsorship, the workshop log, updates and actions.

Every function takes keyword arguments, runs in one transaction, checks permission itself, records
history (django-simple-history, plus the explicit status-change table) and sends email on commit.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from anchors import permissions
from anchors.base import PortalError, require
from anchors.models import (
    Action,
    ActionReminder,
    Attendance,
    OrganisationUpdate,
    Participation,
    Person,
    Speaker,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)
from anchors.services.common import attribute, check_version, full_save

WORKSTREAM_FIELDS = ("name", "purpose", "objectives", "next_workshop_on")
PARTICIPATION_FIELDS = ("lead", "sponsor", "staff_days_per_quarter", "funding", "joined_on")
WORKSHOP_FIELDS = (
    "workstream",
    "date",
    "title",
    "deep_dive_topic",
    "decisions",
    "reflections_worked",
    "reflections_change",
)
UPDATE_TEXTS = ("current_focus", "challenges", "successes")
REMINDER_WINDOW_DAYS = 3

# The workshop form's row prefixes: errors about a row name the field as "<prefix>-<row>-<name>",
# the id Django gives that field in the form, so the error summary can link to it.
SPEAKERS, NEW_PEOPLE, UPDATES, ACTIONS = "speakers", "new_people", "updates", "actions"


class WorkshopInvalid(PortalError):
    """A workshop record breaks one or more rules; ``errors`` lists (field, message) pairs."""

    def __init__(self, errors):
        field, message = errors[0]
        super().__init__(message, field=field, code="invalid")
        self.errors = errors


def _apply(instance, data, fields):
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _history_reason(text) -> str:
    """django-simple-history keeps at most 100 characters of a change reason."""
    text = " ".join((text or "").split())
    return text if len(text) <= 100 else text[:99] + "…"


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


def _login(user):
    return user if getattr(user, "is_authenticated", False) else None


def _in_collaborative(obj, collaborative) -> bool:
    return obj is None or obj.collaborative_id == collaborative.pk


# Workstreams -------------------------------------------------------------------------------


def _check_workstream_name(collaborative, name, exclude_pk=None):
    clash = Workstream.objects.filter(collaborative=collaborative, name__iexact=name)
    if clash.exclude(pk=exclude_pk).exists():
        raise PortalError(f"Another workstream is already called “{name}”.", field="name")


@transaction.atomic
def workstream_create(*, user, collaborative, data) -> Workstream:
    require(permissions.can_manage_workstreams(user, collaborative))
    _check_workstream_name(collaborative, data["name"])
    status = data.get("status") or Workstream.Status.PROPOSED
    reason = (data.get("reason") or "").strip() or "Workstream set up."
    workstream = Workstream(collaborative=collaborative, status=status)
    _apply(workstream, data, WORKSTREAM_FIELDS)
    full_save(workstream, user=user, reason=_history_reason(reason))
    full_save(
        WorkstreamStatusChange(
            collaborative=collaborative,
            workstream=workstream,
            from_status="",
            to_status=status,
            reason=reason,
        ),
        user=user,
    )
    return workstream


@transaction.atomic
def workstream_update(*, user, workstream, data, version=None) -> Workstream:
    """Name, purpose, objectives and next meeting; the status changes only with a reason."""
    require(permissions.can_manage_workstreams(user, workstream.collaborative))
    current = Workstream.objects.select_for_update().get(pk=workstream.pk)
    check_version(current=current, version=version, what="workstream")
    if "name" in data:
        _check_workstream_name(current.collaborative, data["name"], exclude_pk=current.pk)
    _apply(current, data, WORKSTREAM_FIELDS)
    return full_save(current, user=user)


@transaction.atomic
def workstream_change_status(*, user, workstream, status, reason, version=None) -> Workstream:
    """Move a workstream to another status; who, when, from, to and the reason are recorded."""
    require(permissions.can_change_workstream_status(user, workstream))
    reason = (reason or "").strip()
    if status not in Workstream.Status.values:
        raise PortalError("Choose the new status.", field="status")
    if not reason:
        raise PortalError("Enter the reason for changing the status.", field="reason")
    current = Workstream.objects.select_for_update().get(pk=workstream.pk)
    check_version(current=current, version=version, what="workstream")
    if current.status == status:
        raise PortalError(
            f"The workstream is already {current.get_status_display().lower()}: "
            "choose a different status.",
            field="status",
        )
    change = WorkstreamStatusChange(
        collaborative=current.collaborative,
        workstream=current,
        from_status=current.status,
        to_status=status,
        reason=reason,
    )
    current.status = status
    full_save(current, user=user, reason=_history_reason(reason))
    full_save(change, user=user)
    return current


# Participation and sponsorship ---------------------------------------------------------------


def _check_people(collaborative, data):
    for name in ("lead", "sponsor"):
        if not _in_collaborative(data.get(name), collaborative):
            raise PortalError("Choose someone in this collaborative.", field=name)


@transaction.atomic
def participation_add(*, user, workstream, data) -> Participation:
    collaborative = workstream.collaborative
    require(permissions.can_manage_workstreams(user, collaborative))
    organisation = data["organisation"]
    if not _in_collaborative(organisation, collaborative):
        raise PortalError("Choose an organisation in this collaborative.", field="organisation")
    if Participation.objects.filter(workstream=workstream, organisation=organisation).exists():
        raise PortalError(
            f"{organisation.name} already takes part in {workstream.name}.", field="organisation"
        )
    _check_people(collaborative, data)
    participation = Participation(
        collaborative=collaborative, workstream=workstream, organisation=organisation
    )
    _apply(participation, data, PARTICIPATION_FIELDS)
    if not participation.joined_on:
        participation.joined_on = timezone.localdate()
    sponsorship = data.get("sponsorship") or Participation.Sponsorship.NOT_SOUGHT
    participation.sponsorship = sponsorship
    if sponsorship != Participation.Sponsorship.NOT_SOUGHT:
        participation.sponsorship_date = data.get("sponsorship_date") or timezone.localdate()
    return full_save(participation, user=user, reason="Joined the workstream")


@transaction.atomic
def participation_update(*, user, participation, data, version=None) -> Participation:
    """Lead, sponsor, resources committed: the facilitator."""
    require(permissions.can_manage_workstreams(user, participation.collaborative))
    _check_people(participation.collaborative, data)
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    check_version(current=current, version=version, what="participation")
    was_resourced = current.has_resources
    _apply(current, data, PARTICIPATION_FIELDS)
    if was_resourced and not current.has_resources:
        current.resources_lacking_since = timezone.localdate()
    return full_save(current, user=user)


@transaction.atomic
def participation_set_sponsorship(
    *, user, participation, sponsorship, on_date=None, note="", sponsor=None, version=None
) -> Participation:
    """Record where senior sponsorship stands: the facilitator or the organisation's sponsor."""
    require(permissions.can_set_sponsorship(user, participation))
    today = timezone.localdate()
    if sponsorship not in Participation.Sponsorship.values:
        raise PortalError("Choose where sponsorship stands.", field="sponsorship")
    if on_date and on_date > today:
        raise PortalError("The date cannot be in the future.", field="sponsorship_date")
    if not _in_collaborative(sponsor, participation.collaborative):
        raise PortalError("Choose someone in this collaborative.", field="sponsor")
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    check_version(current=current, version=version, what="sponsorship")
    was_secured = current.has_secured_sponsor
    current.sponsorship = sponsorship
    current.sponsorship_date = on_date or (
        None if sponsorship == Participation.Sponsorship.NOT_SOUGHT else today
    )
    current.sponsorship_note = (note or "").strip()
    if sponsor is not None:
        current.sponsor = sponsor
    elif current.sponsor_id is None and sponsorship == Participation.Sponsorship.SECURED:
        # A sponsor securing their own organisation's sponsorship is the sponsor.
        person = getattr(user, "person", None)
        if person is not None and person.collaborative_id == current.collaborative_id:
            current.sponsor = person
    if was_secured and not current.has_secured_sponsor:
        current.sponsor_lacking_since = current.sponsorship_date or today
    label = Participation.Sponsorship(sponsorship).label.lower()
    reason = f"Sponsorship {label}" + (f": {current.sponsorship_note}" if note else "")
    return full_save(current, user=user, reason=_history_reason(reason))


# Workshops -----------------------------------------------------------------------------------


def _check_workshop(*, collaborative, workshop, data, attendees, new_people, updates, actions):
    """Every rule a workshop record must meet; returns (field, message) pairs, page order."""
    errors = []
    workstream = data["workstream"]
    if not _in_collaborative(workstream, collaborative):
        errors.append(("workstream", "Choose a workstream in this collaborative."))
    elif workshop is None and workstream.status == Workstream.Status.CLOSED:
        errors.append(("workstream", f"{workstream.name} is closed: choose another workstream."))
    elif data.get("title") and data.get("date"):
        clash = Workshop.objects.filter(
            workstream=workstream, date=data["date"], title__iexact=data["title"]
        )
        if workshop is not None:
            clash = clash.exclude(pk=workshop.pk)
        if clash.exists():
            errors.append(
                ("title", "This workstream already has a workshop with this title on this date.")
            )
    for theme in data.get("themes", []):
        if not _in_collaborative(theme, collaborative):
            errors.append(("themes", "Choose themes of this collaborative."))
    if any(not _in_collaborative(person, collaborative) for person in attendees):
        errors.append(("attendees", "Choose people in this collaborative."))
    if not attendees and not new_people:
        errors.append(
            ("attendees", "Tick who attended, or add a new attendee: a workshop needs attendees.")
        )

    emails = {}
    for row in new_people:
        field = f"{NEW_PEOPLE}-{row['row']}"
        if not _in_collaborative(row["organisation"], collaborative):
            errors.append(
                (f"{field}-organisation", "Choose an organisation in this collaborative.")
            )
        email = (row.get("email") or "").strip().lower()
        if email:
            taken = Person.objects.filter(collaborative=collaborative, email__iexact=email)
            if email in emails or taken.exists():
                errors.append((f"{field}-email", f"Someone already has the email address {email}."))
            emails[email] = row

    attending = {person.organisation_id for person in attendees} | {
        row["organisation"].pk for row in new_people
    }
    seen = {}
    for row in updates:
        field = f"{UPDATES}-{row['row']}-organisation"
        organisation = row["organisation"]
        if not _in_collaborative(organisation, collaborative):
            errors.append((field, "Choose an organisation in this collaborative."))
        elif organisation.pk in seen:
            errors.append(
                (
                    field,
                    f"Update {row['row'] + 1} repeats {organisation.short_name}: give one update "
                    f"per organisation (see update {seen[organisation.pk] + 1}).",
                )
            )
        elif organisation.pk not in attending:
            errors.append(
                (
                    field,
                    f"Nobody from {organisation.short_name} is recorded as attending: tick who "
                    f"attended from {organisation.short_name}, or remove update {row['row'] + 1}.",
                )
            )
        seen.setdefault(organisation.pk, row["row"])

    existing = set(workshop.actions.values_list("pk", flat=True)) if workshop else set()
    for row in actions:
        field = f"{ACTIONS}-{row['row']}"
        if row.get("id") and row["id"] not in existing:
            errors.append((f"{field}-description", "This action belongs to another workshop."))
        if not _in_collaborative(row["owner"], collaborative):
            errors.append((f"{field}-owner", "Choose an owner in this collaborative."))
        if not _in_collaborative(row.get("organisation"), collaborative):
            errors.append(
                (f"{field}-organisation", "Choose an organisation in this collaborative.")
            )
        if data.get("date") and row["due_date"] < data["date"]:
            errors.append(
                (
                    f"{field}-due_date",
                    f"Action {row['row'] + 1}’s due date must be on or after the workshop date "
                    f"({_day(data['date'])}).",
                )
            )
    return errors


def _save_workshop_rows(*, user, workshop, speakers, attendees, new_people, updates, actions):
    collaborative = workshop.collaborative
    by = _login(user)

    workshop.speakers.all().delete()
    Speaker.objects.bulk_create(
        Speaker(
            collaborative=collaborative,
            workshop=workshop,
            name=row["name"],
            organisation=row.get("organisation", ""),
            role=row.get("role", ""),
            position=position,
            created_by=by,
        )
        for position, row in enumerate(speakers)
    )

    people = list(attendees)
    for row in new_people:
        person = Person(
            collaborative=collaborative,
            name=row["name"],
            job_title=row.get("job_title", ""),
            organisation=row["organisation"],
            email=(row.get("email") or "").strip().lower(),
        )
        people.append(full_save(person, user=user, reason="Added as a workshop attendee"))
    wanted = {person.pk: person for person in people}
    workshop.attendances.exclude(person_id__in=wanted).delete()
    present = set(workshop.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(
            collaborative=collaborative,
            workshop=workshop,
            person=person,
            organisation_id=person.organisation_id,
            created_by=by,
        )
        for pk, person in wanted.items()
        if pk not in present
    )

    current = {update.organisation_id: update for update in workshop.updates.all()}
    for row in updates:
        update = current.pop(row["organisation"].pk, None) or OrganisationUpdate(
            collaborative=collaborative,
            workstream=workshop.workstream,
            organisation=row["organisation"],
            workshop=workshop,
        )
        texts = {name: (row.get(name) or "").strip() for name in UPDATE_TEXTS}
        unchanged = update.pk and all(getattr(update, k) == v for k, v in texts.items())
        if unchanged and update.date == workshop.date and update.workstream == workshop.workstream:
            continue
        _apply(update, texts, UPDATE_TEXTS)
        update.date = workshop.date
        update.workstream = workshop.workstream
        full_save(update, user=user)
    for update in current.values():  # organisations whose update was removed from the record
        attribute(update, user=user, reason="Removed from the workshop record")
        update.delete()

    owned = {action.pk: action for action in workshop.actions.all()}
    for position, row in enumerate(actions):
        action = owned.get(row.get("id")) or Action(collaborative=collaborative, workshop=workshop)
        values = {
            "description": row["description"].strip(),
            "owner": row["owner"],
            "organisation": row.get("organisation") or row["owner"].organisation,
            "due_date": row["due_date"],
            "position": position,
        }
        if action.pk and all(getattr(action, k) == v for k, v in values.items()):
            continue
        _apply(action, values, values)
        full_save(action, user=user)


@transaction.atomic
def workshop_record(
    *,
    user,
    collaborative,
    data,
    speakers=(),
    attendees=(),
    new_people=(),
    updates=(),
    actions=(),
) -> Workshop:
    """Log a workshop with everything said and agreed at it, all or nothing.

    ``data`` holds the workshop's own fields and ``themes``; each row of speakers, new_people,
    updates and actions is a dict whose ``row`` is its position in the form, so errors can name it.
    """
    require(permissions.can_record_workshop(user, collaborative))
    errors = _check_workshop(
        collaborative=collaborative,
        workshop=None,
        data=data,
        attendees=attendees,
        new_people=new_people,
        updates=updates,
        actions=actions,
    )
    if errors:
        raise WorkshopInvalid(errors)
    workshop = Workshop(collaborative=collaborative)
    _apply(workshop, data, WORKSHOP_FIELDS)
    full_save(workshop, user=user, reason="Workshop recorded")
    workshop.themes.set(data.get("themes", []))
    _save_workshop_rows(
        user=user,
        workshop=workshop,
        speakers=speakers,
        attendees=attendees,
        new_people=new_people,
        updates=updates,
        actions=actions,
    )
    return workshop


@transaction.atomic
def workshop_revise(
    *,
    user,
    workshop,
    data,
    speakers=(),
    attendees=(),
    new_people=(),
    updates=(),
    actions=(),
    version=None,
) -> Workshop:
    """Correct a workshop record; actions keep their state and history."""
    require(permissions.can_edit_workshop(user, workshop))
    current = Workshop.objects.select_for_update().get(pk=workshop.pk)
    check_version(current=current, version=version, what="workshop record")
    errors = _check_workshop(
        collaborative=current.collaborative,
        workshop=current,
        data=data,
        attendees=attendees,
        new_people=new_people,
        updates=updates,
        actions=actions,
    )
    if errors:
        raise WorkshopInvalid(errors)
    _apply(current, data, WORKSHOP_FIELDS)
    full_save(current, user=user, reason="Workshop record corrected")
    current.themes.set(data.get("themes", []))
    _save_workshop_rows(
        user=user,
        workshop=current,
        speakers=speakers,
        attendees=attendees,
        new_people=new_people,
        updates=updates,
        actions=actions,
    )
    return current


# Organisation updates between workshops ------------------------------------------------------


def _check_texts(texts):
    if not any(texts.get(name) for name in UPDATE_TEXTS):
        raise PortalError(
            "Write at least one of current focus, challenges or successes.",
            field="current_focus",
        )


@transaction.atomic
def update_post(*, user, workstream, organisation, data) -> OrganisationUpdate:
    """An organisation's update between workshops; it appears on the workstream timeline."""
    require(permissions.can_view_workshops(user, workstream.collaborative))
    require(permissions.can_post_update(user, workstream, organisation))
    if not _in_collaborative(organisation, workstream.collaborative):
        raise PortalError("Choose an organisation in this collaborative.", field="organisation")
    texts = {name: (data.get(name) or "").strip() for name in UPDATE_TEXTS}
    _check_texts(texts)
    on = data.get("date") or timezone.localdate()
    if on > timezone.localdate():
        raise PortalError("The date cannot be in the future.", field="date")
    update = OrganisationUpdate(
        collaborative=workstream.collaborative,
        workstream=workstream,
        organisation=organisation,
        date=on,
        **texts,
    )
    return full_save(update, user=user, reason="Update posted")


@transaction.atomic
def update_edit(*, user, update, data, version=None) -> OrganisationUpdate:
    require(permissions.can_edit_update(user, update))
    current = OrganisationUpdate.objects.select_for_update().get(pk=update.pk)
    check_version(current=current, version=version, what="update")
    texts = {name: (data.get(name) or "").strip() for name in UPDATE_TEXTS}
    _check_texts(texts)
    _apply(current, texts, UPDATE_TEXTS)
    if current.workshop_id is None and data.get("date"):
        if data["date"] > timezone.localdate():
            raise PortalError("The date cannot be in the future.", field="date")
        current.date = data["date"]
    return full_save(current, user=user, reason="Update edited")


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
        if not _in_collaborative(data.get(name), collaborative):
            raise PortalError("Choose one in this collaborative.", field=name)
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(current=current, version=version, what="action")
    _apply(current, data, ("description", "owner", "organisation", "due_date", "note"))
    if not current.organisation_id:
        current.organisation = current.owner.organisation
    state = data.get("state", current.state)
    if state != current.state:
        _set_state(current, state, timezone.localdate())
    return full_save(current, user=user)


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
    return full_save(current, user=user, reason=reason)


# Reminders -----------------------------------------------------------------------------------


def _reminder_message(*, person, actions, today):
    lines = [f"Hello {person.name},", "", "These actions of yours need attention:", ""]
    for action in actions:
        if action.due_date < today:
            when = f"OVERDUE since {_day(action.due_date)}"
        elif action.due_date == today:
            when = "due today"
        else:
            when = f"due {action.due_date:%A} {_day(action.due_date)}"
        lines.append(f"- {action.description} ({when})")
        lines.append(
            f"  {action.workshop.workstream.name}: {action.workshop.title}, "
            f"{_day(action.workshop.date)}"
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
    from anchors.selectors.work import actions_needing_reminder

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
        transaction.on_commit(
            lambda s=subject, m=message, r=recipient: send_mail(
                subject=s, message=m, from_email=None, recipient_list=[r]
            )
        )
    return len(batches)


__all__ = [
    "WorkshopInvalid",
    "action_progress",
    "action_reminders_send",
    "action_update",
    "participation_add",
    "participation_set_sponsorship",
    "participation_update",
    "update_edit",
    "update_post",
    "workshop_record",
    "workshop_revise",
    "workstream_change_status",
    "workstream_create",
    "workstream_update",
]
