"""History (django-simple-history): saving with who and why, and reading it back for people.

Every audited write goes through ``save_with_history`` (or, for deletes and bulk writes,
``attribute`` and ``change_reason``), so the reason always fits its column and the user is always
recorded the same way.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError

from anchors.common.errors import as_portal_error

# django-simple-history's history_change_reason column is 100 characters.
HISTORY_REASON_LENGTH = 100
CHANGE_VERBS = {"+": "Created", "~": "Changed", "-": "Removed"}
IGNORED_FIELDS = {"updated_at", "created_at", "created_by"}


def change_reason(text: str) -> str:
    """A history change reason that fits its column; the full text stays on the record itself
    (a return reason, a framework version note), where the history's before/after shows it."""
    text = " ".join((text or "").split())
    if len(text) <= HISTORY_REASON_LENGTH:
        return text
    return text[: HISTORY_REASON_LENGTH - 1] + "…"


def attribute(instance, *, user, reason: str = ""):
    """Tell django-simple-history who made the change and why."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    if reason:
        instance._change_reason = change_reason(reason)
    return instance


def save_with_history(instance, *, user, reason: str = "", exclude=None):
    """``full_clean`` and save, recording who and why; a validation failure becomes a
    PortalError naming the field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise as_portal_error(error) from error
    attribute(instance, user=user, reason=reason)
    if instance.pk is None and getattr(user, "is_authenticated", False):
        instance.created_by = user
    instance.save()
    return instance


def copy_fields(instance, data, fields):
    """Copy the named fields present in ``data`` onto the instance (services' one field copier)."""
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    return instance


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    subject: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name):
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(getattr(record, field_name, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _verbose(record, field_name):
    return str(record.instance_type._meta.get_field(field_name).verbose_name).capitalize()


def history_entries(records, *, label, describe=None):
    """Readable entries for historical records; each change is compared with the one before."""
    rows = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    entries = []
    for _, versions in groupby(rows, key=lambda r: r.id):
        previous = None
        for record in versions:
            entry = HistoryEntry(
                when=record.history_date,
                who=(record.history_user.get_full_name() if record.history_user else "System"),
                action=CHANGE_VERBS.get(record.history_type, "Changed"),
                subject=describe(record) if describe else label(record),
                reason=record.history_change_reason or "",
            )
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS)
                entry.changes = [
                    Change(
                        field=_verbose(record, c.field),
                        before=_display(previous, c.field),
                        after=_display(record, c.field),
                    )
                    for c in delta.changes
                ]
                if not entry.changes:
                    previous = record
                    continue
            entries.append(entry)
            previous = record
    return entries
