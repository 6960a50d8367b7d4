"""History (django-simple-history): saving with who and why, and reading it back for people.

Every audited write goes through ``save_with_history`` (or, for deletes and bulk writes,
``attribute`` and ``change_reason``), so the reason always fits its column and the user is always
recorded the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery

from anchors.common.errors import as_portal_error
from anchors.common.pagination import LazyRows, merged_rows

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


def _entry(record, previous, *, label, describe, hidden):
    """The entry for one historical record, compared with the record before it (None if the
    record changed nothing a person would see)."""
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
        entry.changes = [c for c in entry.changes if c.field not in hidden]
        if not entry.changes:
            return None
    return entry


@dataclass
class HistorySource:
    """Historical records of one model to show in a history table: ``label`` names the thing
    changed, ``describe`` (optional) says which one; ``hidden`` are field names (as shown) left
    out of before/after."""

    records: QuerySet
    label: Callable
    describe: Callable | None = None
    hidden: frozenset = frozenset()

    def ordered(self):
        """The records newest first, each with the id of the record before it (``previous_id``),
        so a page's comparisons need one more query, whichever page those records are on."""
        model = self.records.model
        previous_of = (
            model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        return self.records.annotate(previous_id=Subquery(previous_of)).order_by(
            "-history_date", "-history_id"
        )

    def entries(self, rows):
        """Entries for a page's records, each compared with its own previous record."""
        wanted = [r.previous_id for r in rows if r.history_type == "~" and r.previous_id]
        found = {}
        if wanted:
            found = {
                p.history_id: p for p in self.records.model.objects.filter(history_id__in=wanted)
            }
        before = {r.history_id: found.get(r.previous_id) for r in rows}
        entries = []
        for record in rows:
            entry = _entry(
                record,
                before.get(record.history_id),
                label=self.label,
                describe=self.describe,
                hidden=self.hidden,
            )
            if entry is not None:
                entries.append(entry)
        return entries


def history_rows(*sources: HistorySource) -> LazyRows:
    """Every change recorded in ``sources``, newest first, read a page at a time: give it to
    ``paginate`` and render the page with components/history.html."""
    return merged_rows(
        *((source.ordered(), source.entries) for source in sources),
        key=lambda entry: entry.when,
    )


def history_entries(records, *, label, describe=None):
    """Readable entries for historical records already in memory (a handful: a cell's timeline),
    each change compared with the one before. Long histories: ``history_rows``, paginated."""
    rows = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    entries = []
    for _, versions in groupby(rows, key=lambda r: r.id):
        previous = None
        for record in versions:
            entry = _entry(record, previous, label=label, describe=describe, hidden=frozenset())
            if entry is not None:
                entries.append(entry)
            previous = record
    return entries
