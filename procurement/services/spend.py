"""Spend imports: upload and check a published spend file, map its columns, confirm it (all or
nothing), match its lines to the supplier register, and write the organisation's spend shares
into the matching metrics as drafts.

The flow follows the metrics import (ADR 8): the file's cells are kept with the upload, every
preview and the confirm re-check them, and the confirm refuses if what the lead saw changed.
"""

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from anchors.common.errors import PortalError, require
from anchors.common.history import save_with_history
from anchors.common.locking import version_of
from metrics import permissions as metric_permissions
from metrics import selectors as metric_selectors
from metrics.models import Metric, ReportingPeriod
from metrics.services import Entry, GridError, values_save
from procurement import permissions
from procurement.models import SpendBatch, SpendLine, SpendMapping, Supplier, SupplierBuyer
from procurement.selectors.spend import organisation_figures
from procurement.selectors.suppliers import SupplierIndex, area_districts
from procurement.services.suppliers import prepare_supplier
from procurement.spend import columns
from procurement.spend.plan import SpendPlan, missing_fields, plan_spend
from procurement.spend.reading import read_spend, sheet_from_bytes, sheet_to_bytes
from procurement.spend.values import DATE_ORDERS

# Metric code -> the spend figure written into it. A ratio metric gets the figure as its
# numerator and the total spend as its denominator; a count or amount metric gets the figure.
# A collaborative whose metrics have other codes sets PROCUREMENT_SPEND_METRICS.
SPEND_METRICS = {
    "LOC-SPEND": "local",
    "SME-SPEND": "sme",
    "VCSE-SPEND": "vcse",
    "DIV-SPEND": "bame_led",
}
FIGURES = ("total", "local", "sme", "vcse", "bame_led")


def spend_metric_codes() -> dict[str, str]:
    return dict(getattr(settings, "PROCUREMENT_SPEND_METRICS", SPEND_METRICS))


def _sheet(batch):
    return sheet_from_bytes(batch.parsed)


def spend_plan(*, batch, sheet=None) -> SpendPlan:
    """The dry run of a batch as it stands (mapping, date order, rows left out)."""
    sheet = sheet or _sheet(batch)
    period = batch.period
    return plan_spend(
        sheet=sheet,
        mapping={k: int(v) for k, v in batch.mapping.items()},
        date_order=batch.date_order or None,
        start=period.start_date,
        end=period.end_date,
        excluded=batch.excluded_rows,
    )


def plan_digest(batch, plan: SpendPlan) -> str:
    """What the lead saw in the preview: a confirm whose batch now plans differently is refused."""
    seen = [
        batch.sha256,
        sorted(batch.mapping.items()),
        plan.date_order,
        plan.excluded,
        plan.error_rows,
        len(plan.lines),
        str(plan.total),
    ]
    return hashlib.sha256(json.dumps(seen, default=str).encode()).hexdigest()


def _check_period(organisation, period):
    if period.collaborative_id != organisation.collaborative_id:
        raise PortalError("Choose a period of this collaborative.", field="period")
    if period.state != ReportingPeriod.State.OPEN:
        raise PortalError(
            f"{period.label} is closed. Ask the facilitator to reopen it, or choose an open "
            "period.",
            field="period",
        )


@transaction.atomic
def spend_upload(*, user, organisation, period, name, data) -> SpendBatch:
    """Read and keep an uploaded file; nothing is imported until the lead confirms it."""
    require(permissions.can_import_spend(user, organisation))
    _check_period(organisation, period)
    sheet = read_spend(name=name, data=data)
    digest = hashlib.sha256(data).hexdigest()
    earlier = SpendBatch.objects.filter(
        organisation=organisation, sha256=digest, status=SpendBatch.Status.IMPORTED
    ).first()
    if earlier is not None:
        raise PortalError(
            f"This file was already imported for {organisation} on "
            f"{timezone.localtime(earlier.imported_at):%d %B %Y}, as “{earlier.filename}”.",
            field="file",
            code="duplicate",
        )
    signature = columns.signature(sheet.headings)
    remembered = SpendMapping.objects.filter(organisation=organisation, signature=signature).first()
    batch = SpendBatch(
        collaborative=organisation.collaborative,
        organisation=organisation,
        period=period,
        filename=name[:255],
        size=len(data),
        sha256=digest,
        parsed=sheet_to_bytes(sheet),
        signature=signature,
        mapping=remembered.mapping if remembered else columns.recognise(sheet.headings),
        date_order=remembered.date_order if remembered else "",
        uploaded_by=user,
    )
    return save_with_history(batch, user=user, reason="Uploaded")


