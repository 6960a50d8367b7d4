"""A small framework for the metrics tests: one amount metric, one ratio metric, open and closed
quarters, in the shared test collaborative (Alpha and Beta are its anchors)."""

import pytest

from metrics.models import Metric, ReportingPeriod
from tests.metrics.factories import MetricFactory, OutcomeFactory, PeriodFactory


@pytest.fixture
def outcome(collaborative):
    return OutcomeFactory(collaborative=collaborative, name="Local people get good jobs")


@pytest.fixture
def amount_metric(collaborative, outcome):
    return MetricFactory(
        collaborative=collaborative,
        outcome=outcome,
        code="APP-STARTS",
        name="Apprenticeship starts",
        unit=Metric.Unit.COUNT,
    )


@pytest.fixture
def ratio_metric(collaborative, outcome):
    return MetricFactory(
        collaborative=collaborative,
        outcome=outcome,
        code="LOC-SPEND",
        name="Local spend share",
        ratio=True,
    )


@pytest.fixture
def period(collaborative):
    """2025-26 Q1 (April to June 2025), open."""
    return PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=1)


@pytest.fixture
def closed_period(collaborative):
    """2024-25 Q4 (January to March 2025), closed."""
    return PeriodFactory(
        collaborative=collaborative,
        financial_year=2024,
        quarter=4,
        state=ReportingPeriod.State.CLOSED,
    )


@pytest.fixture
def framework(amount_metric, ratio_metric, period, closed_period, org_a, org_b):
    return {
        "amount": amount_metric,
        "ratio": ratio_metric,
        "period": period,
        "closed": closed_period,
    }
