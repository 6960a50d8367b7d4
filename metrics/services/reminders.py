"""Deadline reminders: leads whose organisation still has values to submit, 7 and 2 days out."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from anchors.common.tasks import enqueue
from anchors.models import Membership, Organisation
from anchors.models.core import LEAD_ROLES
from metrics.models import Metric, MetricValue, ReminderLog, ReportingPeriod

REMINDER_DAYS = (7, 2)


@transaction.atomic
def reminders_send(*, today: datetime.date | None = None) -> int:
    """Email each lead with values missing for an open period due in 7 or 2 days.

    A system job (no user): at most one email per lead per day however often it runs, because
    each send is recorded in ReminderLog under a unique (person, day) constraint first.
    """
    today = today or timezone.localdate()
    due_dates = [today + datetime.timedelta(days=days) for days in REMINDER_DAYS]
    periods = list(
        ReportingPeriod.objects.filter(
            state=ReportingPeriod.State.OPEN, deadline__in=due_dates
        ).select_related("collaborative")
    )
    if not periods:
        return 0
    collaborative_ids = {p.collaborative_id for p in periods}
    expected = dict(
        Metric.objects.filter(collaborative_id__in=collaborative_ids, active=True)
        .values("collaborative_id")
        .annotate(n=Count("id"))
        .values_list("collaborative_id", "n")
    )
    counted = {
        (row["period_id"], row["organisation_id"]): row["n"]
        for row in MetricValue.objects.filter(
            period__in=periods, state__in=MetricValue.COUNTED, metric__active=True
        )
        .values("period_id", "organisation_id")
        .annotate(n=Count("id"))
    }
    leads = (
        Membership.objects.filter(
            collaborative_id__in=collaborative_ids,
            role__in=LEAD_ROLES,
            organisation__active=True,
            organisation__role=Organisation.CollaborativeRole.CORE_ANCHOR,
        )
        .exclude(person__email="")
        .select_related("person", "organisation")
        .order_by("person_id", "organisation__name")
    )
    periods_of = defaultdict(list)
    for period in periods:
        periods_of[period.collaborative_id].append(period)
    # person -> {(period, organisation): missing}; a lead holding two roles is reminded once.
    owed = defaultdict(dict)
    people = {}
    for membership in leads:
        organisation = membership.organisation
        for period in periods_of[membership.collaborative_id]:
            missing = expected.get(period.collaborative_id, 0) - counted.get(
                (period.pk, organisation.pk), 0
            )
            if missing > 0:
                owed[membership.person_id][(period, organisation)] = missing
                people[membership.person_id] = membership.person
    already = set(
        ReminderLog.objects.filter(sent_on=today, person_id__in=list(owed)).values_list(
            "person_id", flat=True
        )
    )
    sent = 0
    for person_id, owed_items in owed.items():
        if person_id in already:
            continue
        items = [(period, org, missing) for (period, org), missing in owed_items.items()]
        person = people[person_id]
        context = {
            "person": person,
            "items": [
                {
                    "period": period,
                    "organisation": organisation,
                    "missing": missing,
                    "days": (period.deadline - today).days,
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse("metrics:submit", args=[period.pk])
                    + f"?organisation={organisation.pk}",
                }
                for period, organisation, missing in items
            ],
        }
        body = render_to_string("metrics/email/reminder.txt", context)
        ReminderLog.objects.create(
            collaborative_id=person.collaborative_id,
            person=person,
            sent_on=today,
            email=person.email,
            summary=body,
        )
        first = items[0][0]
        subject = f"Metric values due by {first.deadline:%-d %B %Y}"
        # Through the outbox, in this transaction with the log row (see anchors.common.tasks).
        enqueue(
            "outbox.send_email",
            subject,
            body,
            [person.email],
            key=f"metric-reminder:{person.pk}:{today.isoformat()}",
        )
        sent += 1
    return sent


def value_returned_notify(*, value_id: int) -> int:
    """Tell the organisation's leads (and whoever submitted) why a value came back; the number
    of people emailed. Nothing is sent if the value is no longer returned."""
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
