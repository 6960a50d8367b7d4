"""Helpers every service uses: optimistic locking, history attribution and small shared checks."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from anchors.base import StaleEditError


def version_of(instance) -> str:
    """The token a form carries so a later save can tell whether someone else saved in between."""
    return instance.updated_at.isoformat() if instance.updated_at else ""


def check_version(*, current, version: str | None, what: str = "record"):
    """Refuse the save when the row changed since the editor opened it (current is locked)."""
    if not version:
        return
    opened = parse_datetime(version)
    if opened is None or current.updated_at != opened:
        raise StaleEditError(
            f"Someone else changed this {what} after you opened it. Your changes have not been "
            "saved: check the current values below and make your changes again.",
            field="version",
            code="stale",
        )


def mark_changed(model, pk):
    """Move a parent record's version on when one of its rows changes on its own page.

    The workshop form edits the workshop's updates and actions too: whoever opened it before this
    save is then refused rather than overwriting the row. The UPDATE takes the parent's row lock
    first, in the order the parent's own edit takes them.
    """
    if pk is not None:
        model.objects.filter(pk=pk).update(updated_at=timezone.now())


def attribute(instance, *, user, reason: str = ""):
    """Tell django-simple-history who made the change and why."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    if reason:
        instance._change_reason = reason
    return instance


def full_save(instance, *, user, reason: str = "", exclude=None):
    instance.full_clean(exclude=exclude)
    attribute(instance, user=user, reason=reason)
    if instance.pk is None and getattr(user, "is_authenticated", False):
        instance.created_by = user
    instance.save()
    return instance


def apply_fields(instance, data, fields):
    """Copy the named fields present in ``data`` onto the instance."""
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def in_collaborative(obj, collaborative) -> bool:
    """Nothing chosen, or something of this collaborative."""
    return obj is None or obj.collaborative_id == collaborative.pk


def long_date(value) -> str:
    """A date as people write it in messages: "14 March 2025"."""
    return f"{value.day} {value:%B %Y}"
