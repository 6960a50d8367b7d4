"""The demo: a starter framework, eight quarters with realistic gaps, targets; safe to rerun."""

import datetime
import io

import pytest
from django.core.management import call_command

from anchors import demo as anchors_demo
from metrics import demo
from metrics.models import FrameworkVersion, Metric, MetricValue, ReportingPeriod, Target

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def _counts():
    return (
        Metric.objects.count(),
        ReportingPeriod.objects.count(),
        MetricValue.objects.count(),
        Target.objects.count(),
        FrameworkVersion.objects.count(),
        MetricValue.history.count(),
    )


def test_demo_loads_once_and_again_changes_nothing():
    collaborative = anchors_demo.load_into()
    demo.load(collaborative=collaborative, today=TODAY)
    first = _counts()
    demo.load(collaborative=collaborative, today=TODAY)
    assert _counts() == first
    metrics, periods, values, targets, versions, _ = first
    assert metrics == 15
    assert periods == 9  # eight reported quarters and the current one
    assert targets > 0
    assert versions == 1
    assert 0 < values < 6 * 15 * 8  # some values are missing on purpose


def test_demo_has_returned_late_and_missing_values():
    collaborative = anchors_demo.load_into()
    demo.load(collaborative=collaborative, today=TODAY)
    S = MetricValue.State
    returned = MetricValue.objects.get(state=S.RETURNED)
    assert returned.return_reason
    assert {S.VERIFIED, S.SUBMITTED, S.DRAFT} <= set(
        MetricValue.objects.values_list("state", flat=True)
    )
    late = [
        v
        for v in MetricValue.objects.exclude(first_submitted_at=None).select_related("period")
        if v.first_submitted_at.date() > v.period.deadline
    ]
    assert late
    for metric in Metric.objects.filter(proxy_value__isnull=False):
        assert metric.proxy_source
        assert metric.proxy_year


def test_load_demo_command_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo", "--quiet-logins", stdout=io.StringIO())
    assert _counts()[:5] == first[:5]
