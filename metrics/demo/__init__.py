"""Demo shared measurement: a starter framework of 15 metrics, eight quarters of illustrative
values for the six core anchors (with realistic gaps, late and returned values), and targets.

The framework's definitions are written for City & Hackney from the paper's themes and TOMs-style
local measures. Every figure is invented and labelled so; the one proxy £ value is a published
public rate (the National Living Wage), named as such and not presented as a TOMs figure.
Running it again creates nothing new: every step is keyed on natural keys, and values are drawn
from a seeded generator so the same gaps are left each time.
"""

import datetime
import random
import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from anchors.common.history import change_reason
from anchors.models import Membership, Organisation, Role
from metrics.demo.framework import load_framework
from metrics.models import MetricValue, ReportingPeriod, Target
from metrics.models.periods import quarter_dates, quarter_of

# Realistic gaps: metrics some anchors cannot report yet, and whole quarters missed.
NOT_MEASURED = {
    "GP Confederation": {"DIV-SPEND", "MS-ASSESSED", "SUP-CRP", "CO2-SCOPE12"},
    "NEL ICB": {"VOL-EMPLOY", "LOC-FTE"},
    "City of London": {"DIV-SPEND"},
}
MISSED_QUARTERS = {"NEL ICB": {2}, "GP Confederation": {0, 5}}  # period index 0 = oldest
LATE = {("ELFT", 7), ("City of London", 3), ("Homerton", 5), ("GP Confederation", 6)}
RETURN_REASON = (
    "The denominator looks like a year’s spend rather than the quarter’s (£410m is the annual "
    "figure). Please check the finance extract and resubmit."
)

# Targets for the current financial year: (code, organisation short name or None, value)
TARGETS = [
    ("LOC-SPEND", None, "35"),
    ("LOC-SPEND", "Hackney Council", "40"),
    ("SME-SPEND", None, "28"),
    ("VCSE-SPEND", None, "6"),
    ("APP-STARTS", None, "110"),
    ("APP-STARTS", "ELFT", "36"),
    ("APP-DEPRIVED", None, "40"),
    ("CO2-SCOPE12", None, "9500"),
    ("MS-ASSESSED", None, "75"),
    ("SV-WEIGHT", None, "90"),
    ("VOL-HOURS", None, "7000"),
]


def _quarters(today, count=8):
    """The ``count`` quarters up to the last one that has ended, oldest first, and the current."""
    fy, q = quarter_of(today)
    current = (fy, q)
    keys = []
    for _ in range(count):
        fy, q = (fy, q - 1) if q > 1 else (fy - 1, 4)
        keys.append((fy, q))
    return list(reversed(keys)), current


def _rng(*parts):
    # Seeded so reruns draw the same illustrative figures; nothing here is secret.
    return random.Random(zlib.crc32("|".join(str(p) for p in parts).encode()))  # noqa: S311


def _money(value):
    return Decimal(value).quantize(Decimal("1"))


