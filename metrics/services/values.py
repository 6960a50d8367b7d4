"""Writes to metric values: the submission grid, verification and return for revision."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from anchors.common.errors import PortalError, StaleEditError, require
from anchors.common.history import save_with_history
from anchors.common.locking import check_version, version_of
from anchors.common.tasks import enqueue
from metrics import permissions
from metrics.models import Metric, MetricValue, ReportingPeriod
from metrics.rules import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    evidence_file_error,
    evidence_missing,
    figure_errors,
)

State = MetricValue.State


@dataclass
class Entry:
    """One cell of the submission grid as the editor left it."""

    metric_id: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence_note: str = ""
    evidence_file: object = None
    version: str = ""

    @property
    def blank(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


@dataclass
class StaleCell:
    metric: Metric
    current: MetricValue | None
    entry: Entry


class GridError(PortalError):
    """Refused grid save: ``errors`` are (metric id, part, message); ``stale`` lists cells someone
    else changed after the page was opened. Nothing has been saved."""

    def __init__(self, *, errors=(), stale=()):
        self.errors = list(errors)
        self.stale = list(stale)
        count = len(self.errors) + len(self.stale)
        super().__init__(
            f"Nothing has been saved: {count} value{'s' if count != 1 else ''} need"
            f"{'s' if count == 1 else ''} attention.",
            code="stale" if self.stale else "invalid",
        )


@dataclass
class SaveResult:
    saved: int = 0
    submitted: int = 0
    removed: int = 0
    submitted_values: list = field(default_factory=list)


def _figures(obj):
    return (obj.value, obj.numerator, obj.denominator)


def _lock_period(period, organisation):
    if period.collaborative_id != organisation.collaborative_id:
        raise PortalError("That period belongs to another collaborative.")
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
        raise PortalError(
            f"{period.label} is closed, so its values cannot change. Ask the facilitator to "
            "reopen it.",
            code="closed",
        )
    return period


@transaction.atomic
def values_save(*, user, organisation, period, entries, submit=False) -> SaveResult:
    """Save one organisation's grid for a period as drafts, or save and submit it.

    All or nothing: any invalid cell, or any cell someone else changed since the page was opened,
    refuses the whole save with an error per cell.
    """
    require(permissions.can_edit_values(user, organisation))
    period = _lock_period(period, organisation)
    ids = [entry.metric_id for entry in entries]
    metrics = {
        m.pk: m
        for m in Metric.objects.filter(
            collaborative=organisation.collaborative, active=True, pk__in=ids
        )
    }
    existing = {
        v.metric_id: v
        for v in MetricValue.objects.select_for_update()
        .filter(organisation=organisation, period=period, metric_id__in=ids)
        .order_by("pk")
    }
    errors, stale, plan, removals = [], [], [], []
    for entry in entries:
        metric = metrics.get(entry.metric_id)
        if metric is None:
            errors.append((entry.metric_id, "value", "This metric is no longer collected"))
            continue
        current = existing.get(metric.pk)
        opened_with = entry.version or ""
        if (current is None and opened_with) or (
            current is not None and version_of(current) != opened_with
        ):
            stale.append(StaleCell(metric=metric, current=current, entry=entry))
            continue
        if current is not None and current.is_locked:
            if not entry.blank and _figures(entry) != _figures(current):
                errors.append(
                    (
                        metric.pk,
                        "numerator" if metric.is_ratio else "value",
                        f"This value is {current.get_state_display().lower()} and cannot "
                        "change unless the facilitator returns it",
                    )
                )
            continue
        note = (entry.evidence_note or "").strip()
        if entry.blank:
            if current is None:
                continue
            if current.state == State.DRAFT and not note and not entry.evidence_file:
                removals.append(current)
                continue
            errors.append(
                (
                    metric.pk,
                    "numerator" if metric.is_ratio else "value",
                    "Enter a corrected value: this value was returned for revision"
                    if current.state == State.RETURNED
                    else "Enter a value, or clear the evidence note too to remove the draft",
                )
            )
            continue
        problems = figure_errors(
            metric, value=entry.value, numerator=entry.numerator, denominator=entry.denominator
        )
        if file_problem := evidence_file_error(entry.evidence_file):
            problems.append(("evidence_file", file_problem))
        errors.extend((metric.pk, part, message) for part, message in problems)
        if submit and evidence_missing(note=note, new_file=entry.evidence_file, saved=current):
            errors.append(
                (
                    metric.pk,
                    "evidence_note",
                    f"Describe the evidence for {metric.code} before submitting",
                )
            )
        if not problems:
            plan.append((metric, current, entry, note))
    if errors or stale:
        raise GridError(errors=errors, stale=stale)

    now = timezone.now()
    result = SaveResult()
    for value in removals:
        value._history_user = user
        value._change_reason = "Draft removed"
        value.delete()
        result.removed += 1
    for metric, current, entry, note in plan:
        value = current or MetricValue(
            collaborative=organisation.collaborative,
            organisation=organisation,
            metric=metric,
            period=period,
        )
        changed = (
            current is None
            or _figures(entry) != _figures(current)
            or note != current.evidence_note
            or bool(entry.evidence_file)
        )
        if changed:
            value.value, value.numerator, value.denominator = _figures(entry)
            value.evidence_note = note
            value.entered_by = user
            if entry.evidence_file:
                value.evidence_file = entry.evidence_file
        reason = ""
        if submit:
            resubmitting = value.state == State.RETURNED
            value.state = State.RESUBMITTED if resubmitting else State.SUBMITTED
            value.submitted_by = user
            value.submitted_at = now
            value.first_submitted_at = value.first_submitted_at or now
            value.verified_by = value.verified_at = None
            reason = "Resubmitted" if resubmitting else "Submitted"
            result.submitted += 1
            result.submitted_values.append(value)
        elif not changed:
            continue
        save_with_history(value, user=user, reason=reason)
        result.saved += 1
    return result


def _locked_value(value, version):
    current = (
        MetricValue.objects.select_for_update(of=("self",))
        .select_related("metric", "period", "organisation")
        .get(pk=value.pk)
    )
    check_version(current=current, version=version, what="value")
    return current


def _verify(user, current, now):
    if current.state not in MetricValue.AWAITING:
        raise PortalError(
            f"Only submitted values can be verified; {current} is "
            f"{current.get_state_display().lower()}.",
            code="state",
        )
    if not permissions.can_verify_value(user, current):
        raise PortalError(
            f"You submitted or entered {current.metric.code} for "
            f"{current.organisation.short_name} yourself, so someone else must verify it.",
            code="own",
        )
    current.state = State.VERIFIED
    current.verified_by = user
    current.verified_at = now
    save_with_history(current, user=user, reason="Verified")
    return current


@transaction.atomic
def value_verify(*, user, value, version=None) -> MetricValue:
    """The facilitator confirms a submitted value; never the person who submitted it."""
    require(permissions.can_verify_values(user, value.collaborative))
    return _verify(user, _locked_value(value, version), timezone.now())


@transaction.atomic
def values_verify(*, user, period, versions) -> int:
    """Verify several values of a period at once (``versions``: {value id: the version the
    facilitator saw}): all of them, or none if any cannot be or changed since."""
    require(permissions.can_verify_values(user, period.collaborative))
    values = list(
        MetricValue.objects.select_for_update(of=("self",))
        .select_related("metric", "period", "organisation")
        .filter(period=period, pk__in=list(versions))
        .order_by("pk")
    )
    if not values:
        raise PortalError("Choose at least one submitted value to verify.", code="empty")
    now = timezone.now()
    for value in values:
        check_version(
            current=value,
            version=versions[value.pk],
            what=f"{value.metric.code} value for {value.organisation.short_name}",
        )
        _verify(user, value, now)
    return len(values)


@transaction.atomic
def value_return(*, user, value, reason, version=None) -> MetricValue:
    """Send a submitted (or verified) value back to the anchor, saying what to fix."""
    require(permissions.can_return_value(user, value))
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(
            "Enter the reason for returning this value, so the anchor knows what to fix.",
            field="reason",
        )
    current = _locked_value(value, version)
    if current.state not in MetricValue.COUNTED:
        raise PortalError(
            f"Only submitted or verified values can be returned; this one is "
            f"{current.get_state_display().lower()}.",
            code="state",
        )
    if not current.period.is_open:
        raise PortalError(
            f"{current.period.label} is closed: reopen it first, so the anchor can correct "
            "the value.",
            code="closed",
        )
    current.state = State.RETURNED
    current.return_reason = reason
    current.returned_by = user
    current.returned_at = timezone.now()
    current.verified_by = current.verified_at = None
    save_with_history(current, user=user, reason=f"Returned: {reason}")
    enqueue("metrics.notify_value_returned", current.pk)
    return current


# The figure and evidence rules live in metrics.rules; callers may still import them from here.
__all__ = [
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "Entry",
    "GridError",
    "SaveResult",
    "StaleCell",
    "StaleEditError",
    "evidence_file_error",
    "evidence_missing",
    "figure_errors",
    "value_return",
    "value_verify",
    "values_save",
    "values_verify",
]
