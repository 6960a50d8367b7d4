"""Writes to the status matrix: an organisation's whole row, in one save."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from anchors.common.errors import PortalError, StaleEditError, require
from anchors.common.history import save_with_history
from anchors.common.locking import check_version
from procurement import permissions
from procurement.models import OrganisationStatus

CELL_FIELDS = ("level", "narrative", "next_step", "evidence_url")


@dataclass
class RowResult:
    changed: int = 0
    confirmed: int = 0


def _lookup(column) -> dict:
    return {"theme_id": column.pk} if column.kind == "theme" else {"opportunity_id": column.pk}


@transaction.atomic
def status_row_save(*, user, organisation, entries, confirm=False, now=None) -> RowResult:
    """Save an organisation's row: ``entries`` is a list of ``(column, data)`` with the cell's
    ``level``, ``narrative``, ``next_step``, ``evidence_url`` and the ``version`` it was opened at
    ("" for a cell not yet saved). Changed cells are saved with history; with ``confirm``,
    unchanged cells are marked as still current. A cell changed by someone else since the page
    was opened refuses the whole save."""
    require(permissions.can_edit_status(user, organisation))
    now = now or timezone.now()
    saved = {
        s.subject_key: s
        for s in OrganisationStatus.objects.select_for_update().filter(organisation=organisation)
    }
    result = RowResult()
    for column, data in entries:
        status = saved.get(column.key)
        prefix = f"{column.key}-"
        if status is None:
            if data.get("version"):
                raise StaleEditError(
                    f"{column.name}: this position was removed after you opened the page.",
                    field=f"{prefix}level",
                )
            if not data.get("level"):
                continue  # left empty: nothing to record yet
            status = OrganisationStatus(
                collaborative=organisation.collaborative,
                organisation=organisation,
                **_lookup(column),
            )
        else:
            try:
                check_version(current=status, version=data.get("version"), what="position")
            except StaleEditError as error:
                raise StaleEditError(
                    f"{column.name}: {error.message}", field=f"{prefix}level", current=status
                ) from error
            if not data.get("level"):
                raise PortalError(
                    f"Select a maturity level for {column.name}", field=f"{prefix}level"
                )
        changed = status.pk is None or any(
            getattr(status, name) != (data.get(name) or ("" if name != "level" else None))
            for name in CELL_FIELDS
        )
        if changed:
            for name in CELL_FIELDS:
                setattr(status, name, data.get(name) or ("" if name != "level" else None))
            status.updated_by = user
            status.reviewed_at = now
            save_with_history(status, user=user, reason=f"{column.name} updated")
            result.changed += 1
        elif confirm:
            status.reviewed_at = now
            status.updated_by = user
            save_with_history(status, user=user, reason="Confirmed still current")
            result.confirmed += 1
    return result