def _locked_batch(batch, user) -> SpendBatch:
    batch = SpendBatch.objects.select_for_update().select_related("period").get(pk=batch.pk)
    require(permissions.can_import_spend(user, batch.organisation))
    if batch.status != SpendBatch.Status.PREVIEWED:
        raise PortalError("This file has already been imported.", code="imported")
    return batch


@transaction.atomic
def spend_map(*, user, batch, mapping: dict, date_order: str = "") -> SpendBatch:
    """The lead's choice of which column holds what (and the order of the dates)."""
    batch = _locked_batch(batch, user)
    headings = _sheet(batch).headings
    chosen = {}
    for name, position in mapping.items():
        if name not in columns.FIELDS:
            raise PortalError(f"“{name}” is not a spend field.")
        if position is None or position == "":
            continue
        position = int(position)
        if not 0 <= position < len(headings):
            raise PortalError("Choose one of the file’s columns.", field=name)
        if position in chosen.values():
            other = next(k for k, v in chosen.items() if v == position)
            raise PortalError(
                f"“{headings[position]}” is already chosen for {columns.FIELDS[other]}: "
                "choose each column once.",
                field=name,
            )
        chosen[name] = position
    missing = missing_fields(chosen)
    if missing:
        raise PortalError(
            f"Choose the column that holds the {columns.FIELDS[missing[0]].lower()}.",
            field=missing[0],
        )
    if date_order and date_order not in DATE_ORDERS:
        raise PortalError("Choose how the dates are written.", field="date_order")
    batch.mapping = chosen
    batch.date_order = date_order or batch.date_order
    batch.excluded_rows = []
    return save_with_history(batch, user=user, reason="Columns mapped")


@transaction.atomic
def spend_date_order(*, user, batch, date_order: str) -> SpendBatch:
    batch = _locked_batch(batch, user)
    if date_order not in DATE_ORDERS:
        raise PortalError("Choose how the dates in the file are written.", field="date_order")
    batch.date_order = date_order
    batch.excluded_rows = []
    return save_with_history(batch, user=user, reason="Date order confirmed")


@dataclass
class SpendResult:
    batch: SpendBatch
    lines: int = 0
    new_suppliers: int = 0
    left_out: list = field(default_factory=list)
    metrics_written: list = field(default_factory=list)
    metrics_skipped: list = field(default_factory=list)


@transaction.atomic
def spend_confirm(*, user, batch, digest: str, leave_out: bool = False) -> SpendResult:
    """Import the checked lines, all or nothing: refused while any row has an error, unless the
    lead chose to leave the listed rows out; refused if the preview is out of date."""
    batch = _locked_batch(batch, user)
    sheet = _sheet(batch)
    plan = spend_plan(batch=batch, sheet=sheet)
    if digest != plan_digest(batch, plan):
        raise PortalError(
            "The file’s check has changed since you opened this page (the columns or the date "
            "order were changed). Nothing has been imported: check the preview again.",
            code="stale",
        )
    if missing_fields(batch.mapping):
        raise PortalError("Choose the columns for the supplier, the amount and the date first.")
    if plan.date_order_needed:
        raise PortalError(
            "Nothing has been imported: confirm how the dates in the file are written first.",
            field="date_order",
        )
    if plan.errors:
        if not leave_out:
            count = len(plan.error_rows)
            raise PortalError(
                f"Nothing has been imported: {count:,} row{'s' if count != 1 else ''} "
                f"{'have' if count != 1 else 'has'} errors. Correct the file and upload it "
                "again, or choose to leave the listed rows out.",
                field="leave_out",
            )
        batch.excluded_rows = sorted(set(batch.excluded_rows) | set(plan.error_rows))
        plan = spend_plan(batch=batch, sheet=sheet)
        if plan.errors:  # pragma: no cover - leaving every error row out leaves no error
            raise PortalError("Nothing has been imported: the file still has errors.")
    if not plan.lines:
        raise PortalError("Nothing has been imported: no rows of spend are left to import.")
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    suppliers, created = _match_suppliers(user=user, batch=batch, plan=plan, now=now)
    _link_buyers(user=user, batch=batch, supplier_ids=set(suppliers.values()), stamp=stamp)
    _write_lines(batch=batch, plan=plan, suppliers=suppliers, user=user, stamp=stamp)
    _remember_mapping(user=user, batch=batch, plan=plan, headings=sheet.headings)
    batch.status = SpendBatch.Status.IMPORTED
    batch.imported_at = now
    batch.lines_imported = len(plan.lines)
    batch.total = plan.total
    result = SpendResult(batch=batch, lines=len(plan.lines), new_suppliers=created)
    result.left_out = list(plan.excluded)
    _write_metrics(user=user, batch=batch, result=result)
    batch.metrics_note = metrics_note(result)
    save_with_history(batch, user=user, reason="Imported")
    return result


