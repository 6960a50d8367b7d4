"""Optimistic locking: every edit carries the version it was opened at, and a save is refused
when the record changed since (docs/adr/0004-optimistic-locking.md).

The version is the record's ``updated_at``. An edit service locks the row
(``select_for_update``), then calls ``check_version``; a save that carries no version at all is
refused too, so no client (a form, a script, a future API) can skip the check.
"""

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from anchors.common.errors import StaleEditError


def version_of(instance) -> str:
    """The token a form carries so a later save can tell whether someone else saved in between."""
    return instance.updated_at.isoformat() if instance.updated_at else ""


def check_version(*, current, version: str | None, what: str = "record"):
    """Refuse the save unless ``version`` is the locked row's current version."""
    if not version:
        raise StaleEditError(
            f"Your changes have not been saved: the page did not say which version of this {what} "
            "you opened. Check the current values below and make your changes again.",
            code="no_version",
            current=current,
        )
    opened = parse_datetime(version)
    if opened is None or current.updated_at != opened:
        raise StaleEditError(
            f"Someone else changed this {what} after you opened it. Your changes have not been "
            "saved: check the current values below and make your changes again.",
            current=current,
        )


def mark_changed(model, pk):
    """Move a parent record's version on when one of its rows changes on its own page.

    A form that edits a record and its rows together (the workshop and its updates and actions)
    is then refused when a row changed meanwhile, rather than overwriting it. The UPDATE takes
    the parent's row lock first, in the order the parent's own edit takes them.
    """
    if pk is not None:
        model.objects.filter(pk=pk).update(updated_at=timezone.now())
