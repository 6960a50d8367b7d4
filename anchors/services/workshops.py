"""Writes for the workshop log: a workshop with its speakers, attendees, updates and actions.

Every function takes keyword arguments, runs in one transaction, checks permission itself and
records history; a record is saved all or nothing.
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from anchors import permissions
from anchors.common.errors import PortalError, require
from anchors.common.history import attribute, change_reason, copy_fields, save_with_history
from anchors.common.locking import check_version
from anchors.models import (
    Action,
    Attendance,
    OrganisationUpdate,
    Person,
    Speaker,
    Workshop,
    Workstream,
)
from anchors.services.common import in_collaborative, long_date
from anchors.services.workstreams import UPDATE_TEXTS

WORKSHOP_FIELDS = (
    "workstream",
    "date",
    "title",
    "deep_dive_topic",
    "decisions",
    "reflections_worked",
    "reflections_change",
)

# The workshop form's row prefixes: errors about a row name the field as "<prefix>-<row>-<name>",
# the id Django gives that field in the form, so the error summary can link to it.
SPEAKERS, NEW_PEOPLE, UPDATES, ACTIONS = "speakers", "new_people", "updates", "actions"

# Why attendance and speaker rows changed, in their history.
ATTENDEE_ADDED = "Added to the workshop's attendees"
ATTENDEE_REMOVED = "Removed from the workshop's attendees"
SPEAKER_ADDED = "Added to the workshop's speakers"
SPEAKER_CHANGED = "Speaker details corrected"
SPEAKER_REMOVED = "Removed from the workshop's speakers"


class WorkshopInvalid(PortalError):
    """A workshop record breaks one or more rules; ``errors`` lists (field, message) pairs."""

    def __init__(self, errors):
        field, message = errors[0]
        super().__init__(message, field=field, code="invalid")
        self.errors = errors


def _login(user):
    return user if getattr(user, "is_authenticated", False) else None


def _check_workshop(*, collaborative, workshop, data, attendees, new_people, updates, actions):
    """Every rule a workshop record must meet; returns (field, message) pairs, page order."""
    errors = []
    workstream = data["workstream"]
    if not in_collaborative(workstream, collaborative):
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
        if not in_collaborative(theme, collaborative):
            errors.append(("themes", "Choose themes of this collaborative."))
    if any(not in_collaborative(person, collaborative) for person in attendees):
        errors.append(("attendees", "Choose people in this collaborative."))
    if not attendees and not new_people:
        errors.append(
            ("attendees", "Tick who attended, or add a new attendee: a workshop needs attendees.")
        )

    emails = {}
    for row in new_people:
        field = f"{NEW_PEOPLE}-{row['row']}"
        if not in_collaborative(row["organisation"], collaborative):
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
        if not in_collaborative(organisation, collaborative):
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
        if not in_collaborative(row["owner"], collaborative):
            errors.append((f"{field}-owner", "Choose an owner in this collaborative."))
        if not in_collaborative(row.get("organisation"), collaborative):
            errors.append(
                (f"{field}-organisation", "Choose an organisation in this collaborative.")
            )
        if data.get("date") and row["due_date"] < data["date"]:
            errors.append(
                (
                    f"{field}-due_date",
                    f"Action {row['row'] + 1}’s due date must be on or after the workshop date "
                    f"({long_date(data['date'])}).",
                )
            )
    return errors


def _save_speakers(*, user, workshop, speakers):
    """Speakers are matched by position: a row that changed is updated, rows past the end are
    removed and new rows added, each with its history (who and why)."""
    by = _login(user)
    existing = list(workshop.speakers.all())
    added = []
    for position, row in enumerate(speakers):
        values = {
            "name": row["name"],
            "organisation": row.get("organisation", ""),
            "role": row.get("role", ""),
            "position": position,
        }
        if position >= len(existing):
            added.append(
                Speaker(
                    collaborative=workshop.collaborative,
                    workshop=workshop,
                    created_by=by,
                    **values,
                )
            )
            continue
        speaker = existing[position]
        if all(getattr(speaker, name) == value for name, value in values.items()):
            continue
        copy_fields(speaker, values, values)
        attribute(speaker, user=user, reason=SPEAKER_CHANGED)
        speaker.save()
    for speaker in existing[len(speakers) :]:
        attribute(speaker, user=user, reason=SPEAKER_REMOVED)
        speaker.delete()
    if added:
        bulk_create_with_history(
            added, Speaker, default_user=by, default_change_reason=change_reason(SPEAKER_ADDED)
        )


def _save_workshop_rows(*, user, workshop, speakers, attendees, new_people, updates, actions):
    collaborative = workshop.collaborative
    by = _login(user)

    _save_speakers(user=user, workshop=workshop, speakers=speakers)

    people = list(attendees)
    for row in new_people:
        person = Person(
            collaborative=collaborative,
            name=row["name"],
            job_title=row.get("job_title", ""),
            organisation=row["organisation"],
            email=(row.get("email") or "").strip().lower(),
        )
        people.append(save_with_history(person, user=user, reason="Added as a workshop attendee"))
    wanted = {person.pk: person for person in people}
    for attendance in workshop.attendances.exclude(person_id__in=wanted):
        attribute(attendance, user=user, reason=ATTENDEE_REMOVED)
        attendance.delete()
    present = set(workshop.attendances.values_list("person_id", flat=True))
    arrivals = [
        Attendance(
            collaborative=collaborative,
            workshop=workshop,
            person=person,
            organisation_id=person.organisation_id,
            created_by=by,
        )
        for pk, person in wanted.items()
        if pk not in present
    ]
    if arrivals:
        bulk_create_with_history(
            arrivals,
            Attendance,
            default_user=by,
            default_change_reason=change_reason(ATTENDEE_ADDED),
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
        copy_fields(update, texts, UPDATE_TEXTS)
        update.date = workshop.date
        update.workstream = workshop.workstream
        save_with_history(update, user=user)
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
        copy_fields(action, values, values)
        save_with_history(action, user=user)


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
    copy_fields(workshop, data, WORKSHOP_FIELDS)
    save_with_history(workshop, user=user, reason="Workshop recorded")
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
    copy_fields(current, data, WORKSHOP_FIELDS)
    save_with_history(current, user=user, reason="Workshop record corrected")
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


__all__ = ["WorkshopInvalid", "workshop_record", "workshop_revise"]
