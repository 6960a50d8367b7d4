"""Writes for file imports: hold an upload and its checked plan for the preview, then import it
all or nothing (docs/adr/0008-metric-import-writes.md)."""

import datetime
import hashlib
import io

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from anchors.common.errors import PortalError, require
from metrics import permissions
from metrics.imports import ImportPlan, Table, plan_import, read_upload
from metrics.imports.lookups import Basis
from metrics.imports.plan import saved_values_unchanged
from metrics.imports.result import PLAN_FORMAT
from metrics.models import ImportBatch, MetricValue

STAGE = "metrics_import_stage"  # PostgreSQL: the confirmed rows, copied in before they are written
# COPY's text format: a backslash, tab, newline or carriage return in a note is escaped.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
STAGED = (
    "existing_id",
    "organisation_id",
    "metric_id",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
)
CREATED = (  # what a created value is made of, as columns of metrics_metricvalue
    "collaborative",
    "organisation",
    "metric",
    "period",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
    "evidence_file",
    "state",
    "return_reason",
    "entered_by",
    "created_by",
    "created_at",
    "updated_at",
)


def checked_key(*, sha256: str, basis: Basis) -> str:
    """What a kept plan was checked against, besides the saved values: the file's bytes (their
    SHA-256), the look-ups and this person's organisations (``basis``), and the form plans are
    kept in."""
    text = f"import-plan/{PLAN_FORMAT}/{basis.fingerprint}/{sha256}"
    return hashlib.sha256(text.encode()).hexdigest()


def plan_for_batch(*, user, batch, lock=False) -> ImportPlan:
    """The held upload's plan against the database as it is now (``lock``: locking the saved
    values it would touch, for a confirm).

    The dry run's plan is reused while nothing it was checked against changed: the file's bytes,
    the look-ups, this person's organisations (``checked_key``) and every saved value its rows
    were compared with (one query). Otherwise the file is read and checked again.
    """
    collaborative = batch.collaborative
    allowed = permissions.value_organisation_ids(user, collaborative)
    basis = Basis.load(collaborative, allowed)
    kept = bytes(batch.checked_plan or b"")
    if kept and batch.checked_key == checked_key(sha256=batch.sha256, basis=basis):
        plan = ImportPlan.from_bytes(kept)
        if plan is not None and saved_values_unchanged(
            plan, collaborative=collaborative, lock=lock
        ):
            return plan
    parsed = bytes(batch.parsed or b"")  # uploads held before plans were kept
    if parsed:
        table = Table.from_bytes(parsed)
    else:
        table = read_upload(name=batch.filename, data=bytes(batch.content))
    return plan_import(
        collaborative=collaborative,
        table=table,
        allowed_org_ids=allowed,
        lock=lock,
        basis=basis,
    )


