"""The demo's local hiring: eight quarters of starters per anchor with real City & Hackney LSOAs
(their official deciles), one anchor sharing counts only, routes into work; loading twice adds
nothing."""

import datetime

import pytest

from anchors.models import Organisation
from tests.anchors.factories import OrganisationFactory
from tests.metrics.factories import PeriodFactory
from workforce.demo.hiring import COUNTS_ONLY, load_hiring
from workforce.models import LsoaDeprivation, RouteActivity, Starter, StarterCount

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


def test_demo_hiring_loads_once_with_real_lsoas(collaborative):
    for name in ("ELFT", "Hackney Council", COUNTS_ONLY):
        OrganisationFactory(
            collaborative=collaborative,
            name=name,
            short_name=name,
            role=Organisation.CollaborativeRole.CORE_ANCHOR,
        )
    for n in range(10):
        PeriodFactory(collaborative=collaborative, financial_year=2024 + n // 4, quarter=n % 4 + 1)
    load_hiring(collaborative, today=TODAY)
    rows, counts = Starter.objects.count(), StarterCount.objects.count()
    assert rows > 100
    assert counts == 8  # NEL ICB: a count for each of the eight quarters, no rows
    assert not Starter.objects.filter(organisation__short_name=COUNTS_ONLY).exists()
    assert Starter.objects.values("period").distinct().count() == 8
    official = dict(
        LsoaDeprivation.objects.filter(edition__code="2019").values_list(
            "lsoa_code", "district_code"
        )
    )
    local = Starter.objects.filter(in_area=True)
    assert local.exists()
    for starter in local:
        assert official[starter.home_lsoa] in ("E09000001", "E09000012")
        assert starter.edition.code == "2019"
    assert RouteActivity.objects.exists()
    load_hiring(collaborative, today=TODAY)
    assert (Starter.objects.count(), StarterCount.objects.count()) == (rows, counts)
