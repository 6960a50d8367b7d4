"""Aggregation: Σ numerator ÷ Σ denominator, sums, change, targets, RAG and social value."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest

from metrics import selectors
from metrics.models import Metric, MetricValue, ReportingPeriod
from tests.anchors.factories import OrganisationFactory
from tests.metrics.factories import MetricFactory, PeriodFactory, TargetFactory, ValueFactory

pytestmark = pytest.mark.django_db
S = MetricValue.State


def _value(metric, org, period, state=S.SUBMITTED, **figures):
    return ValueFactory(metric=metric, organisation=org, period=period, state=state, **figures)


def test_ratio_is_sum_of_numerators_over_sum_of_denominators(framework, org_a, org_b):
    ratio, period = framework["ratio"], framework["period"]
    # Alpha: 50 of 100 (50%). Beta: 100 of 1,000 (10%).
    _value(ratio, org_a, period, numerator=Decimal(50), denominator=Decimal(100))
    _value(ratio, org_b, period, numerator=Decimal(100), denominator=Decimal(1000))
    summary = selectors.metric_summary(metric=ratio)
    point = summary.point
    averaged = (Decimal(50) + Decimal(10)) / 2  # 30%: what averaging percentages would say
    assert point.figure.numerator == Decimal(150)
    assert point.figure.denominator == Decimal(1100)
    assert point.value == Decimal(150) / Decimal(1100) * 100  # 13.6%
    assert round(point.value, 1) == Decimal("13.6")
    assert point.value != averaged


def test_amounts_are_summed_and_only_submitted_values_count(framework, org_a, org_b, facilitator):
    amount, period = framework["amount"], framework["period"]
    _value(amount, org_a, period, value=Decimal(12))
    _value(amount, org_b, period, state=S.VERIFIED, value=Decimal(30), verified_by=facilitator)
    other = OrganisationFactory(collaborative=amount.collaborative, short_name="Gamma")
    _value(amount, other, period, state=S.DRAFT, value=Decimal(1000))
    point = selectors.metric_summary(metric=amount).point
    assert point.value == Decimal(42)
    assert (point.reporting, point.verified) == (2, 1)


def test_returned_values_are_left_out(framework, org_a):
    _value(
        framework["amount"],
        org_a,
        framework["period"],
        state=S.RETURNED,
        value=Decimal(5),
        return_reason="Check it",
    )
    point = selectors.metric_summary(metric=framework["amount"]).point
    assert (point.reporting, point.value) == (0, None)


def test_change_on_previous_quarter_and_same_quarter_last_year(collaborative, amount_metric, org_a):
    quarters = {
        (2024, 1): 10,
        (2024, 4): 20,
        (2025, 1): 26,
    }
    periods = {}
    for (year, quarter), figure in quarters.items():
        periods[(year, quarter)] = PeriodFactory(
            collaborative=collaborative, financial_year=year, quarter=quarter
        )
        _value(amount_metric, org_a, periods[(year, quarter)], value=Decimal(figure))
    summary = selectors.metric_summary(metric=amount_metric, period_id=periods[(2025, 1)].pk)
    point = summary.point
    assert point.change_previous == Decimal(6)  # against 2024-25 Q4
    assert point.change_last_year == Decimal(16)  # against 2024-25 Q1
    (row,) = [r for r in summary.breakdown if r.organisation == org_a]
    assert (row.value, row.change_previous, row.change_last_year) == (26, 6, 16)


def test_ratio_change_is_in_percentage_points(collaborative, ratio_metric, org_a):
    first = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=1)
    second = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=2)
    _value(ratio_metric, org_a, first, numerator=Decimal(20), denominator=Decimal(100))
    _value(ratio_metric, org_a, second, numerator=Decimal(30), denominator=Decimal(100))
    point = selectors.metric_summary(metric=ratio_metric, period_id=second.pk).point
    assert point.change_previous == Decimal(10)


def test_social_value_uses_the_proxy(collaborative, outcome, org_a, period):
    metric = MetricFactory(
        collaborative=collaborative,
        outcome=outcome,
        unit=Metric.Unit.HOURS,
        proxy_value=Decimal("12.21"),
        proxy_source="National Living Wage 2025",
        proxy_year=2025,
    )
    _value(metric, org_a, period, value=Decimal(100))
    assert selectors.metric_summary(metric=metric).point.social_value == Decimal("1221.00")


def _two_quarters(collaborative, metric, org, figures):
    periods = []
    for quarter, kwargs in enumerate(figures, start=1):
        period = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=quarter)
        _value(metric, org, period, **kwargs)
        periods.append(period)
    return periods


def test_flow_target_is_pro_rata_with_the_rule_shown(collaborative, amount_metric, org_a):
    periods = _two_quarters(
        collaborative, amount_metric, org_a, [{"value": Decimal(20)}, {"value": Decimal(28)}]
    )
    TargetFactory(metric=amount_metric, financial_year=2025, value=Decimal(100))
    summary = selectors.metric_summary(metric=amount_metric, period_id=periods[1].pk)
    (progress,) = summary.targets
    # 48 so far against 100 × 2/4 = 50 expected: within 10% below, so amber.
    assert progress.actual == Decimal(48)
    assert progress.expected == Decimal(50)
    assert progress.status == "amber"
    assert "pro rata to Q2" in progress.rule
    assert "amber up to 10% below" in progress.rule


def test_ratio_target_uses_the_year_to_date_ratio(collaborative, ratio_metric, org_a, org_b):
    periods = _two_quarters(
        collaborative,
        ratio_metric,
        org_a,
        [
            {"numerator": Decimal(10), "denominator": Decimal(100)},
            {"numerator": Decimal(90), "denominator": Decimal(100)},
        ],
    )
    TargetFactory(metric=ratio_metric, financial_year=2025, value=Decimal(40))
    TargetFactory(metric=ratio_metric, financial_year=2025, value=Decimal(60), organisation=org_b)
    summary = selectors.metric_summary(metric=ratio_metric, period_id=periods[1].pk)
    collective, beta = summary.targets
    assert collective.actual == Decimal(50)  # 100 of 200 over Q1 and Q2
    assert collective.status == "green"
    assert (beta.label, beta.actual, beta.status) == ("Beta", None, "none")


def test_lower_is_better_target(collaborative, outcome, org_a):
    metric = MetricFactory(
        collaborative=collaborative,
        outcome=outcome,
        unit=Metric.Unit.TCO2E,
        direction=Metric.Direction.LOWER,
    )
    period = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=4)
    _value(metric, org_a, period, value=Decimal(1200))
    TargetFactory(metric=metric, financial_year=2025, value=Decimal(1000))
    (progress,) = selectors.metric_summary(metric=metric).targets
    assert progress.status == "red"  # 1,200 is more than 10% above 1,000
    assert progress.rule.startswith("Green at or below")


def test_position_metrics_use_the_latest_quarter(collaborative, outcome, org_a, org_b):
    metric = MetricFactory(
        collaborative=collaborative,
        outcome=outcome,
        unit=Metric.Unit.FTE,
        over_time=Metric.OverTime.STOCK,
    )
    periods = _two_quarters(
        collaborative, metric, org_a, [{"value": Decimal(500)}, {"value": Decimal(520)}]
    )
    TargetFactory(metric=metric, financial_year=2025, value=Decimal(510))
    TargetFactory(metric=metric, financial_year=2025, value=Decimal(500), organisation=org_a)
    summary = selectors.metric_summary(metric=metric, period_id=periods[1].pk)
    collective, alpha = summary.targets
    assert (collective.actual, collective.status) == (Decimal(520), "green")
    assert (alpha.actual, alpha.status) == (Decimal(520), "green")


def test_completion_counts_late_and_missing(framework, org_a, org_b):

    period = framework["period"]
    late = selectors.late_after(period) + timedelta(days=2, hours=10)
    on_time = selectors.late_after(period) - timedelta(minutes=1)
    _value(framework["amount"], org_a, period, first_submitted_at=late, submitted_at=late)
    _value(framework["amount"], org_b, period, first_submitted_at=on_time, submitted_at=on_time)
    rows = {r.organisation.short_name: r for r in selectors.period_completion(period=period)}
    assert (rows["Alpha"].counted, rows["Alpha"].missing, rows["Alpha"].late) == (1, 1, 1)
    assert (rows["Beta"].counted, rows["Beta"].missing, rows["Beta"].late) == (1, 1, 0)
    (value,) = selectors.with_days_late(selectors.late_submissions(period=period), period=period)
    assert value.days_late == 3


def test_the_current_period_is_the_one_being_collected_not_an_earlier_one_left_open(collaborative):
    """ "Submit values" opens the quarter being collected now, even when an earlier quarter is
    still open for late values (its deadline passed)."""
    today = datetime.date(2025, 10, 20)
    earlier = PeriodFactory(
        collaborative=collaborative,
        financial_year=2025,
        quarter=1,
        deadline=datetime.date(2025, 7, 30),
    )
    now = PeriodFactory(
        collaborative=collaborative,
        financial_year=2025,
        quarter=2,
        deadline=datetime.date(2025, 10, 30),
    )
    PeriodFactory(
        collaborative=collaborative,
        financial_year=2024,
        quarter=4,
        state=ReportingPeriod.State.CLOSED,
    )
    assert selectors.current_period(collaborative=collaborative, today=today) == now
    # Once every open period is past its deadline, the latest open one.
    assert (
        selectors.current_period(collaborative=collaborative, today=datetime.date(2025, 11, 5))
        == now
    )
    now.state = ReportingPeriod.State.CLOSED
    now.save()
    assert selectors.current_period(collaborative=collaborative, today=today) == earlier


def test_a_periods_completeness_leaves_out_a_retired_metrics_values(
    framework, org_a, org_b, facilitator
):
    period, collaborative = framework["period"], framework["period"].collaborative
    _value(framework["amount"], org_a, period)
    _value(
        framework["ratio"],
        org_a,
        period,
        state=S.VERIFIED,
        verified_by=facilitator,
        value=None,
        numerator=1,
        denominator=2,
    )
    _value(
        framework["ratio"],
        org_b,
        period,
        state=S.RETURNED,
        return_reason="Check it",
        value=None,
        numerator=1,
        denominator=2,
    )
    (before,) = selectors.with_completion([period], collaborative=collaborative)
    assert (before.counted, before.verified, before.returned) == (2, 1, 1)
    assert before.expected == 2 * 2
    Metric.objects.filter(pk=framework["ratio"].pk).update(active=False)
    (after,) = selectors.with_completion([period], collaborative=collaborative)
    assert (after.counted, after.verified, after.returned, after.expected) == (1, 0, 0, 2)
    assert after.percent == 50
