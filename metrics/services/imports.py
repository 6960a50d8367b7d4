"""Writes for file imports: hold an upload for its preview, then import it all or nothing."""

import datetime
import hashlib
from itertools import islice

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from anchors.common.errors import PortalError, require
from metrics import permissions
from metrics.imports import ImportPlan, Table, plan_import, read_upload
from metrics.models import ImportBatch, MetricValue


def plan_for_batch(*, user, batch, lock=False) -> ImportPlan:
    """Check the held upload again, against the database as it is now."""
    parsed = bytes(batch.parsed or b"")
    table = (
        Table.from_bytes(parsed)
        if parsed
        else read_upload(name=batch.filename, data=bytes(batch.content))
    )
    return plan_import(
        collaborative=batch.collaborative,
        table=table,
        allowed_org_ids=permissions.value_organisation_ids(user, batch.collaborative),
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
        allowed_org_ids=permissions.value_organisation_ids(user, collaborative),
    )
    batch = ImportBatch.objects.create(
        collaborative=collaborative,
        created_by=user,
        filename=name[:255],
        content=data,
        parsed=table.to_bytes(),
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
    """Write the plan's values and their history rows, set-based.

    Django's bulk_create spends about 10 µs of Python per field per row preparing values, which
    for 100,000 rows and their history is most of a minute; these rows were already checked by
    the plan, so they go in as multi-row INSERTs of plain tuples, and their history as one
    INSERT ... SELECT per kind of change. Same transaction, same tables, same history rows
    django-simple-history would write (one "+" per created value, one "~" per changed value).
    """
    now = timezone.now()
    reason = f"Imported from {batch.filename}"[:100]
    writes = plan.writes
    creates = writes[writes["action"] == "create"]
    changes = writes[writes["action"] == "change"]
    stamp = connection.ops.adapt_datetimefield_value(now)
    figures = ["value", "numerator", "denominator", "evidence_note"]
    if len(creates):
        rows = (
            (batch.collaborative_id, o, m, p, v, n, d, note, "", MetricValue.State.DRAFT, "")
            + (user.pk, user.pk, stamp, stamp)
            for o, m, p, v, n, d, note in creates[
                ["organisation_id", "metric_id", "period_id", *figures]
            ].itertuples(index=False, name=None)
        )
        _insert(
            MetricValue,
            [
                "collaborative",
                "organisation",
                "metric",
                "period",
                *figures,
                "evidence_file",
                "state",
                "return_reason",
                "entered_by",
                "created_by",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        _history(marker="created_at", stamp=stamp, user=user, reason=reason, kind="+", batch=batch)
    if len(changes):
        rows = [
            (v, n, d, note or None, user.pk, stamp, int(pk))
            for pk, v, n, d, note in changes[["existing_id", *figures]].itertuples(
                index=False, name=None
            )
        ]
        table = connection.ops.quote_name(MetricValue._meta.db_table)
        with connection.cursor() as cursor:
            # A blank evidence note in the file keeps the saved note.
            cursor.executemany(
                f"UPDATE {table} SET value = %s, numerator = %s, denominator = %s, "  # noqa: S608
                "evidence_note = COALESCE(%s, evidence_note), entered_by_id = %s, "
                "updated_at = %s WHERE id = %s",
                rows,
            )
        _history(marker="updated_at", stamp=stamp, user=user, reason=reason, kind="~", batch=batch)


def _insert(model, names, rows):
    """Multi-row INSERTs of already-checked tuples (any iterable, consumed a statement at a time),
    sized to the database's parameter limit."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    limit = connection.features.max_query_params or 30000
    per_statement = max(1, min(1000, limit // len(fields)))
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, per_statement)):
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
                + ", ".join([placeholder] * len(chunk)),
                [value for row in chunk for value in row],
            )


def _history(*, marker, stamp, user, reason, kind, batch):
    """One history row per value this import created or changed, copied from the value itself.

    Values written by this import carry its timestamp (``stamp``) in ``created_at`` (created) or
    ``updated_at`` (changed); the rows are locked by this transaction, so nothing else matches.
    """
    history = MetricValue.history.model
    quote = connection.ops.quote_name
    copied = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    condition = f"{quote(marker)} = %s AND collaborative_id = %s AND entered_by_id = %s"
    if marker == "updated_at":
        condition += " AND created_at <> %s"
    params = [stamp, reason, kind, user.pk, stamp, batch.collaborative_id, user.pk]
    if marker == "updated_at":
        params.append(stamp)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(c) for c in copied + extra)}) "
            f"SELECT {', '.join(quote(c) for c in copied)}, %s, %s, %s, %s "
            f"FROM {quote(MetricValue._meta.db_table)} WHERE {condition}",
            params,
        )


@transaction.atomic
def import_batches_prune(*, older_than=datetime.timedelta(days=2)) -> int:
    """Delete uploads that were previewed but never imported; imported ones stay as the record."""
    cutoff = timezone.now() - older_than
    deleted, _ = ImportBatch.objects.filter(
        status=ImportBatch.Status.PREVIEWED, created_at__lt=cutoff
    ).delete()
    return deleted
