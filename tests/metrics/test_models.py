"""Rules the database itself holds, and UK financial quarters."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from metrics.models import MetricValue
from metrics.models.periods import parse_period_code, period_code, quarter_dates, quarter_of
from tests.anchors.factories import CollaborativeFactory
from tests.metrics.factories import MetricFactory, ValueFactory

pytestmark = pytest.mark.django_db
S = MetricValue.State


def _refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueFactory(**kwargs)


def test_one_value_per_organisation_metric_and_period(framework, org_a):
    ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    _refused(metric=framework["amount"], organisation=org_a, period=framework["period"])


def test_ratio_figures_are_held_by_the_database(framework, org_a):
    common = {"metric": framework["ratio"], "organisation": org_a, "period": framework["period"]}
    _refused(**common, numerator=Decimal(5), denominator=Decimal(4))
    _refused(**common, numerator=Decimal(1), denominator=Decimal(0))
    _refused(**common, numerator=Decimal(1), denominator=None)
    _refused(**common, value=Decimal(1), numerator=Decimal(1), denominator=Decimal(2))


def test_returned_needs_a_reason_and_verified_needs_someone_else(framework, org_a, lead_a):
    common = {"metric": framework["amount"], "organisation": org_a, "period": framework["period"]}
    _refused(**common, state=S.RETURNED, return_reason="")
    _refused(**common, state=S.VERIFIED, verified_by=None)
    _refused(**common, state=S.VERIFIED, submitted_by=lead_a, verified_by=lead_a)


def test_metric_codes_are_unique_per_collaborative(framework):
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricFactory(collaborative=framework["amount"].collaborative, code="APP-STARTS")
    MetricFactory(collaborative=CollaborativeFactory(), code="APP-STARTS")  # another partnership


def test_uk_financial_quarters():
    assert quarter_dates(2025, 1) == (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert quarter_dates(2025, 3) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert quarter_dates(2025, 4) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert quarter_of(datetime.date(2026, 2, 14)) == (2025, 4)
    assert quarter_of(datetime.date(2026, 4, 1)) == (2026, 1)
    assert period_code(2025, 1) == "2025-26-Q1"
    assert period_code(2099, 4) == "2099-00-Q4"
    assert parse_period_code("2025/26 q2") == (2025, 2)
    assert parse_period_code("2025-27-Q1") is None
    assert parse_period_code("Q1 2025") is None


def test_period_label_and_dates_follow_the_quarter(period):
    assert period.label == "2025/26 Q1 (Apr–Jun 2025)"
    assert (period.start_date, period.end_date) == quarter_dates(2025, 1)
