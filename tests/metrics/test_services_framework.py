"""Framework writes: metrics with version notes, targets, reporting periods."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from metrics import services
from metrics.models import FrameworkVersion, Metric, ReportingPeriod, Target
from tests.metrics.factories import ValueFactory

pytestmark = pytest.mark.django_db


def _data(outcome, **overrides):
    data = {
        "code": "sme-spend",
        "name": "SME spend share",
        "definition": "Spend with SMEs over all spend.",
        "outcome": outcome,
        "unit": Metric.Unit.PERCENT,
        "kind": Metric.Kind.RATIO,
        "over_time": Metric.OverTime.FLOW,
        "direction": Metric.Direction.HIGHER,
        "numerator_label": "Spend with SMEs (£)",
        "denominator_label": "All spend (£)",
        "active": True,
        "order": 1,
    }
    data.update(overrides)
    return data


def test_facilitator_adds_a_metric_with_a_version_note(facilitator, collaborative, outcome):
    metric = services.metric_create(
        user=facilitator,
        collaborative=collaborative,
        data=_data(outcome),
        version_note="Add SME share, as agreed at the May workshop.",
    )
    assert metric.code == "SME-SPEND"
    version = FrameworkVersion.objects.get()
    assert version.number == 1
    assert metric.history.first().history_change_reason.startswith("Framework version 1")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"numerator_label": ""}, "numerator_label"),
        ({"kind": Metric.Kind.AMOUNT}, "kind"),  # a percentage must be a ratio
        (
            {"kind": Metric.Kind.AMOUNT, "unit": Metric.Unit.HOURS, "proxy_value": Decimal(12)},
            "proxy_source",
        ),
        (
            {
                "kind": Metric.Kind.AMOUNT,
                "unit": Metric.Unit.HOURS,
                "proxy_value": Decimal(12),
                "proxy_source": "National Living Wage",
            },
            "proxy_year",
        ),
        ({"proxy_value": Decimal(12), "proxy_source": "x", "proxy_year": 2025}, "proxy_value"),
    ],
)
def test_metric_rules(facilitator, collaborative, outcome, overrides, field):
    with pytest.raises(PortalError) as caught:
        services.metric_create(
            user=facilitator,
            collaborative=collaborative,
            data=_data(outcome, **overrides),
            version_note="note",
        )
    assert caught.value.field == field
    assert not Metric.objects.exists()
    assert not FrameworkVersion.objects.exists()


def test_version_note_is_required_and_codes_are_unique(facilitator, collaborative, amount_metric):
    with pytest.raises(PortalError) as caught:
        services.metric_create(
            user=facilitator,
            collaborative=collaborative,
            data=_data(amount_metric.outcome),
            version_note="  ",
        )
    assert caught.value.field == "version_note"
    with pytest.raises(PortalError, match="already uses the code"):
        services.metric_create(
            user=facilitator,
            collaborative=collaborative,
            data=_data(amount_metric.outcome, code="app-starts"),
            version_note="note",
        )


def test_code_is_frozen_once_values_exist(facilitator, framework, org_a):
    ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    with pytest.raises(PortalError) as caught:
        services.metric_update(
            user=facilitator,
            metric=framework["amount"],
            data={"code": "APPS"},
            version_note="rename",
            version=version_of(framework["amount"]),
        )
    assert caught.value.field == "code"


def test_only_the_facilitator_changes_the_framework(lead_a, sponsor_a, collaborative, outcome):
    for user in (lead_a, sponsor_a):
        with pytest.raises(PermissionDenied):
            services.metric_create(
                user=user, collaborative=collaborative, data=_data(outcome), version_note="x"
            )


def test_target_set_replaces_the_year_s_target(facilitator, ratio_metric, org_a):
    services.target_set(
        user=facilitator, metric=ratio_metric, financial_year=2025, value=Decimal(30)
    )
    services.target_set(
        user=facilitator, metric=ratio_metric, financial_year=2025, value=Decimal(35)
    )
    services.target_set(
        user=facilitator,
        metric=ratio_metric,
        financial_year=2025,
        value=Decimal(40),
        organisation=org_a,
    )
    assert sorted(Target.objects.values_list("value", flat=True)) == [35, 40]
    with pytest.raises(PortalError, match="100 or less"):
        services.target_set(
            user=facilitator, metric=ratio_metric, financial_year=2025, value=Decimal(140)
        )


def test_period_create_uses_uk_financial_quarters(facilitator, collaborative):
    period = services.period_create(
        user=facilitator, collaborative=collaborative, financial_year=2025, quarter=4
    )
    assert (period.start_date, period.end_date) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    assert period.deadline == datetime.date(2026, 4, 30)
    assert period.state == ReportingPeriod.State.OPEN
    with pytest.raises(PortalError, match="already a reporting period"):
        services.period_create(
            user=facilitator, collaborative=collaborative, financial_year=2025, quarter=4
        )
    with pytest.raises(PortalError) as caught:
        services.period_update(
            user=facilitator,
            period=period,
            deadline=datetime.date(2026, 3, 1),
            state=ReportingPeriod.State.CLOSED,
            version=version_of(period),
        )
    assert caught.value.field == "deadline"
    services.period_update(
        user=facilitator,
        period=period,
        deadline=datetime.date(2026, 5, 15),
        state=ReportingPeriod.State.CLOSED,
        version=version_of(period),
    )
    period.refresh_from_db()
    assert (period.deadline, period.state) == (datetime.date(2026, 5, 15), "closed")