def _supplier_key(line) -> tuple:
    return (line.supplier.casefold(), line.postcode, line.company_number)


def _match_suppliers(*, user, batch, plan, now) -> tuple[dict, int]:
    """Each named line's supplier id from the register (by company number, name and postcode, or
    a name only one supplier has); suppliers not found are added for review, with history."""
    collaborative = batch.collaborative
    index = SupplierIndex(collaborative=collaborative)
    districts = area_districts(collaborative=collaborative)
    found, new = {}, []
    for line in plan.lines:
        if line.redacted:
            continue
        key = _supplier_key(line)
        if key in found:
            continue
        supplier = index.match(
            name=line.supplier, postcode=line.postcode, company_number=line.company_number
        )
        if supplier is None:
            supplier = _new_supplier(collaborative, line, districts)
            index.add(supplier)
            new.append(supplier)
        found[key] = supplier
    if new:
        _insert_with_history(
            Supplier,
            [[getattr(s, name) for name in SUPPLIER_COLUMNS[:-3]] for s in new],
            columns=SUPPLIER_COLUMNS,
            user=user,
            stamp=connection.ops.adapt_datetimefield_value(now),
            collaborative_id=collaborative.pk,
            reason=f"Added by the spend import of “{batch.filename}”",
        )
        ids = {
            (s["normalised_name"], s["postcode"]): s["pk"]
            for s in Supplier.objects.filter(collaborative=collaborative, created_at=now).values(
                "pk", "normalised_name", "postcode"
            )
        }
        for supplier in new:
            supplier.pk = ids[(supplier.normalised_name, supplier.postcode)]
    return {key: supplier.pk for key, supplier in found.items()}, len(new)


SUPPLIER_COLUMNS = (
    "collaborative_id",
    "name",
    "normalised_name",
    "company_number",
    "charity_number",
    "postcode",
    "postcode_district",
    "is_local",
    "website",
    "sme",
    "vcse",
    "bame_led",
    "living_wage_employer",
    "description",
    "needs_review",
    "created_by_id",
    "created_at",
    "updated_at",
)
BUYER_COLUMNS = (
    "collaborative_id",
    "supplier_id",
    "organisation_id",
    "what",
    "created_by_id",
    "created_at",
    "updated_at",
)


def _new_supplier(collaborative, line, districts) -> Supplier:
    supplier = Supplier(
        collaborative=collaborative,
        name=line.supplier,
        company_number=line.company_number,
        postcode=line.postcode,
        needs_review=True,
    )
    try:
        return prepare_supplier(supplier, districts=districts)
    except PortalError:
        # A company number or postcode the register would not accept is left for the review.
        supplier.company_number, supplier.postcode = "", ""
        return prepare_supplier(supplier, districts=districts)


def _link_buyers(*, user, batch, supplier_ids, stamp):
    """The organisation now buys from each supplier of its spend (the register shows it)."""
    linked = set(
        SupplierBuyer.objects.filter(organisation=batch.organisation).values_list(
            "supplier_id", flat=True
        )
    )
    rows = [
        [batch.collaborative_id, pk, batch.organisation_id, "From spend"]
        for pk in sorted(set(supplier_ids) - linked)
    ]
    if rows:
        _insert_with_history(
            SupplierBuyer,
            rows,
            columns=BUYER_COLUMNS,
            user=user,
            stamp=stamp,
            collaborative_id=batch.collaborative_id,
            reason=f"Spend import of “{batch.filename}”",
        )


