"""Deadline reminders: 7 and 2 days before, only to leads with values missing, once a day."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from metrics.models import ImportBatch, MetricValue, ReminderLog, ReportingPeriod
from metrics.tasks import prune_import_batches, send_deadline_reminders
from tests.metrics.factories import MetricFactory, PeriodFactory, ValueFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 20)


@pytest.fixture
def due(collaborative, amount_metric, ratio_metric, org_a, org_b, lead_a, lead_b):
    """2025-26 Q1, due in 7 days; Beta has submitted everything, Alpha nothing."""
    period = PeriodFactory(
        collaborative=collaborative,
        financial_year=2025,
        quarter=1,
        deadline=TODAY + datetime.timedelta(days=7),
    )
    for metric in (amount_metric, ratio_metric):
        ValueFactory(
            metric=metric, organisation=org_b, period=period, state=MetricValue.State.SUBMITTED
        )
    return period


def _run(today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return send_deadline_reminders.delay(today=today.isoformat()).get()


def test_seven_days_out_the_lead_with_missing_values_is_emailed(
    due, django_capture_on_commit_callbacks
):
    assert _run(TODAY, django_capture_on_commit_callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["lead.a@example.org"]
    assert "Alpha Council has 2 metric values still to submit" in message.body
    assert "in 7 days" in message.body
    assert f"{settings.SITE_URL.rstrip('/')}/metrics/submit/{due.pk}/" in message.body


def test_running_again_the_same_day_sends_nothing(due, django_capture_on_commit_callbacks):
    _run(TODAY, django_capture_on_commit_callbacks)
    assert _run(TODAY, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_two_days_out_it_reminds_again_and_other_days_not(due, django_capture_on_commit_callbacks):
    _run(TODAY, django_capture_on_commit_callbacks)
    assert _run(TODAY + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert _run(TODAY + datetime.timedelta(days=5), django_capture_on_commit_callbacks) == 1
    assert "in 2 days" in mail.outbox[-1].body
    assert len(mail.outbox) == 2


def test_closed_periods_send_no_reminders(due, django_capture_on_commit_callbacks):
    ReportingPeriod.objects.filter(pk=due.pk).update(state=ReportingPeriod.State.CLOSED)
    assert _run(TODAY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_drafts_still_count_as_missing(
    due, amount_metric, org_a, django_capture_on_commit_callbacks
):
    ValueFactory(metric=amount_metric, organisation=org_a, period=due)
    _run(TODAY, django_capture_on_commit_callbacks)
    assert "2 metric values still to submit" in mail.outbox[0].body


def test_the_task_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["metrics-deadline-reminders"]
    assert entry["task"] == "metrics.send_deadline_reminders"


def test_previewed_uploads_are_pruned_after_two_days(collaborative):

    def batch(name, status):
        return ImportBatch.objects.create(
            collaborative=collaborative,
            filename=name,
            content=b"x",
            size=1,
            sha256="0" * 64,
            status=status,
        )

    old_preview = batch("old.csv", ImportBatch.Status.PREVIEWED)
    old_import = batch("imported.csv", ImportBatch.Status.IMPORTED)
    fresh = batch("fresh.csv", ImportBatch.Status.PREVIEWED)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    ImportBatch.objects.filter(pk__in=[old_preview.pk, old_import.pk]).update(
        created_at=three_days_ago
    )
    assert prune_import_batches.delay().get() == 1
    assert set(ImportBatch.objects.values_list("filename", flat=True)) == {
        "imported.csv",
        "fresh.csv",
    }
    assert fresh.pk


def test_values_of_a_retired_metric_do_not_hide_missing_ones(
    due, collaborative, org_a, django_capture_on_commit_callbacks
):
    """Alpha submits only a metric that is no longer collected: both current ones are owed."""

    retired = MetricFactory(collaborative=collaborative, code="OLD-ONE", active=False)
    ValueFactory(metric=retired, organisation=org_a, period=due, state=MetricValue.State.SUBMITTED)
    assert _run(TODAY, django_capture_on_commit_callbacks) == 1
    (message,) = mail.outbox
    assert "Alpha Council has 2 metric values still to submit" in message.body
