"""The import's fast path (issue 9, item 4): the confirm reuses the dry run's checked plan only
while nothing it was checked against changed, writes all or nothing, and keeps a history row for
every value it creates or changes (on PostgreSQL through COPY into a staging table)."""

import hashlib
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection

from anchors.common.errors import PortalError
from anchors.models import Organisation
from metrics import services
from metrics.imports import plan_import, read_upload
from metrics.models import ImportBatch, Metric, MetricValue, ReportingPeriod
from metrics.services import imports as import_services
from tests.metrics.factories import PeriodFactory, ValueFactory

pytestmark = pytest.mark.django_db
HEADER = "organisation,metric,period,value,numerator,denominator,evidence_note"
ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the COPY path runs on PostgreSQL only (set DATABASE_URL to a PostgreSQL database)",
)


def _csv(*rows) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


GOOD = _csv(
    "Alpha,APP-STARTS,2025-26-Q1,7,,,Payroll",
    "Alpha,LOC-SPEND,2025-26-Q1,,250,1000,Finance extract",
)


@pytest.fixture
def checks():
    """Counts how often a file is read and checked from scratch inside the import services."""
    with (
        mock.patch.object(import_services, "plan_import", wraps=plan_import) as checked,
        mock.patch.object(import_services, "read_upload", wraps=read_upload) as read,
    ):
        yield {"checked": checked, "read": read}


def _upload(user, framework, data=GOOD, name="values.csv"):
    return services.import_upload(
        user=user, collaborative=framework["period"].collaborative, name=name, data=data
    )


def test_the_dry_run_keeps_its_checked_plan(framework, lead_a):
    batch, plan = _upload(lead_a, framework)
    batch.refresh_from_db()
    assert bytes(batch.checked_plan)
    assert batch.checked_key
    assert bytes(batch.parsed) == b""  # the file itself is kept; it is read again if need be


def test_confirm_reuses_the_checked_plan_when_nothing_changed(framework, lead_a, checks):
    batch, plan = _upload(lead_a, framework)
    assert checks["checked"].call_count == 1
    assert checks["read"].call_count == 1
    services.plan_for_batch(user=lead_a, batch=batch)  # each preview page
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert checks["checked"].call_count == 1  # checked once, at the dry run
    assert checks["read"].call_count == 1
    assert MetricValue.objects.count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert bytes(batch.checked_plan) == b""
    assert batch.checked_key == ""


def test_the_reused_plan_is_the_plan_the_dry_run_found(framework, lead_a, org_a):
    ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    batch, plan = _upload(lead_a, framework)
    kept = services.plan_for_batch(user=lead_a, batch=batch)
    assert kept.digest == plan.digest
    assert (kept.to_create, kept.to_change, kept.unchanged) == (1, 1, 0)
    assert kept.display_rows(kept.rows) == plan.display_rows(plan.rows)


def test_a_changed_file_is_checked_again(framework, lead_a, checks):
    batch, plan = _upload(lead_a, framework)
    # The held file is not the one the plan was checked from (its bytes differ).
    other = _csv("Alpha,APP-STARTS,2025-26-Q1,8,,,Payroll")
    ImportBatch.objects.filter(pk=batch.pk).update(
        content=other, sha256=hashlib.sha256(other).hexdigest()
    )
    batch.refresh_from_db()
    with pytest.raises(PortalError) as refused:
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert refused.value.code == "changed"
    assert checks["checked"].call_count == 2
    assert checks["read"].call_count == 2
    assert MetricValue.objects.count() == 0


def _close_period(framework):
    ReportingPeriod.objects.filter(pk=framework["period"].pk).update(
        state=ReportingPeriod.State.CLOSED
    )


def _retire_metric(framework):
    Metric.objects.filter(pk=framework["amount"].pk).update(active=False)


def _rename_organisation(framework):
    Organisation.objects.filter(
        collaborative=framework["period"].collaborative, short_name="Alpha"
    ).update(short_name="Alpha Council Group")


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        (_close_period, "period", "2025-26-Q1 is closed"),
        (_retire_metric, "metric", "“APP-STARTS” is no longer collected"),
        (_rename_organisation, "organisation", "No organisation called “Alpha”"),
    ],
)
def test_a_changed_framework_is_checked_again(framework, lead_a, checks, change, column, message):
    batch, plan = _upload(lead_a, framework)
    change(framework)
    checked = services.plan_for_batch(user=lead_a, batch=batch)
    assert checks["checked"].call_count == 2
    assert any(
        e.row == 2 and e.column.startswith(column) and message in e.message for e in checked.errors
    )
    with pytest.raises(PortalError) as refused:
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert refused.value.code == "errors"
    assert MetricValue.objects.count() == 0


