"""Writes to the framework: outcomes, metrics (with a version note), targets and periods."""

import datetime

from django.db import transaction
from django.db.models import Max

from anchors.common.errors import PortalError, require
from anchors.common.history import save_with_history
from anchors.common.locking import check_version
from metrics import permissions
from metrics.models import FrameworkVersion, Metric, Outcome, ReportingPeriod, Target
from metrics.services.common import same_collaborative

METRIC_FIELDS = (
    "code",
    "name",
    "definition",
    "outcome",
    "unit",
    "kind",
    "over_time",
    "direction",
    "numerator_label",
    "denominator_label",
    "allow_negative",
    "proxy_value",
    "proxy_source",
    "proxy_year",
    "evidence_required",
    "active",
    "order",
)


def _apply(instance, data, fields):
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def framework_version_record(*, user, collaborative, note) -> FrameworkVersion:
    """A new framework version with its note; callers hold the transaction."""
    note = (note or "").strip()
    if not note:
        raise PortalError(
            "Enter a version note: say what changed in the framework and why.",
            field="version_note",
        )
    # Two editors saving at once would pick the same number: the unique constraint refuses one.
    last = FrameworkVersion.objects.filter(collaborative=collaborative).aggregate(n=Max("number"))[
        "n"
    ]
    return FrameworkVersion.objects.create(
        collaborative=collaborative,
        number=(last or 0) + 1,
        note=note,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def outcome_create(*, user, collaborative, name, description="", order=0) -> Outcome:
    require(permissions.can_manage_framework(user, collaborative))
    name = (name or "").strip()
    if Outcome.objects.filter(collaborative=collaborative, name__iexact=name).exists():
        raise PortalError(f"There is already an outcome called “{name}”.", field="name")
    outcome = Outcome(collaborative=collaborative, name=name, description=description, order=order)
    return save_with_history(outcome, user=user)


def _clean_metric(metric):
    metric.code = (metric.code or "").strip().upper()
    if metric.kind == Metric.Kind.RATIO:
        metric.unit = Metric.Unit.PERCENT
        if not metric.numerator_label or not metric.denominator_label:
            raise PortalError(
                "Say what the numerator and the denominator count for a ratio metric.",
                field="numerator_label" if not metric.numerator_label else "denominator_label",
            )
        if metric.proxy_value is not None:
            raise PortalError(
                "A proxy £ value applies to counts and amounts, not to ratios.",
                field="proxy_value",
            )
    elif metric.unit == Metric.Unit.PERCENT:
        raise PortalError(
            "A percentage must be a ratio metric, so it aggregates as Σ numerator ÷ Σ denominator.",
            field="kind",
        )
    if metric.proxy_value is not None:
        if not (metric.proxy_source or "").strip():
            raise PortalError("Name the source of the proxy value.", field="proxy_source")
        if not metric.proxy_year:
            raise PortalError("Give the year the proxy value is for.", field="proxy_year")
    clash = Metric.objects.filter(collaborative=metric.collaborative, code=metric.code).exclude(
        pk=metric.pk
    )
    if clash.exists():
        raise PortalError(f"Another metric already uses the code {metric.code}.", field="code")


@transaction.atomic
def metric_create(*, user, collaborative, data, themes=(), version_note) -> Metric:
    require(permissions.can_manage_framework(user, collaborative))
    metric = Metric(collaborative=collaborative)
    _apply(metric, data, METRIC_FIELDS)
    same_collaborative(collaborative, metric.outcome, *themes, field="outcome")
    _clean_metric(metric)
    version = framework_version_record(user=user, collaborative=collaborative, note=version_note)
    save_with_history(
        metric, user=user, reason=f"Framework version {version.number}: {version.note}"
    )
    metric.themes.set(themes)
    return metric


@transaction.atomic
def metric_update(*, user, metric, data, themes=None, version_note, version=None) -> Metric:
    collaborative = metric.collaborative
    require(permissions.can_manage_framework(user, collaborative))
    current = Metric.objects.select_for_update().get(pk=metric.pk)
    check_version(current=current, version=version, what="metric")
    if "code" in data and (data["code"] or "").strip().upper() != current.code:
        if current.values.exists():
            raise PortalError(
                "This metric already has values, so its code cannot change: import files "
                "and past reports name it. Retire it and add a new metric instead.",
                field="code",
            )
    _apply(current, data, METRIC_FIELDS)
    same_collaborative(collaborative, current.outcome, *(themes or ()), field="outcome")
    _clean_metric(current)
    note = framework_version_record(user=user, collaborative=collaborative, note=version_note)
    save_with_history(current, user=user, reason=f"Framework version {note.number}: {note.note}")
    if themes is not None:
        current.themes.set(themes)
    return current


@transaction.atomic
def target_set(*, user, metric, financial_year, value, organisation=None, note="") -> Target:
    """Create or change the target for a metric, year and organisation (None: collective)."""
    collaborative = metric.collaborative
    require(permissions.can_manage_framework(user, collaborative))
    same_collaborative(collaborative, organisation, field="organisation")
    if value is None or value < 0:
        raise PortalError("Enter a target of zero or more.", field="value")
    if metric.is_ratio and value > 100:
        raise PortalError("A ratio target is a percentage: enter 100 or less.", field="value")
    target = (
        Target.objects.select_for_update()
        .filter(metric=metric, financial_year=financial_year, organisation=organisation)
        .order_by("pk")
        .first()
    ) or Target(
        collaborative=collaborative,
        metric=metric,
        financial_year=financial_year,
        organisation=organisation,
    )
    target.value = value
    target.note = note
    return save_with_history(target, user=user)


def default_deadline(end_date: datetime.date) -> datetime.date:
    """Thirty days after the quarter ends, unless the facilitator chooses otherwise."""
    return end_date + datetime.timedelta(days=30)


@transaction.atomic
def period_create(*, user, collaborative, financial_year, quarter, deadline=None, state=None):
    require(permissions.can_manage_periods(user, collaborative))
    if ReportingPeriod.objects.filter(
        collaborative=collaborative, financial_year=financial_year, quarter=quarter
    ).exists():
        raise PortalError("That quarter is already a reporting period.", field="quarter")
    period = ReportingPeriod(
        collaborative=collaborative,
        financial_year=financial_year,
        quarter=quarter,
        state=state or ReportingPeriod.State.OPEN,
    )
    period.clean()
    period.deadline = deadline or default_deadline(period.end_date)
    if period.deadline < period.end_date:
        raise PortalError(
            "The deadline must be on or after the last day of the quarter.", field="deadline"
        )
    return save_with_history(period, user=user)


@transaction.atomic
def period_update(*, user, period, deadline, state, version=None) -> ReportingPeriod:
    require(permissions.can_manage_periods(user, period.collaborative))
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    check_version(current=current, version=version, what="period")
    if deadline < current.end_date:
        raise PortalError(
            "The deadline must be on or after the last day of the quarter.", field="deadline"
        )
    current.deadline = deadline
    current.state = state
    return save_with_history(current, user=user)