def _figures(code, org, index, rng):
    """Illustrative (value) or (numerator, denominator) for one anchor, metric and quarter."""
    headcount = org.headcount or 500
    spend = (org.annual_spend or Decimal(20_000_000)) / 4
    trend = 1 + 0.015 * index
    base = _rng(code, org.short_name)  # the anchor's own level, the same every quarter
    wobble = rng.uniform(0.92, 1.08)
    shares = {
        "LOC-SPEND": (0.22, 0.38),
        "SME-SPEND": (0.18, 0.32),
        "VCSE-SPEND": (0.03, 0.08),
        "DIV-SPEND": (0.02, 0.05),
    }
    if code in shares:
        den = _money(spend * Decimal(str(rng.uniform(0.85, 1.15))))
        share = min(0.95, base.uniform(*shares[code]) * trend * wobble)
        return None, _money(den * Decimal(str(share))), den
    if code == "SUP-ENGAGE":
        return Decimal(int(base.uniform(4, 25) * trend * wobble)), None, None
    if code == "LOC-FTE":
        return (
            Decimal(round(headcount * base.uniform(0.22, 0.4) * (1 + 0.004 * index), 1)),
            None,
            None,
        )
    if code == "APP-STARTS":
        return Decimal(max(0, int(headcount / base.uniform(180, 320) * wobble))), None, None
    if code == "APP-DEPRIVED":
        starts = max(1, int(headcount / base.uniform(180, 320) * wobble))
        share = min(1, base.uniform(0.25, 0.45) * trend * wobble)
        return None, Decimal(round(starts * share)), Decimal(starts)
    if code == "VOL-EMPLOY":
        return Decimal(rng.randint(0, max(1, headcount // 1500))), None, None
    if code in ("SUP-CRP", "SV-WEIGHT"):
        den = rng.randint(2, max(3, headcount // 400))
        share = min(1, base.uniform(0.3, 0.6) * trend * wobble)
        return None, Decimal(round(den * share)), Decimal(den)
    if code == "CO2-SCOPE12":
        return Decimal(round(headcount * base.uniform(0.35, 0.6) / trend * wobble, 1)), None, None
    if code == "MS-ASSESSED":
        den = int(base.uniform(15, 90))
        share = min(1, base.uniform(0.35, 0.6) * (1 + 0.05 * index))
        return None, Decimal(round(den * share)), Decimal(den)
    if code == "MS-TRAINED":
        den = int(base.uniform(6, 40))
        share = min(1, base.uniform(0.3, 0.5) * (1 + 0.07 * index))
        return None, Decimal(round(den * share)), Decimal(den)
    if code == "VOL-HOURS":
        return Decimal(int(headcount * base.uniform(0.15, 0.45) * trend * wobble)), None, None
    raise ValueError(code)


def _periods(collaborative, today):
    keys, current = _quarters(today)
    periods = []
    for index, (fy, q) in enumerate([*keys, current]):
        _, end = quarter_dates(fy, q)
        latest = index >= len(keys) - 1
        period, _ = ReportingPeriod.objects.get_or_create(
            collaborative=collaborative,
            financial_year=fy,
            quarter=q,
            defaults={
                "deadline": end + datetime.timedelta(days=30),
                "state": ReportingPeriod.State.OPEN if latest else ReportingPeriod.State.CLOSED,
            },
        )
        periods.append(period)
    return periods[:-1], periods[-1]


def _at(day, hour=11):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _values(collaborative, metrics, periods, people, facilitator):
    anchors = list(
        Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        ).order_by("name")
    )
    existing = set(
        MetricValue.objects.filter(period__in=periods).values_list(
            "organisation_id", "metric_id", "period_id"
        )
    )
    S = MetricValue.State
    to_create = []
    last = len(periods) - 1
    for org in anchors:
        lead = people.get(org.pk)
        for index, period in enumerate(periods):
            if index in MISSED_QUARTERS.get(org.short_name, set()):
                continue
            if index == last and org.short_name == "GP Confederation":
                continue  # not started on the latest quarter yet
            for code, metric in metrics.items():
                if code in NOT_MEASURED.get(org.short_name, set()):
                    continue
                if (org.pk, metric.pk, period.pk) in existing:
                    continue
                rng = _rng(org.short_name, code, period.code)
                value, numerator, denominator = _figures(code, org, index, rng)
                late = (org.short_name, index) in LATE
                offset = rng.randint(2, 12) if late else -rng.randint(1, 20)
                now = timezone.now() - datetime.timedelta(hours=1)
                submitted = min(now, _at(period.deadline + datetime.timedelta(days=offset)))
                state, verified_at = S.VERIFIED, min(now, submitted + datetime.timedelta(days=6))
                if index == last:
                    if org.short_name == "Homerton":
                        state = S.DRAFT
                    elif org.short_name in ("NEL ICB", "ELFT") or rng.random() < 0.4:
                        state = S.SUBMITTED
                elif index == last - 1 and rng.random() < 0.15:
                    state = S.SUBMITTED
                value_row = MetricValue(
                    collaborative=collaborative,
                    organisation=org,
                    metric=metric,
                    period=period,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    evidence_note=f"Illustrative demo figure. {metric.evidence_required}",
                    state=state,
                    entered_by=lead,
                    created_by=lead,
                )
                if state != S.DRAFT:
                    value_row.submitted_by = lead
                    value_row.submitted_at = value_row.first_submitted_at = submitted
                if state == S.VERIFIED:
                    value_row.verified_by = facilitator
                    value_row.verified_at = verified_at
                to_create.append(value_row)
    MetricValue.objects.bulk_create(to_create, batch_size=500)
    MetricValue.history.bulk_history_create(
        to_create, batch_size=500, default_change_reason="Illustrative demo data"
    )
    return to_create


def _return_one(collaborative, metrics, latest, facilitator, organisations):
    """One value in the latest quarter returned with a reason, as the facilitator would."""
    hackney = organisations.get("Hackney Council")
    if hackney is None:
        return
    value = MetricValue.objects.filter(
        organisation=hackney, metric=metrics["LOC-SPEND"], period=latest
    ).first()
    if value is None or value.state == MetricValue.State.RETURNED or value.returned_at:
        return
    value.denominator = value.denominator * 4
    value.state = MetricValue.State.SUBMITTED
    value.verified_by = value.verified_at = None
    value._history_user = value.submitted_by
    value._change_reason = "Submitted"
    value.save()
    value.state = MetricValue.State.RETURNED
    value.return_reason = RETURN_REASON
    value.returned_by = facilitator
    value.returned_at = timezone.now()
    value._history_user = facilitator
    value._change_reason = change_reason(f"Returned: {RETURN_REASON}")
    value.save()


def _targets(collaborative, metrics, financial_year, organisations, facilitator):
    for code, short, value in TARGETS:
        Target.objects.get_or_create(
            collaborative=collaborative,
            metric=metrics[code],
            financial_year=financial_year,
            organisation=organisations.get(short) if short else None,
            defaults={"value": Decimal(value), "created_by": facilitator},
        )


@transaction.atomic
def load(*, collaborative, stdout=None, today=None):
    today = today or timezone.localdate()
    memberships = Membership.objects.filter(collaborative=collaborative).select_related(
        "person__user"
    )
    facilitator = next(
        (m.person.user for m in memberships if m.role == Role.FACILITATOR and m.person.user),
        None,
    )
    people = {}
    for m in memberships.filter(role=Role.PROCUREMENT_LEAD).order_by("pk"):
        if m.person.user and m.organisation_id not in people:
            people[m.organisation_id] = m.person.user
    metrics, created = load_framework(collaborative, facilitator)
    periods, current = _periods(collaborative, today)
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    made = _values(collaborative, metrics, periods, people, facilitator)
    _return_one(collaborative, metrics, periods[-1], facilitator, organisations)
    _targets(collaborative, metrics, current.financial_year, organisations, facilitator)
    _targets(collaborative, metrics, periods[-1].financial_year, organisations, facilitator)
    if stdout is not None:
        stdout.write(
            f"Metrics: {created} new metric(s) of {len(metrics)}, {len(periods) + 1} periods, "
            f"{len(made)} new illustrative value(s)."
        )
    return metrics
