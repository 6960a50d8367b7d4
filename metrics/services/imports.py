"""Writes for file imports: hold an upload for its preview, then import it all or nothing."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from anchors.base import PortalError, require
from metrics import permissions
from metrics.imports import ImportPlan, plan_import, read_upload
from metrics.models import ImportBatch, MetricValue

CHUNK = 5000  # rows written per round trip; keeps memory flat on 100,000-row files


def allowed_organisations(user, collaborative):
    """None means any reporting organisation (the facilitator)."""
    from anchors.permissions import is_facilitator

    if is_facilitator(user, collaborative):
        return None
    return permissions.editable_organisation_ids(user, collaborative)


def plan_for_batch(*, user, batch, lock=False) -> ImportPlan:
    table = read_upload(name=batch.filename, data=bytes(batch.content))
    return plan_import(
        collaborative=batch.collaborative,
        table=table,
        allowed_org_ids=allowed_organisations(user, batch.collaborative),
        lock=lock,
    )


@transaction.atomic
def import_upload(*, user, collaborative, name, data) -> tuple[ImportBatch, ImportPlan]:
    """Check a file and hold it for its dry-run preview. No metric value is written here.

    Raises FileRejected (a PortalError) when the file as a whole cannot be read.
    """
    require(permissions.can_import(user, collaborative))
    table = read_upload(name=name, data=data)
    plan = plan_import(
        collaborative=collaborative,
        table=table,
        allowed_org_ids=allowed_organisations(user, collaborative),
    )
    batch = ImportBatch.objects.create(
        collaborative=collaborative,
        created_by=user,
        filename=name[:255],
        content=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        plan_digest=plan.digest,
        rows=plan.total_rows,
        to_create=plan.to_create,
        to_change=plan.to_change,
        unchanged=plan.unchanged,
        errors=len(plan.errors),
    )
    return batch, plan


@transaction.atomic
def import_confirm(*, user, batch, digest) -> ImportPlan:
    """Write exactly what the preview with ``digest`` showed, in one transaction, or nothing."""
    require(permissions.can_import(user, batch.collaborative))
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.created_by_id != user.pk:
        raise PortalError("Only the person who uploaded this file can import it.", code="owner")
    if batch.status == ImportBatch.Status.IMPORTED:
        raise PortalError(
            f"“{batch.filename}” was already imported on "
            f"{timezone.localtime(batch.imported_at):%d %B %Y at %H:%M}. Nothing was written "
            "again.",
            code="done",
        )
    plan = plan_for_batch(user=user, batch=batch, lock=True)
    if plan.errors:
        raise PortalError(
            f"The file has {len(plan.errors):,} error(s), so nothing was imported. Fix them and "
            "upload the file again.",
            code="errors",
        )
    if plan.digest != digest:
        raise PortalError(
            "Values changed since you previewed this file, so nothing was imported. Check the "
            "updated preview below and confirm again.",
            code="changed",
        )
    try:
        with transaction.atomic():
            _write(user=user, batch=batch, plan=plan)
    except IntegrityError as error:
        raise PortalError(
            "Someone saved values for the same organisations, metrics and periods while this "
            "file was importing, so nothing was imported. Preview it again.",
            code="changed",
        ) from error
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = timezone.now()
    batch.to_create, batch.to_change, batch.unchanged = (
        plan.to_create,
        plan.to_change,
        plan.unchanged,
    )
    batch.plan_digest = plan.digest
    batch.save(
        update_fields=[
            "status",
            "imported_at",
            "to_create",
            "to_change",
            "unchanged",
            "plan_digest",
        ]
    )
    return plan


def _write(*, user, batch, plan):
    now = timezone.now()
    reason = f"Imported from {batch.filename}"
    writes = plan.writes
    creates = writes[writes["action"] == "create"]
    changes = writes[writes["action"] == "change"]
    collaborative_id = batch.collaborative_id
    columns = [
        "organisation_id",
        "metric_id",
        "period_id",
        "value",
        "numerator",
        "denominator",
        "evidence_note",
    ]
    for start in range(0, len(creates), CHUNK):
        chunk = creates.iloc[start : start + CHUNK]
        objects = [
            MetricValue(
                collaborative_id=collaborative_id,
                organisation_id=o,
                metric_id=m,
                period_id=p,
                value=v,
                numerator=n,
                denominator=d,
                evidence_note=note,
                state=MetricValue.State.DRAFT,
                entered_by=user,
                created_by=user,
            )
            for o, m, p, v, n, d, note in chunk[columns].itertuples(index=False, name=None)
        ]
        MetricValue.objects.bulk_create(objects, batch_size=1000)
        MetricValue.history.bulk_history_create(
            objects,
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
    for start in range(0, len(changes), CHUNK):
        chunk = changes.iloc[start : start + CHUNK]
        wanted = {
            int(row[0]): row[1:]
            for row in chunk[
                ["existing_id", "value", "numerator", "denominator", "evidence_note"]
            ].itertuples(index=False, name=None)
        }
        objects = list(MetricValue.objects.select_for_update().filter(pk__in=list(wanted)))
        for obj in objects:
            value, numerator, denominator, note = wanted[obj.pk]
            obj.value, obj.numerator, obj.denominator = value, numerator, denominator
            if note:
                obj.evidence_note = note
            obj.entered_by = user
            obj.updated_at = now
        MetricValue.objects.bulk_update(
            objects,
            ["value", "numerator", "denominator", "evidence_note", "entered_by", "updated_at"],
            batch_size=500,
        )
        MetricValue.history.bulk_history_create(
            objects,
            batch_size=1000,
            update=True,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
