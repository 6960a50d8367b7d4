"""Spend imports: the hand-worked file's shares exactly, draft metric values through the metrics
service, all or nothing, rows left out only when the lead says so, mappings remembered."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from anchors.common.errors import PortalError
from metrics.models import MetricValue
from procurement.models import SpendBatch, SpendLine, SpendMapping, Supplier, SupplierBuyer
from procurement.selectors import spend as selectors
from procurement.services import spend as services
from procurement.spend import columns as c
from procurement.spend.values import DAY_FIRST, MONTH_FIRST
from procurement.tasks import prune_spend_batches
from tests.metrics.factories import ValueFactory
from tests.procurement.spend_world import (
    build_metrics,
    build_period,
    build_register,
    file_bytes,
)


@pytest.fixture
def setting(collaborative, org_a, org_b):
    return {
        "suppliers": build_register(collaborative),
        "metrics": build_metrics(collaborative),
        "period": build_period(collaborative),
    }


def upload(user, organisation, period, name, data=None):
    return services.spend_upload(
        user=user,
        organisation=organisation,
        period=period,
        name=name,
        data=file_bytes(name) if data is None else data,
    )


def confirm(user, batch, **kwargs):
    plan = services.spend_plan(batch=batch)
    return services.spend_confirm(
        user=user, batch=batch, digest=services.plan_digest(batch, plan), **kwargs
    )


def test_hand_worked_file_gives_exact_shares_and_draft_metric_values(setting, lead_a, org_a):
    period = setting["period"]
    batch = upload(lead_a, org_a, period, "hand_worked.csv")
    result = confirm(lead_a, batch)

    assert result.lines == 7
    assert result.new_suppliers == 1
    figures = selectors.organisation_figures(organisation=org_a, period=period)
    assert figures["total"] == Decimal("40000.00")
    assert figures["local"] == Decimal("19000.00")
    assert figures["sme"] == Decimal("13000.00")
    assert figures["vcse"] == Decimal("3500.00")
    assert figures["bame_led"] == Decimal("1500.00")
    assert figures["redacted"] == Decimal("1000.00")
    [row] = selectors.spend_shares(collaborative=org_a.collaborative, period=period)
    assert (row.local_share, row.sme_share, row.vcse_share, row.bame_led_share) == (
        Decimal("47.5"),
        Decimal("32.5"),
        Decimal("8.8"),
        Decimal("3.8"),
    )

    values = {
        v.metric.code: v
        for v in MetricValue.objects.filter(organisation=org_a, period=period).select_related(
            "metric"
        )
    }
    assert {code: (v.numerator, v.denominator, v.state) for code, v in values.items()} == {
        "LOC-SPEND": (Decimal("19000.00"), Decimal("40000.00"), MetricValue.State.DRAFT),
        "SME-SPEND": (Decimal("13000.00"), Decimal("40000.00"), MetricValue.State.DRAFT),
        "VCSE-SPEND": (Decimal("3500.00"), Decimal("40000.00"), MetricValue.State.DRAFT),
        "DIV-SPEND": (Decimal("1500.00"), Decimal("40000.00"), MetricValue.State.DRAFT),
    }
    assert values["LOC-SPEND"].history.count() == 1
    batch.refresh_from_db()
    assert batch.status == SpendBatch.Status.IMPORTED
    assert (
        batch.metrics_note == "Draft values written: DIV-SPEND, LOC-SPEND, SME-SPEND, VCSE-SPEND."
    )


def test_lines_are_matched_to_the_register_and_new_suppliers_wait_for_review(
    setting, lead_a, org_a
):
    batch = upload(lead_a, org_a, setting["period"], "hand_worked.csv")
    confirm(lead_a, batch)
    lines = SpendLine.objects.filter(batch=batch).select_related("supplier").order_by("row")
    by_row = {line.row: line for line in lines}
    assert by_row[6].supplier == setting["suppliers"]["Dalston Joinery Ltd"]
    assert by_row[8].supplier == setting["suppliers"]["Hackney Community Trust"]  # name alone
    assert by_row[9].supplier == setting["suppliers"]["Pharma National plc"]  # company number
    new = by_row[11].supplier
    assert (new.name, new.postcode, new.is_local, new.needs_review) == (
        "Brand New Cleaning Ltd",
        "N16 7UX",
        True,
        True,
    )
    assert new.history.count() == 1
    assert new.history.get().history_change_reason == (
        "Added by the spend import of “hand_worked.csv”"
    )
    assert SupplierBuyer.history.filter(organisation=org_a).count() == 5
    assert set(
        SupplierBuyer.objects.filter(organisation=org_a).values_list("supplier__name", flat=True)
    ) == {
        "Dalston Joinery Ltd",
        "Hackney Community Trust",
        "Pharma National plc",
        "Shoreditch Print Works",
        "Brand New Cleaning Ltd",
    }


def test_withheld_names_are_counted_but_never_stored(setting, lead_a, org_a):
    batch = upload(lead_a, org_a, setting["period"], "hand_worked.csv")
    confirm(lead_a, batch)
    withheld = SpendLine.objects.get(batch=batch, redacted=True)
    assert (withheld.supplier_id, withheld.supplier_name, withheld.amount) == (
        None,
        "",
        Decimal("1000.00"),
    )
    assert not Supplier.objects.filter(name__icontains="redacted").exists()
    assert not SpendLine.objects.filter(supplier_name__icontains="redacted").exists()


def test_malformed_rows_are_named_and_nothing_is_written(setting, lead_a, org_a):
    period = setting["period"]
    data = file_bytes("run_together.csv").replace(b"/07/", b"/04/")
    batch = upload(lead_a, org_a, period, "run_together.csv", data)
    plan = services.spend_plan(batch=batch)
    assert plan.error_rows == [4, 6, 7, 8]
    suppliers_before = Supplier.objects.count()
    with pytest.raises(PortalError, match="4 rows have errors"):
        confirm(lead_a, batch)
    assert not SpendLine.objects.exists()
    assert not MetricValue.objects.exists()
    assert Supplier.objects.count() == suppliers_before
    batch.refresh_from_db()
    assert batch.status == SpendBatch.Status.PREVIEWED


def test_the_lead_may_leave_the_listed_rows_out(setting, lead_a, org_a):
    data = file_bytes("run_together.csv").replace(b"/07/", b"/04/")
    batch = upload(lead_a, org_a, setting["period"], "run_together.csv", data)
    result = confirm(lead_a, batch, leave_out=True)
    assert result.lines == 2
    assert result.left_out == [4, 6, 7, 8]
    batch.refresh_from_db()
    assert batch.excluded_rows == [4, 6, 7, 8]
    assert batch.total == Decimal("1650.00")


def test_ambiguous_dates_are_confirmed_once_and_remembered(setting, lead_a, org_a):
    period = setting["period"]
    batch = upload(lead_a, org_a, period, "ambiguous_dates.csv")
    with pytest.raises(PortalError, match="confirm how the dates"):
        confirm(lead_a, batch)
    batch = services.spend_date_order(user=lead_a, batch=batch, date_order=MONTH_FIRST)
    confirm(lead_a, batch)
    dates = list(SpendLine.objects.order_by("row").values_list("date", flat=True))
    assert [d.isoformat() for d in dates] == ["2025-04-05", "2025-05-06", "2025-06-04"]
    again = upload(
        lead_a, org_a, period, "ambiguous.csv", file_bytes("ambiguous_dates.csv") + b"\n"
    )
    assert again.date_order == MONTH_FIRST
    assert not services.spend_plan(batch=again).date_order_needed


def test_a_column_mapping_is_remembered_by_the_headings(setting, lead_a, org_a):
    period = setting["period"]
    data = b"Payee,Sum paid,When,What\nDalston Joinery Ltd,100.00,01/04/2025,Wood\n"
    batch = upload(lead_a, org_a, period, "odd.csv", data)
    assert c.SUPPLIER in batch.mapping  # "Payee" is known
    plan = services.spend_plan(batch=batch)
    assert plan.lines == []  # no amount or date column recognised
    with pytest.raises(PortalError, match="amount"):
        services.spend_map(user=lead_a, batch=batch, mapping={c.SUPPLIER: 0, c.DATE: 2})
    with pytest.raises(PortalError, match="choose each column once"):
        services.spend_map(
            user=lead_a, batch=batch, mapping={c.SUPPLIER: 0, c.AMOUNT: 1, c.DATE: 1}
        )
    batch = services.spend_map(
        user=lead_a,
        batch=batch,
        mapping={c.SUPPLIER: 0, c.AMOUNT: 1, c.DATE: 2, c.CATEGORY: 3},
        date_order=DAY_FIRST,
    )
    confirm(lead_a, batch)
    assert SpendMapping.objects.get(organisation=org_a).mapping == {
        c.SUPPLIER: 0,
        c.AMOUNT: 1,
        c.DATE: 2,
        c.CATEGORY: 3,
    }
    later = upload(lead_a, org_a, period, "odd-may.csv", data.replace(b"100.00", b"200.00"))
    assert later.mapping == {c.SUPPLIER: 0, c.AMOUNT: 1, c.DATE: 2, c.CATEGORY: 3}
    assert services.spend_plan(batch=later).ok
    other = upload(lead_a, org_a, period, "other.csv", data.replace(b"What", b"Why"))
    assert c.AMOUNT not in other.mapping  # a different header is mapped afresh


def test_the_same_file_is_not_imported_twice(setting, lead_a, org_a):
    batch = upload(lead_a, org_a, setting["period"], "hand_worked.csv")
    confirm(lead_a, batch)
    with pytest.raises(PortalError, match="already imported"):
        upload(lead_a, org_a, setting["period"], "hand_worked.csv")


def test_a_stale_preview_is_refused(setting, lead_a, org_a):
    batch = upload(lead_a, org_a, setting["period"], "ambiguous_dates.csv")
    services.spend_date_order(user=lead_a, batch=batch, date_order=DAY_FIRST)
    digest = services.plan_digest(batch, services.spend_plan(batch=batch))  # before the change
    services.spend_date_order(user=lead_a, batch=batch, date_order=MONTH_FIRST)
    with pytest.raises(PortalError, match="changed since you opened"):
        services.spend_confirm(user=lead_a, batch=batch, digest=digest)
    assert not SpendLine.objects.exists()


def test_values_already_submitted_are_not_overwritten(setting, lead_a, org_a):
    period = setting["period"]
    submitted = ValueFactory(
        collaborative=org_a.collaborative,
        organisation=org_a,
        period=period,
        metric=setting["metrics"]["SME-SPEND"],
        value=None,
        numerator=Decimal("1"),
        denominator=Decimal("2"),
        state=MetricValue.State.SUBMITTED,
    )
    batch = upload(lead_a, org_a, period, "hand_worked.csv")
    result = confirm(lead_a, batch)
    assert ("SME-SPEND", "already submitted") in result.metrics_skipped
    submitted.refresh_from_db()
    assert (submitted.numerator, submitted.denominator) == (Decimal("1.00"), Decimal("2.00"))
    assert "LOC-SPEND" in result.metrics_written


def test_spend_adds_up_across_the_period_files(setting, lead_a, org_a):
    period = setting["period"]
    confirm(lead_a, upload(lead_a, org_a, period, "hand_worked.csv"))
    april = (
        b'Supplier Name,Amount,Date\nHackney Community Trust,"10,000.00",21/04/2025\n'
        b"Nobody Local Ltd,200.00,22/04/2025\n"
    )
    confirm(lead_a, upload(lead_a, org_a, period, "april-extra.csv", april))
    value = MetricValue.objects.get(organisation=org_a, metric__code="VCSE-SPEND")
    assert (value.numerator, value.denominator) == (Decimal("13500.00"), Decimal("50200.00"))


def test_dates_outside_the_period_are_errors(setting, lead_a, org_a):
    batch = upload(lead_a, org_a, setting["period"], "utf8_bom.csv")  # July and August
    plan = services.spend_plan(batch=batch)
    assert plan.error_rows == [2, 3, 4]
    assert "outside the period" in plan.errors[0].message


def test_only_the_organisations_own_lead_sponsor_or_facilitator_import(
    setting, lead_a, lead_b, sponsor_a, hwb_member, facilitator, org_a
):
    period = setting["period"]
    for user in (lead_b, hwb_member):
        with pytest.raises(PermissionDenied):
            upload(user, org_a, period, "hand_worked.csv")
    batch = upload(lead_a, org_a, period, "hand_worked.csv")
    with pytest.raises(PermissionDenied):
        confirm(lead_b, batch)
    assert upload(sponsor_a, org_a, period, "hand_worked.csv").pk
    assert upload(facilitator, org_a, period, "hand_worked.csv").pk


def test_a_closed_period_is_refused(setting, lead_a, org_a):
    closed = build_period(org_a.collaborative, financial_year=2024, quarter=4, state="closed")
    with pytest.raises(PortalError, match="closed"):
        upload(lead_a, org_a, closed, "hand_worked.csv")


def test_backslashes_tabs_and_line_breaks_are_stored_as_written(setting, lead_a, org_a):
    data = (
        b"Supplier,Amount,Date,Transaction Number,Service Area\n"
        b'"Back\\slash\tand  tab Ltd",10.00,13/04/2025,"TN\\1\t2","Adult\r\nCare"\n'
    )
    confirm(lead_a, upload(lead_a, org_a, setting["period"], "odd-names.csv", data))
    line = SpendLine.objects.select_related("supplier").get()
    assert line.supplier.name == "Back\\slash and tab Ltd"  # spaces in names are tidied
    assert line.supplier_name == "Back\\slash and tab Ltd"
    assert line.reference == "TN\\1\t2"
    assert line.department == "Adult\r\nCare"


def test_a_wrong_file_can_be_withdrawn_and_the_metrics_follow(setting, lead_a, lead_b, org_a):
    period = setting["period"]
    confirm(lead_a, upload(lead_a, org_a, period, "hand_worked.csv"))
    extra = b'Supplier Name,Amount,Date\nHackney Community Trust,"10,000.00",21/04/2025\n'
    wrong = upload(lead_a, org_a, period, "wrong.csv", extra)
    confirm(lead_a, wrong)
    value = MetricValue.objects.get(organisation=org_a, metric__code="VCSE-SPEND")
    assert (value.numerator, value.denominator) == (Decimal("13500.00"), Decimal("50000.00"))
    with pytest.raises(PermissionDenied):
        services.spend_withdraw(user=lead_b, batch=wrong)

    result = services.spend_withdraw(user=lead_a, batch=wrong)
    assert result.lines == 1
    assert not SpendBatch.objects.filter(pk=wrong.pk).exists()
    assert SpendBatch.history.filter(id=wrong.pk, history_type="-").get().history_user == lead_a
    assert SpendLine.objects.count() == 7
    value.refresh_from_db()
    assert (value.numerator, value.denominator) == (Decimal("3500.00"), Decimal("40000.00"))
    again = upload(lead_a, org_a, period, "wrong.csv", extra)  # may come back once corrected
    assert again.status == SpendBatch.Status.PREVIEWED


def test_files_checked_but_never_imported_are_pruned_after_two_days(setting, lead_a, org_a):
    period = setting["period"]
    old = upload(lead_a, org_a, period, "ambiguous_dates.csv")
    kept = upload(lead_a, org_a, period, "hand_worked.csv")
    confirm(lead_a, kept)
    SpendBatch.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    fresh = upload(lead_a, org_a, period, "month_first.csv")
    assert prune_spend_batches() == 1
    assert set(SpendBatch.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
