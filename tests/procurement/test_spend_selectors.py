"""Spend reads for the dashboard, the report and the local what-if: the figures per anchor per
period, top suppliers and flat per-supplier sums, each in one query whatever the number of
anchors."""

from decimal import Decimal

import pytest

from procurement.selectors import spend as selectors
from procurement.services import spend as services
from tests.anchors.factories import CollaborativeFactory
from tests.procurement.spend_world import build_metrics, build_period, build_register, file_bytes


@pytest.fixture
def imported(collaborative, org_a, org_b, lead_a, lead_b):
    suppliers = build_register(collaborative)
    build_metrics(collaborative)
    period = build_period(collaborative)
    for lead, organisation, data in (
        (lead_a, org_a, file_bytes("hand_worked.csv")),
        (
            lead_b,
            org_b,
            b"Supplier,Amount,Date\nPharma National plc,1000.00,13/04/2025\n"
            b"Dalston Joinery Ltd,3000.00,14/04/2025\n",
        ),
    ):
        batch = services.spend_upload(
            user=lead, organisation=organisation, period=period, name="spend.csv", data=data
        )
        plan = services.spend_plan(batch=batch)
        services.spend_confirm(user=lead, batch=batch, digest=services.plan_digest(batch, plan))
    return {"period": period, "suppliers": suppliers}


def test_shares_per_anchor_per_period(
    imported, collaborative, org_a, org_b, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = selectors.spend_shares(collaborative=collaborative)
    by_org = {row.organisation_id: row for row in rows}
    assert by_org[org_a.pk].total == Decimal("40000.00")
    assert by_org[org_b.pk].total == Decimal("4000.00")
    assert by_org[org_b.pk].local_share == Decimal("75.0")  # Dalston Joinery is in E8
    assert by_org[org_b.pk].vcse_share == Decimal("0.0")
    only_b = selectors.spend_shares(collaborative=collaborative, organisation_ids=[org_b.pk])
    assert [row.organisation_id for row in only_b] == [org_b.pk]


def test_the_anchors_together(imported, collaborative, django_assert_num_queries):
    with django_assert_num_queries(1):
        together = selectors.collaborative_figures(
            collaborative=collaborative, period=imported["period"]
        )
    assert together["total"] == Decimal("44000.00")
    assert together["local"] == Decimal("22000.00")
    assert together["local_share"] == Decimal("50.0")


def test_top_suppliers_leave_withheld_names_out(
    imported, collaborative, org_a, django_assert_num_queries
):
    with django_assert_num_queries(1):
        top = selectors.top_suppliers(collaborative=collaborative, period=imported["period"])
    assert [(row["supplier__name"], row["total"]) for row in top[:3]] == [
        ("Pharma National plc", Decimal("21000.00")),
        ("Dalston Joinery Ltd", Decimal("14500.00")),
        ("Hackney Community Trust", Decimal("3500.00")),
    ]
    assert all(row["supplier_id"] for row in top)
    own = selectors.top_suppliers(collaborative=collaborative, organisation=org_a, limit=1)
    assert own[0]["total"] == Decimal("20000.00")


def test_flat_sums_for_the_local_what_if(
    imported, collaborative, org_a, org_b, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = selectors.supplier_spend(collaborative=collaborative, period=imported["period"])
    pharma = imported["suppliers"]["Pharma National plc"]
    outside = {
        (r["organisation_id"], r["supplier_id"]): r["total"]
        for r in rows
        if not r["supplier__is_local"]
    }
    assert outside == {
        (org_a.pk, pharma.pk): Decimal("20000.00"),
        (org_b.pk, pharma.pk): Decimal("1000.00"),
    }
    with django_assert_num_queries(1):
        totals = selectors.organisation_totals(collaborative=collaborative)
    assert totals[org_a.pk] == {"total": Decimal("40000.00"), "local": Decimal("19000.00")}
    assert totals[org_b.pk] == {"total": Decimal("4000.00"), "local": Decimal("3000.00")}


def test_another_collaboratives_spend_is_never_read(imported, collaborative):
    other = CollaborativeFactory(name="Elsewhere")
    assert selectors.spend_shares(collaborative=other) == []
    assert selectors.top_suppliers(collaborative=other) == []
    assert selectors.supplier_spend(collaborative=other) == []
