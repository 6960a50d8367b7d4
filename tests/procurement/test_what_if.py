"""The local what-if (procurement.selectors.pipeline.local_what_if and its page): hand-worked
figures for re-letting expiring contracts held outside the area to local suppliers."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procurement.models import SpendBatch, SpendLine
from procurement.selectors.pipeline import local_what_if
from tests.metrics.factories import PeriodFactory
from tests.procurement.factories import SupplierFactory
from tests.procurement.pipeline_factories import PipelineItemFactory

pytestmark = pytest.mark.django_db


def _spend(collaborative, period, organisation, amounts):
    batch = SpendBatch.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        period=period,
        filename="spend.csv",
        size=1,
        sha256="0" * 64,
        parsed=b"",
        signature="x",
    )
    SpendLine.objects.bulk_create(
        SpendLine(
            collaborative=collaborative,
            batch=batch,
            organisation=organisation,
            period=period,
            row=row,
            date=datetime.date(2026, 5, 1),
            amount=Decimal(amount),
            supplier=supplier,
            supplier_name=supplier.name,
        )
        for row, (supplier, amount) in enumerate(amounts, start=2)
    )


@pytest.fixture
def hand_worked(collaborative, org_a, org_b):
    local = SupplierFactory(collaborative=collaborative, name="Local Ltd", is_local=True)
    far = SupplierFactory(
        collaborative=collaborative, name="Far Away plc", postcode="M1 2WD", is_local=False
    )
    other = SupplierFactory(
        collaborative=collaborative, name="Other Far Ltd", postcode="B3 2PF", is_local=False
    )
    unseen = SupplierFactory(
        collaborative=collaborative, name="Unseen Ltd", postcode="LS1 1AA", is_local=False
    )
    period = PeriodFactory(collaborative=collaborative, financial_year=2026, quarter=1)
    # Alpha: £1,000, of which £300 local. Beta: £1,000, of which £100 local.
    _spend(collaborative, period, org_a, [(local, 300), (far, 500), (other, 200)])
    _spend(collaborative, period, org_b, [(local, 100), (far, 400), (other, 500)])
    items = {
        "alpha far": PipelineItemFactory(organisation=org_a, incumbent_supplier=far),
        "beta far": PipelineItemFactory(organisation=org_b, incumbent_supplier=far),
        "alpha local": PipelineItemFactory(organisation=org_a, incumbent_supplier=local),
        "beta unseen": PipelineItemFactory(organisation=org_b, incumbent_supplier=unseen),
        "no incumbent": PipelineItemFactory(organisation=org_b),
    }
    return items


def test_what_if_figures_by_hand(collaborative, hand_worked):
    what_if = local_what_if(collaborative=collaborative)
    collab = what_if.collaborative
    assert (collab.total, collab.local, collab.moved) == (Decimal(2000), Decimal(400), Decimal(900))
    assert (collab.share_now, collab.share_if) == (Decimal("20.0"), Decimal("65.0"))
    assert [(a.share_now, a.share_if) for a in what_if.anchors] == [
        (Decimal("30.0"), Decimal("80.0")),  # Alpha: +£500 of £1,000
        (Decimal("10.0"), Decimal("50.0")),  # Beta: +£400 of £1,000
    ]
    assert [
        (c.item, c.spend, c.anchor_points, c.collaborative_points) for c in what_if.contracts
    ] == [
        (hand_worked["alpha far"], Decimal(500), Decimal("50.0"), Decimal("25.0")),
        (hand_worked["beta far"], Decimal(400), Decimal("40.0"), Decimal("20.0")),
    ]
    assert what_if.without_spend == [hand_worked["beta unseen"]]


def test_what_if_page(client_for, viewer, hand_worked):
    client = client_for(viewer)
    client.get(reverse("procurement:local_what_if"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("procurement:local_what_if"))
    html = response.content.decode()
    assert "<strong>20.0%</strong> now, <strong>65.0%</strong> if these 2 contracts" in html
    assert "Far Away plc" in html
    assert "+25.0 points" in html
    assert "Unseen Ltd" in html
    assert len(queries) <= 12