@transaction.atomic
def import_upload(*, user, collaborative, name, data) -> tuple[ImportBatch, ImportPlan]:
    """Check a file and hold it, with its checked plan, for its dry-run preview. No metric value
    is written here.

    Raises FileRejected (a PortalError) when the file as a whole cannot be read.
    """
    require(permissions.can_import(user, collaborative))
    table = read_upload(name=name, data=data)
    allowed = permissions.value_organisation_ids(user, collaborative)
    basis = Basis.load(collaborative, allowed)
    plan = plan_import(
        collaborative=collaborative, table=table, allowed_org_ids=allowed, basis=basis
    )
    del table
    sha256 = hashlib.sha256(data).hexdigest()
    batch = ImportBatch.objects.create(
        collaborative=collaborative,
        created_by=user,
        filename=name[:255],
        content=data,
        checked_plan=plan.to_bytes(),
        checked_key=checked_key(sha256=sha256, basis=basis),
        size=len(data),
        sha256=sha256,
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
    # The file itself is read only if its plan must be checked again.
    batch = ImportBatch.objects.select_for_update().defer("content", "parsed").get(pk=batch.pk)
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
    batch.checked_plan, batch.checked_key = b"", ""  # the record keeps the file, not the plan
    batch.save(
        update_fields=[
            "status",
            "imported_at",
            "to_create",
            "to_change",
            "unchanged",
            "plan_digest",
            "checked_plan",
            "checked_key",
        ]
    )
    return plan


def _write(*, user, batch, plan):
    """Write the plan's values and their history rows, set-based, in the caller's transaction.

    Django's bulk_create spends about 10 µs of Python per field per row preparing values, which
    for 100,000 rows and their history is most of a minute; these rows were already checked by
    the plan, so they go in as plain rows: PostgreSQL copies them into a temporary table and
    writes values and history from it in a statement per kind of change; SQLite takes one
    prepared statement per kind, run over every row (``executemany``). Same tables, same
    history rows django-simple-history would write (one "+" per created value, one
    "~" per changed value, attributed to the importer with the file named), same constraints.
    """
    writes = plan.writes
    if not len(writes):
        return
    now = timezone.now()
    reason = f"Imported from {batch.filename}"[:100]
    if connection.vendor == "postgresql":
        _write_by_copy(user=user, batch=batch, writes=writes, now=now, reason=reason)
    else:
        _write_by_insert(user=user, batch=batch, writes=writes, now=now, reason=reason)


def _history_columns() -> tuple[list[str], str, str]:
    """The value's columns its history row copies, the history table, and the value table."""
    history = MetricValue.history.model
    copied = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    quote = connection.ops.quote_name
    return copied, quote(history._meta.db_table), quote(MetricValue._meta.db_table)


HISTORY_EXTRA = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _copy_text(writes) -> io.StringIO:
    """The rows to write in COPY's text format: tab-separated, \\N for nothing."""
    columns = [
        ["\\N" if v is None else str(v) for v in writes[name].tolist()] for name in STAGED[:-1]
    ]
    notes = writes["evidence_note"].tolist()
    joined = "".join(notes)
    if any(character in joined for character in "\\\t\n\r"):  # only then escape each
        notes = [note.translate(COPY_ESCAPES) for note in notes]
    text = "\n".join("\t".join(row) for row in zip(*columns, notes, strict=True)) + "\n"
    return io.StringIO(text)


def _write_by_copy(*, user, batch, writes, now, reason):
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … SELECT for the created
    values and one UPDATE … FROM for the changed ones, each handing its rows (RETURNING) to the
    INSERT of their history rows. A blank evidence note in the file keeps the saved note."""
    quote = connection.ops.quote_name
    copied, history, values = _history_columns()
    fields = [MetricValue._meta.get_field(name).column for name in CREATED]
    history_columns = ", ".join(quote(c) for c in [*copied, *HISTORY_EXTRA])
    kinds = writes["action"].value_counts()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (existing_id bigint, organisation_id bigint, "
            "metric_id bigint, period_id bigint, value numeric, numerator numeric, "
            "denominator numeric, evidence_note text) ON COMMIT DROP"
        )
        cursor.copy_expert(
            f"COPY {STAGE} FROM STDIN", _copy_text(writes), 1 << 20
        )  # size: positional (Django's debug cursor takes no keywords)
        if kinds.get("create"):
            cursor.execute(
                f"WITH created AS (INSERT INTO {values} ({', '.join(map(quote, fields))}) "  # noqa: S608
                f"SELECT %s, organisation_id, metric_id, period_id, value, numerator, "
                "denominator, evidence_note, '', %s, '', %s, %s, %s, %s "
                f"FROM {STAGE} WHERE existing_id IS NULL "
                f"RETURNING {', '.join(map(quote, copied))}) "
                f"INSERT INTO {history} ({history_columns}) "
                f"SELECT {', '.join(map(quote, copied))}, %s, %s, '+', %s FROM created",
                [batch.collaborative_id, MetricValue.State.DRAFT, user.pk, user.pk, now, now]
                + [now, reason, user.pk],
            )
        if kinds.get("change"):
            cursor.execute(
                f"WITH changed AS (UPDATE {values} AS v SET value = s.value, "  # noqa: S608
                "numerator = s.numerator, denominator = s.denominator, "
                "evidence_note = COALESCE(NULLIF(s.evidence_note, ''), v.evidence_note), "
                "entered_by_id = %s, updated_at = %s "
                f"FROM {STAGE} AS s WHERE v.id = s.existing_id "
                f"RETURNING {', '.join('v.' + quote(c) for c in copied)}) "
                f"INSERT INTO {history} ({history_columns}) "
                f"SELECT {', '.join(map(quote, copied))}, %s, %s, '~', %s FROM changed",
                [user.pk, now, now, reason, user.pk],
            )
        cursor.execute(f"DROP TABLE {STAGE}")


def _write_by_insert(*, user, batch, writes, now, reason):
    """SQLite: the created values in one ``executemany`` (one prepared INSERT, rows streamed to
    it) and their history rows with one INSERT … SELECT of the ids above the largest before it
    (ids only grow, and this transaction holds SQLite's write lock); the changed values with one
    ``executemany`` UPDATE and their history rows by their ids. A blank evidence note in the file
    keeps the saved note."""
    creates = writes[writes["action"] == "create"]
    changes = writes[writes["action"] == "change"]
    stamp = connection.ops.adapt_datetimefield_value(now)
    quote = connection.ops.quote_name
    copied, history, values = _history_columns()
    copy_history = (
        f"INSERT INTO {history} ({', '.join(map(quote, [*copied, *HISTORY_EXTRA]))}) "  # noqa: S608
        f"SELECT {', '.join(map(quote, copied))}, %s, %s, %s, %s FROM {values} "
        "WHERE collaborative_id = %s AND entered_by_id = %s AND "
    )
    stamped = [stamp, reason]
    with connection.cursor() as cursor:
        if len(creates):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {values}")  # noqa: S608
            (last,) = cursor.fetchone()
            fixed = ("", MetricValue.State.DRAFT, "", user.pk, user.pk, stamp, stamp)
            columns = [MetricValue._meta.get_field(name).column for name in CREATED]
            cursor.executemany(
                f"INSERT INTO {values} ({', '.join(map(quote, columns))}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                (
                    (batch.collaborative_id, o, m, p, v, n, d, note, *fixed)
                    for o, m, p, v, n, d, note in zip(
                        *(creates[name].tolist() for name in STAGED[1:]), strict=True
                    )
                ),
            )
            cursor.execute(
                copy_history + "id > %s AND created_at = %s",
                [*stamped, "+", user.pk, batch.collaborative_id, user.pk, last, stamp],
            )
        if len(changes):
            ids = [int(pk) for pk in changes["existing_id"].tolist()]
            cursor.executemany(
                f"UPDATE {values} SET value = %s, numerator = %s, denominator = %s, "  # noqa: S608
                "evidence_note = COALESCE(%s, evidence_note), entered_by_id = %s, "
                "updated_at = %s WHERE id = %s",
                (
                    (v, n, d, note or None, user.pk, stamp, pk)
                    for v, n, d, note, pk in zip(
                        *(changes[name].tolist() for name in STAGED[4:]), ids, strict=True
                    )
                ),
            )
            cursor.executemany(
                copy_history + "id = %s",
                ((*stamped, "~", user.pk, batch.collaborative_id, user.pk, pk) for pk in ids),
            )


@transaction.atomic
def import_batches_prune(*, older_than=datetime.timedelta(days=2)) -> int:
    """Delete uploads that were previewed but never imported; imported ones stay as the record."""
    cutoff = timezone.now() - older_than
    deleted, _ = ImportBatch.objects.filter(
        status=ImportBatch.Status.PREVIEWED, created_at__lt=cutoff
    ).delete()
    return deleted
