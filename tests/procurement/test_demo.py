"""The procurement demo (part A): the six anchors' positions with histories, 60 suppliers with
passports and buyers, engagement events and the City & Hackney area; safe to rerun."""

import datetime

import pytest

from anchors import demo as anchors_demo
from procurement.demo.resources import load_resources
from procurement.demo.status import load_status
from procurement.demo.suppliers import load_suppliers
from procurement.models import (
    AreaDistrict,
    EngagementEvent,
    Opportunity,
    OrganisationStatus,
    PassportItem,
    Resource,
    ResourceVersion,
    Supplier,
)
from procurement.selectors import status as status_selectors
from procurement.selectors import suppliers as supplier_selectors

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def _counts():
    return (
        OrganisationStatus.objects.count(),
        OrganisationStatus.history.count(),
        Supplier.objects.count(),
        PassportItem.objects.count(),
        EngagementEvent.objects.count(),
        AreaDistrict.objects.count(),
        Resource.objects.count(),
        ResourceVersion.objects.count(),
    )


def test_demo_loads_once_and_again_changes_nothing():
    collaborative = anchors_demo.load_into()
    load_status(collaborative, today=TODAY)
    load_suppliers(collaborative, today=TODAY)
    load_resources(collaborative)
    first = _counts()
    load_status(collaborative, today=TODAY)
    load_suppliers(collaborative, today=TODAY)
    load_resources(collaborative)
    assert _counts() == first

    assert Opportunity.objects.filter(collaborative=collaborative).count() == 3
    matrix = status_selectors.status_matrix(collaborative=collaborative)
    assert len(matrix.rows) == 6
    assert len(matrix.columns) == 6
    assert matrix.missing_count == 2  # the GP Confederation has not started two opportunities
    assert 0 < matrix.stale_count < 12
    statuses, history = first[:2]
    assert history > statuses  # positions moved over time

    base = supplier_selectors.supplier_base(collaborative=collaborative)
    assert base["total"] == 60
    assert 20 < base["local"] < 45
    assert base["vcse"] > 5
    gaps = supplier_selectors.passport_gaps(
        Supplier.objects.filter(collaborative=collaborative).values_list("pk", flat=True)
    )
    assert any(gaps.values())
    assert not all(gaps.values())
    assert EngagementEvent.objects.filter(collaborative=collaborative).count() == 3
    assert first[-2:] == (3, 4)  # three documents, one of them in two versions
