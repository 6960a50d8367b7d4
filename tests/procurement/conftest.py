"""The status matrix's columns for the procurement tests: two themes and one opportunity in the
shared test collaborative (Alpha and Beta are its anchors)."""

import pytest

from tests.anchors.factories import ThemeFactory
from tests.procurement.factories import OpportunityFactory


@pytest.fixture
def net_zero(collaborative):
    return ThemeFactory(collaborative=collaborative, name="Net Zero")


@pytest.fixture
def social_value(collaborative):
    return ThemeFactory(collaborative=collaborative, name="Social Value")


@pytest.fixture
def engaging(collaborative):
    return OpportunityFactory(collaborative=collaborative, name="Collectively engaging suppliers")


@pytest.fixture
def columns(net_zero, social_value, engaging):
    return [net_zero, social_value, engaging]