def test_a_value_saved_since_the_preview_is_checked_again(framework, lead_a, org_a, checks):
    batch, plan = _upload(lead_a, framework)
    ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    with pytest.raises(PortalError) as refused:
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert refused.value.code == "changed"
    assert checks["checked"].call_count == 2
    assert MetricValue.objects.count() == 1  # only the value saved meanwhile


def test_a_value_edited_since_the_preview_is_checked_again(framework, lead_a, org_a, checks):
    saved = ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    batch, plan = _upload(lead_a, framework)
    saved.value = Decimal(3)
    saved.save()  # as every edit does: its version (updated_at) moves on
    with pytest.raises(PortalError) as refused:
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert refused.value.code == "changed"
    assert checks["checked"].call_count == 2


def test_a_failing_row_names_its_row_and_field_in_the_kept_plan_too(framework, lead_a):
    batch, plan = _upload(
        lead_a,
        framework,
        _csv(
            "Alpha,APP-STARTS,2025-26-Q1,7,,,Payroll",
            "Alpha,APP-STARTS,2025-26-Q2,lots,,,Payroll",
            "Nowhere,LOC-SPEND,2025-26-Q1,,250,1000,Extract",
            "Alpha,LOC-SPEND,2025-26-Q1,,1200,1000,Extract",
            "@SUM(A1),APP-STARTS,2025-26-Q1,7,,,Payroll",
        ),
    )
    found = [(e.row, e.column, e.message) for e in plan.errors]
    assert [(row, column) for row, column, _ in found] == [
        (3, "period (column C)"),
        (3, "value (column D)"),
        (4, "organisation (column A)"),
        (5, "numerator (column E)"),
        (6, "organisation (column A)"),
    ]
    assert found[1][2] == "Enter a number, like 1250 or 1250.50"
    assert found[2][2] == "No organisation called “Nowhere” in this collaborative"
    assert found[4][2].startswith("Starts with “@”, which spreadsheets run as a formula")
    kept = services.plan_for_batch(user=lead_a, batch=batch)
    assert kept.errors == plan.errors  # the preview's pages show the same, from the kept plan


def test_cells_starting_like_a_formula_but_numbers_are_not_refused_as_formulas(framework, lead_a):
    """Only the cells that fail get a message: a negative figure starts with a formula
    character but is a number, and the apostrophe the portal's downloads add is taken off."""
    _, plan = _upload(
        lead_a,
        framework,
        _csv("Alpha,APP-STARTS,2025-26-Q1,+7,,,'=x", "Alpha,LOC-SPEND,2025-26-Q1,,-1,4,Extract"),
    )
    assert not any("formula" in e.message for e in plan.errors)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "numerator (column E)")]


def test_a_failure_in_the_write_leaves_nothing(framework, lead_a, org_a):
    saved = ValueFactory(
        metric=framework["amount"], organisation=org_a, period=framework["period"], value=5
    )
    batch, plan = _upload(lead_a, framework)
    real = import_services._write

    def write_then_fail(**kwargs):
        real(**kwargs)  # every value and history row written ...
        assert MetricValue.objects.count() == 2
        raise RuntimeError("the database went away")  # ... then the transaction fails

    with (
        mock.patch.object(import_services, "_write", write_then_fail),
        pytest.raises(RuntimeError),
    ):
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert list(MetricValue.objects.values_list("pk", "value")) == [(saved.pk, Decimal(5))]
    assert MetricValue.history.filter(history_change_reason__startswith="Imported").count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_clash_inside_the_write_leaves_nothing(framework, lead_a, org_a):
    """A value saved by someone else between the check and the write (here: made to slip past
    the check) makes the database refuse the write; the rows before it are undone too."""
    batch, plan = _upload(lead_a, framework)
    ValueFactory(metric=framework["ratio"], organisation=org_a, period=framework["period"])
    with (
        mock.patch.object(import_services, "saved_values_unchanged", return_value=True),
        pytest.raises(PortalError) as refused,
    ):
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert refused.value.code == "changed"
    assert MetricValue.objects.count() == 1
    assert not MetricValue.objects.filter(metric=framework["amount"]).exists()