def _insert_with_history(model, rows, *, columns, user, stamp, collaborative_id, reason):
    """Rows of plain values in one prepared INSERT (``executemany``), then their history rows
    with one INSERT … SELECT, as simple-history would have written them (ADR 8's way; the ORM
    spends seconds building SQL for a few thousand suppliers). ``rows`` hold every column but
    the last three (created by, created at, updated at); the rows this import wrote are the
    collaborative's with this import's time stamp, locked by this transaction."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    user_id = getattr(user, "pk", None)
    with connection.cursor() as cursor:
        _insert_rows(cursor, table, columns, ([*row, user_id, stamp, stamp] for row in rows))
        history = model.history.model
        extra = {"history_id", "history_date", "history_change_reason", "history_type"}
        extra.add("history_user_id")
        copied = [f.column for f in history._meta.concrete_fields if f.column not in extra]
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - model names
            f"({', '.join(map(quote, copied))}, history_date, history_change_reason, "
            "history_type, history_user_id) "
            f"SELECT {', '.join(map(quote, copied))}, %s, %s, '+', %s FROM {table} "
            "WHERE collaborative_id = %s AND created_at = %s",
            [stamp, reason[:100], user_id, collaborative_id, stamp],
        )


LINE_COLUMNS = (
    "collaborative",
    "batch",
    "organisation",
    "period",
    "row",
    "date",
    "amount",
    "supplier",
    "supplier_name",
    "redacted",
    "category_code",
    "category",
    "reference",
    "department",
    "created_by",
    "created_at",
    "updated_at",
)


def _write_lines(*, batch, plan, suppliers, user, stamp):
    """The lines in one prepared INSERT with the rows streamed to it (``executemany``): the ORM's
    ``bulk_create`` spends most of a 50,000-line import building SQL (ADR 8)."""
    ops = connection.ops
    quote = ops.quote_name
    fields = [SpendLine._meta.get_field(name) for name in LINE_COLUMNS]
    amount_field = SpendLine._meta.get_field("amount")
    fixed = (batch.collaborative_id, batch.pk, batch.organisation_id, batch.period_id)
    rows = (
        (
            *fixed,
            line.row,
            ops.adapt_datefield_value(line.date),
            ops.adapt_decimalfield_value(
                line.amount, amount_field.max_digits, amount_field.decimal_places
            ),
            None if line.redacted else suppliers[_supplier_key(line)],
            line.supplier,
            line.redacted,
            line.category_code,
            line.category,
            line.reference,
            line.department,
            getattr(user, "pk", None),
            stamp,
            stamp,
        )
        for line in plan.lines
    )
    table, columns = quote(SpendLine._meta.db_table), [f.column for f in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = _lines_copy_text(batch, plan, suppliers, user, stamp)
            names = ", ".join(quote(c) for c in columns)
            cursor.copy_expert(
                f"COPY {table} ({names}) FROM STDIN", text, 1 << 20
            )  # size: positional (Django's debug cursor takes no keywords)
        else:
            _insert_rows(cursor, table, columns, rows)


def _lines_copy_text(batch, plan, suppliers, user, stamp) -> io.StringIO:
    """The lines in COPY's text format, a line of text each (in LINE_COLUMNS' order): the general
    ``_copy_text`` spends seconds turning 850,000 cells into text one by one."""
    texts = ("supplier", "category_code", "category", "reference", "department")
    joined = "".join(getattr(line, name) for line in plan.lines for name in texts)
    escape = any(c in joined for c in "\\\t\n\r")

    def clean(value):
        return value.translate(COPY_ESCAPES) if escape else value

    head = f"{batch.collaborative_id}\t{batch.pk}\t{batch.organisation_id}\t{batch.period_id}"
    user_id = getattr(user, "pk", None)
    tail = f"{NULL if user_id is None else user_id}\t{stamp}\t{stamp}"
    out = []
    for line in plan.lines:
        supplier = NULL if line.redacted else suppliers[_supplier_key(line)]
        out.append(
            f"{head}\t{line.row}\t{line.date.isoformat()}\t{line.amount}\t{supplier}\t"
            f"{clean(line.supplier)}\t{'t' if line.redacted else 'f'}\t"
            f"{clean(line.category_code)}\t{clean(line.category)}\t{clean(line.reference)}\t"
            f"{clean(line.department)}\t{tail}\n"
        )
    return io.StringIO("".join(out))


NULL = "\\N"  # COPY's text format for nothing
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(rows) -> io.StringIO:
    """Rows in COPY's text format, a column at a time: \\N for nothing, t and f for booleans,
    text escaped only when some cell of its column needs it."""
    columns = []
    for column in zip(*rows, strict=True):
        cells = [
            "\\N" if v is None else ("t" if v else "f") if v is True or v is False else str(v)
            for v in column
        ]
        text = "".join(c for c in cells if c != "\\N")
        if any(c in text for c in "\\\t\n\r"):
            cells = [c if c == "\\N" else c.translate(COPY_ESCAPES) for c in cells]
        columns.append(cells)
    return io.StringIO("".join("\t".join(row) + "\n" for row in zip(*columns, strict=True)))


def _insert_rows(cursor, table, columns, rows):
    """Rows into a table in one go: COPY on PostgreSQL (``executemany`` there is a round trip a
    row), one prepared INSERT with the rows streamed to it elsewhere."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        cursor.copy_expert(
            f"COPY {table} ({names}) FROM STDIN", _copy_text(rows), 1 << 20
        )  # size: positional (Django's debug cursor takes no keywords)
        return
    cursor.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})",  # noqa: S608
        rows,
    )


