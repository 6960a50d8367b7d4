"""Turns django-simple-history rows into readable entries: who, when, what, before, after."""

from dataclasses import dataclass, field
from itertools import groupby

CHANGE_VERBS = {"+": "Created", "~": "Changed", "-": "Removed"}
IGNORED_FIELDS = {"updated_at", "created_at", "created_by"}


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
    """Entries for historical records; each change is compared with the previous version."""
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
