"""The spend demo: one quarter of spend per anchor, imported through the spend import (files in
several published shapes), shares written to the metrics; safe to rerun."""

import datetime

import pytest

from anchors import demo as anchors_demo
from metrics import demo as metrics_demo
from procurement.demo.spend import load_spend
from procurement.demo.suppliers import load_suppliers
from procurement.models import SpendBatch, SpendLine, Supplier
from procurement.selectors import spend as selectors

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def test_one_quarter_of_spend_per_anchor_and_rerunning_changes_nothing():
    collaborative = anchors_demo.load_into()
    metrics_demo.load(collaborative=collaborative, today=TODAY)
    load_suppliers(collaborative, today=TODAY)
    message = load_spend(collaborative, today=TODAY)
    assert message.startswith("Spend: 6 anchor file(s) for 2026/27 Q2")
    counts = (SpendBatch.objects.count(), SpendLine.objects.count(), Supplier.objects.count())
    assert load_spend(collaborative, today=TODAY).startswith("Spend: 0 anchor file(s)")
    assert (SpendBatch.objects.count(), SpendLine.objects.count(), Supplier.objects.count()) == (
        counts
    )

    figures = selectors.spend_shares(collaborative=collaborative)
    assert len(figures) == 6
    assert {f.period for f in figures} == {"2026/27 Q2"}
    for row in figures:
        assert 20 < row.local_share < 90
        assert row.redacted > 0  # withheld names counted in the total
    assert SpendLine.objects.filter(redacted=True, supplier__isnull=True).count() == 12
    assert Supplier.objects.filter(needs_review=True, company_number="03529700").exists()
    assert SpendLine.objects.filter(amount__lt=0).count() == 6  # one credit note each
    assert all(b.metrics_note for b in SpendBatch.objects.all())
