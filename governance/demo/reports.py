"""Demo quarterly reports: the last complete quarter's report published (its figures frozen and
its PDF made by the task), and a draft for the current quarter."""

import datetime

from django.utils import timezone

from anchors.common.locking import version_of
from anchors.models import Person, Role
from governance.models import Report
from governance.services.reports import report_create, report_publish, report_update
from metrics.models import ReportingPeriod
from metrics.models.periods import quarter_of

NARRATIVE = {
    "progress": "The procurement workstream met every six weeks this quarter; the rotating "
    "apprenticeship pilot is still paused until it has a senior sponsor in each anchor.",
    "metrics": "The common social value metrics are now reported by every core anchor.",
    "q1": "Agree the governance structure below, with a named senior sponsor in each anchor, and "
    "review the escalations waiting for a decision at each board meeting.",
    "q2": "The three shared objectives: local spend, local jobs from deprived areas, and carbon.",
    "q3": "The metrics against targets, with their social value, reported the same way by every "
    "anchor each quarter.",
    "q4": "Under the Health and Wellbeing Board, through the anchor senior leaders' board.",
    "q5": "The delegated-authority register names, for each anchor, who can commit it.",
}


def _period(collaborative, year, quarter):
    period = ReportingPeriod.objects.filter(
        collaborative=collaborative, financial_year=year, quarter=quarter
    ).first()
    if period is None:
        period = ReportingPeriod(collaborative=collaborative, financial_year=year, quarter=quarter)
        period.clean()
        period.deadline = period.end_date + datetime.timedelta(days=30)
        period.save()
    return period


def load(*, collaborative, stdout=None, today=None):
    today = today or timezone.localdate()
    if Report.objects.filter(collaborative=collaborative).exists():
        return
    facilitator = (
        Person.objects.filter(
            collaborative=collaborative,
            memberships__role=Role.FACILITATOR,
            user__isnull=False,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if facilitator is None:
        return
    user = facilitator.user
    year, quarter = quarter_of(today)
    current = _period(collaborative, year, quarter)
    last_year, last_quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    last = _period(collaborative, last_year, last_quarter)
    published = report_create(user=user, collaborative=collaborative, period=last)
    published = report_update(
        user=user,
        report=published,
        title=published.title,
        narrative=NARRATIVE,
        version=version_of(published),
    )
    report_publish(user=user, report=published, version=version_of(published))
    report_create(user=user, collaborative=collaborative, period=current)
    if stdout is not None:
        stdout.write(
            f"Reports: {last.short_label} published (PDF made by the task), "
            f"{current.short_label} drafted."
        )