def _remember_mapping(*, user, batch, plan, headings):
    mapping = SpendMapping.objects.filter(
        organisation=batch.organisation, signature=batch.signature
    ).first() or SpendMapping(
        collaborative=batch.collaborative,
        organisation=batch.organisation,
        signature=batch.signature,
    )
    if (
        mapping.pk
        and mapping.mapping == batch.mapping
        and mapping.date_order == (batch.date_order or mapping.date_order)
    ):
        return
    mapping.headings = headings
    mapping.mapping = batch.mapping
    if batch.date_order or plan.date_evidence == (0, 0):
        mapping.date_order = batch.date_order
    save_with_history(mapping, user=user, reason=f"Confirmed with “{batch.filename}”")


def _write_metrics(*, user, batch, result: SpendResult):
    """The organisation's spend figures for the period (every file imported for it) written as
    draft values of the metrics with the configured codes, through the metrics service."""
    organisation, period = batch.organisation, batch.period
    codes = spend_metric_codes()
    if not metric_permissions.can_edit_values(user, organisation):
        result.metrics_skipped.append(("", "you may not enter this organisation’s values"))
        return
    if not period.is_open:
        result.metrics_skipped.append(("", f"{period.label} is closed"))
        return
    figures = organisation_figures(organisation=organisation, period=period)
    entries = []
    for row in metric_selectors.organisation_grid(period=period, organisation=organisation):
        metric, current = row.metric, row.value
        figure = codes.get(metric.code)
        if figure not in FIGURES:
            continue
        if current is not None and current.is_locked:
            result.metrics_skipped.append(
                (metric.code, f"already {current.get_state_display().lower()}")
            )
            continue
        amount, total = figures[figure], figures["total"]
        if metric.kind == Metric.Kind.RATIO:
            if total <= 0 or amount < 0 or amount > total:
                result.metrics_skipped.append(
                    (metric.code, "the spend figures do not make a share")
                )
                continue
            entry = Entry(metric_id=metric.pk, numerator=amount, denominator=total)
        else:
            entry = Entry(metric_id=metric.pk, value=amount)
        entry.evidence_note = (
            current.evidence_note
            if current is not None and current.evidence_note
            else f"From the spend import of {organisation}'s {period.short_label} spend."
        )
        entry.version = version_of(current) if current is not None else ""
        entries.append((metric.code, entry))
    if not entries:
        return
    try:
        values_save(
            user=user, organisation=organisation, period=period, entries=[e for _, e in entries]
        )
    except GridError as error:  # pragma: no cover - cells are checked above
        result.metrics_skipped += [(code, error.message) for code, _ in entries]
        return
    result.metrics_written = [code for code, _ in entries]


def metrics_note(result: SpendResult) -> str:
    parts = []
    if result.metrics_written:
        parts.append("Draft values written: " + ", ".join(result.metrics_written) + ".")
    for code, reason in result.metrics_skipped:
        parts.append(f"{code or 'Metric values'} not written: {reason}.")
    return " ".join(parts)


@transaction.atomic
def spend_withdraw(*, user, batch) -> SpendResult:
    """Take an imported file back out (a wrong file, the wrong period): its lines go, the batch's
    history keeps who withdrew it and when, and the organisation's spend metrics are written
    again as drafts from the files that remain. Suppliers it added stay in the register."""
    batch = SpendBatch.objects.select_for_update().select_related("period").get(pk=batch.pk)
    require(permissions.can_import_spend(user, batch.organisation))
    if batch.status != SpendBatch.Status.IMPORTED:
        raise PortalError("Only an imported file can be withdrawn.", code="not_imported")
    result = SpendResult(batch=batch, lines=batch.lines_imported)
    SpendLine.objects.filter(batch=batch).delete()
    batch._history_user = user
    batch._change_reason = "Withdrawn"
    batch.delete()
    remaining = SpendLine.objects.filter(
        organisation=batch.organisation, period=batch.period
    ).exists()
    if remaining:
        _write_metrics(user=user, batch=batch, result=result)
    else:
        result.metrics_skipped.append(("", "no spend is left for the period"))
    return result


def spend_batches_prune(*, older_than=datetime.timedelta(days=2)) -> int:
    """Delete spend files checked but never imported (their cells are kept only for the preview
    and the confirm); imported ones stay as the record."""
    cutoff = timezone.now() - older_than
    deleted, _ = SpendBatch.objects.filter(
        status=SpendBatch.Status.PREVIEWED, created_at__lt=cutoff
    ).delete()
    return deleted
