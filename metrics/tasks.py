"""Celery tasks: deadline reminders (daily, see CELERY_BEAT_SCHEDULE) and return notices."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from anchors.models import Membership
from anchors.models.core import LEAD_ROLES


@shared_task(name="metrics.send_deadline_reminders")
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind leads 7 and 2 days before a deadline; safe to run any number of times a day."""
    from metrics.services import reminders_send

    return reminders_send(today=datetime.date.fromisoformat(today) if today else None)


@shared_task(name="metrics.notify_value_returned")
def notify_value_returned(value_id: int) -> int:
    """Tell the organisation's leads (and whoever submitted) why a value came back."""
    from metrics.models import MetricValue

    value = (
        MetricValue.objects.select_related("metric", "period", "organisation", "submitted_by")
        .filter(pk=value_id, state=MetricValue.State.RETURNED)
        .first()
    )
    if value is None:
        return 0
    emails = set(
        Membership.objects.filter(organisation=value.organisation, role__in=LEAD_ROLES)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    if value.submitted_by and value.submitted_by.email:
        emails.add(value.submitted_by.email)
    if not emails:
        return 0
    url = settings.SITE_URL.rstrip("/") + reverse("metrics:value_detail", args=[value.pk])
    send_mail(
        subject=f"{value.metric.code} for {value.period.short_label} was returned for revision",
        message=render_to_string("metrics/email/returned.txt", {"value": value, "url": url}),
        from_email=None,
        recipient_list=sorted(emails),
    )
    return len(emails)


@shared_task(name="metrics.prune_import_batches")
def prune_import_batches() -> int:
    """Uploads previewed but never imported are kept two days, then deleted."""
    from metrics.services import import_batches_prune

    return import_batches_prune()