def _import_new_changed_and_unchanged(framework, lead_a, org_a, note):
    changed = ValueFactory(
        metric=framework["amount"], organisation=org_a, period=framework["period"], value=5
    )
    same = ValueFactory(
        metric=framework["ratio"],
        organisation=org_a,
        period=framework["period"],
        numerator=Decimal(1),
        denominator=Decimal(4),
        evidence_note="Kept",
    )
    quarter_two = PeriodFactory(
        collaborative=framework["period"].collaborative, financial_year=2025, quarter=2
    )
    batch, plan = _upload(
        lead_a,
        framework,
        _csv(
            "Alpha,APP-STARTS,2025-26-Q1,7,,,",
            "Alpha,LOC-SPEND,2025-26-Q1,,1,4,Kept",
            f'Alpha,APP-STARTS,2025-26-Q2,9,,,"{note}"',
        ),
    )
    assert (plan.to_create, plan.to_change, plan.unchanged) == (1, 1, 1)
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    return changed, same, quarter_two


def _assert_history(framework, lead_a, changed, same, quarter_two, note):
    created = MetricValue.objects.get(period=quarter_two)
    assert (created.value, created.evidence_note, created.state) == (Decimal(9), note, "draft")
    assert (created.entered_by, created.created_by) == (lead_a, lead_a)
    changed.refresh_from_db()
    assert (changed.value, changed.entered_by) == (Decimal(7), lead_a)
    assert changed.evidence_note == "Finance system extract."  # a blank note keeps the saved one
    imported = MetricValue.history.filter(history_change_reason="Imported from values.csv")
    rows = {(h.id, h.history_type, h.value, h.evidence_note, h.history_user_id) for h in imported}
    assert rows == {
        (created.pk, "+", Decimal(9), note, lead_a.pk),
        (changed.pk, "~", Decimal(7), "Finance system extract.", lead_a.pk),
    }
    assert not MetricValue.history.filter(id=same.pk, history_type="~").exists()
    # What the history pages read: each record, and what changed since the one before.
    record = changed.history.order_by("-history_date", "-history_id").first()
    assert record.history_type == "~"
    assert record.prev_record.value == Decimal(5)
    changes = record.diff_against(record.prev_record).changes
    assert sorted(c.field for c in changes) == ["entered_by", "value"]


def test_history_rows_for_new_and_changed_values(framework, lead_a, org_a):
    note = "Two lines\nand a tab\there, a back\\slash"
    changed, same, quarter_two = _import_new_changed_and_unchanged(framework, lead_a, org_a, note)
    _assert_history(framework, lead_a, changed, same, quarter_two, note)


@ONLY_POSTGRESQL
def test_history_rows_for_new_and_changed_values_after_the_copy(framework, lead_a, org_a):
    note = "Two lines\nand a tab\there, a back\\slash, \\N and \\t as typed"
    with mock.patch.object(
        import_services, "_write_by_copy", wraps=import_services._write_by_copy
    ) as copied:
        changed, same, quarter_two = _import_new_changed_and_unchanged(
            framework, lead_a, org_a, note
        )
    assert copied.call_count == 1
    _assert_history(framework, lead_a, changed, same, quarter_two, note)
    with connection.cursor() as cursor:  # the staging table went with the transaction
        cursor.execute("SELECT to_regclass(%s)", [import_services.STAGE])
        assert cursor.fetchone() == (None,)


@ONLY_POSTGRESQL
def test_a_clash_inside_the_copy_leaves_nothing(framework, lead_a, org_a):
    batch, plan = _upload(lead_a, framework)
    ValueFactory(metric=framework["ratio"], organisation=org_a, period=framework["period"])
    with (
        mock.patch.object(import_services, "saved_values_unchanged", return_value=True),
        mock.patch.object(
            import_services, "_write_by_copy", wraps=import_services._write_by_copy
        ) as copied,
        pytest.raises(PortalError),
    ):
        services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    assert copied.call_count == 1
    assert MetricValue.objects.count() == 1
    assert MetricValue.history.filter(history_change_reason__startswith="Imported").count() == 0
