"""Local hiring figures written into the matching metrics as drafts, through the metrics service
(as procurement's spend import does), and the metrics added to the framework where it lacks them."""

from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.db import transaction

from anchors.common.errors import PortalError, require
from anchors.common.locking import version_of
from metrics import permissions as metric_permissions
from metrics import selectors as metric_selectors
from metrics.models import Metric, Outcome
from metrics.services import Entry, GridError, values_save
from metrics.services.framework import metric_create
from workforce import permissions
from workforce.selectors.hiring import hiring_figures

# Metric code -> the hiring figure written into it (a ratio gets numerator and denominator).
# A collaborative whose metrics have other codes sets WORKFORCE_HIRING_METRICS.
HIRING_METRICS = {
    "NEW-STARTS": "starters",
    "LOC-STARTS": "resident",
    "DEP-STARTS": "deprived",
}


def hiring_metric_codes() -> dict[str, str]:
    return dict(getattr(django_settings, "WORKFORCE_HIRING_METRICS", HIRING_METRICS))


# --- Metrics -------------------------------------------------------------------------------------
HIRING_METRIC_DEFINITIONS = {
    "NEW-STARTS": dict(
        name="New starters",
        unit=Metric.Unit.COUNT,
        kind=Metric.Kind.AMOUNT,
        definition="People who started work with the anchor in the quarter, in any role, "
        "counted from the workforce pages' starter rows and counts.",
        evidence_required="The starters recorded in the portal's workforce pages.",
    ),
    "LOC-STARTS": dict(
        name="Share of new starters living in the collaborative's boroughs",
        unit=Metric.Unit.PERCENT,
        kind=Metric.Kind.RATIO,
        numerator_label="New starters whose home LSOA is in the collaborative's boroughs",
        denominator_label="New starters whose home area is known",
        definition="Share of the quarter's new starters (home area known) living in the "
        "collaborative's boroughs (the local authority districts in the workforce settings).",
        evidence_required="The starters recorded in the portal's workforce pages.",
    ),
    "DEP-STARTS": dict(
        name="Share of new starters from IMD deciles 1–2",
        unit=Metric.Unit.PERCENT,
        kind=Metric.Kind.RATIO,
        numerator_label="New starters living in an LSOA in the most deprived deciles",
        denominator_label="New starters whose home decile is known (one edition)",
        definition="Share of the quarter's new starters whose home LSOA is in deciles 1 to the "
        "collaborative's cut-off (2 unless changed) of the English Indices of Deprivation, "
        "counted with one edition of the indices (the evidence note names it).",
        evidence_required="The starters recorded in the portal's workforce pages.",
    ),
}


def missing_hiring_metrics(*, collaborative) -> list[str]:
    have = set(
        Metric.objects.filter(
            collaborative=collaborative, code__in=list(HIRING_METRICS)
        ).values_list("code", flat=True)
    )
    return [code for code in HIRING_METRICS if code not in have]


@transaction.atomic
def hiring_metrics_add(*, user, collaborative) -> list[Metric]:
    """Add the local hiring metrics the framework lacks (the facilitator, once)."""
    require(metric_permissions.can_manage_framework(user, collaborative))
    missing = missing_hiring_metrics(collaborative=collaborative)
    if not missing:
        raise PortalError("The framework already has the local hiring metrics.")
    outcome = (
        Outcome.objects.filter(collaborative=collaborative, metrics__code="APP-STARTS").first()
        or Outcome.objects.filter(collaborative=collaborative).order_by("order").first()
    )
    if outcome is None:
        raise PortalError("Add an outcome to the metric framework first.")
    added = []
    for order, code in enumerate(missing, start=90):
        data = {
            "code": code,
            "outcome": outcome,
            "over_time": Metric.OverTime.FLOW,
            "direction": Metric.Direction.HIGHER,
            "order": order,
            **HIRING_METRIC_DEFINITIONS[code],
        }
        added.append(
            metric_create(
                user=user,
                collaborative=collaborative,
                data=data,
                version_note="Local hiring metrics, fed from the workforce pages",
            )
        )
    return added


@dataclass
class MetricsResult:
    written: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (code, reason)

    @property
    def note(self) -> str:
        parts = []
        if self.written:
            parts.append("Draft values written: " + ", ".join(self.written) + ".")
        parts += [f"{code or 'Metric values'} not written: {why}." for code, why in self.skipped]
        return " ".join(parts)


@transaction.atomic
def hiring_metrics_write(*, user, organisation, period) -> MetricsResult:
    """The organisation's hiring figures for the period written as draft values of the metrics
    with the configured codes, through the metrics service (as the spend import does)."""
    require(permissions.can_edit_workforce(user, organisation))
    result = MetricsResult()
    if not metric_permissions.can_edit_values(user, organisation):
        result.skipped.append(("", "you may not enter this organisation’s values"))
        return result
    if not period.is_open:
        result.skipped.append(("", f"{period.label} is closed"))
        return result
    figures = hiring_figures(collaborative=organisation.collaborative, periods=[period])[0]
    mine = next((a.figures for a in figures.anchors if a.organisation.pk == organisation.pk), None)
    if mine is None or not mine.starters:
        result.skipped.append(("", f"no starters are recorded for {period.short_label}"))
        return result
    codes = hiring_metric_codes()
    entries = []
    for row in metric_selectors.organisation_grid(period=period, organisation=organisation):
        metric, current = row.metric, row.value
        figure = codes.get(metric.code)
        if figure is None:
            continue
        if current is not None and current.is_locked:
            result.skipped.append((metric.code, f"already {current.get_state_display().lower()}"))
            continue
        note = (
            f"From the workforce pages: {organisation.short_name}'s starters in "
            f"{period.short_label}"
        )
        if figure == "starters":
            entry = Entry(metric_id=metric.pk, value=mine.starters)
        else:
            share = mine.resident if figure == "resident" else mine.deprived
            if not share.denominator:
                result.skipped.append((metric.code, "no starter's home area is known"))
                continue
            if metric.kind != Metric.Kind.RATIO:
                result.skipped.append((metric.code, "the metric is not a ratio"))
                continue
            entry = Entry(
                metric_id=metric.pk, numerator=share.numerator, denominator=share.denominator
            )
            if figure == "deprived":
                note += f", deciles by the {mine.edition.name}"
                if mine.others:
                    note += (
                        " (records of "
                        + ", ".join(e.name for e, _ in mine.others)
                        + " not counted)"
                    )
        entry.evidence_note = note + "."
        entry.version = version_of(current) if current is not None else ""
        entries.append((metric.code, entry))
    if not entries:
        if not result.skipped:
            result.skipped.append(("", "the framework has no local hiring metrics"))
        return result
    try:
        values_save(
            user=user, organisation=organisation, period=period, entries=[e for _, e in entries]
        )
    except GridError as error:  # pragma: no cover - cells are checked above
        result.skipped += [(code, error.message) for code, _ in entries]
        return result
    result.written = [code for code, _ in entries]
    return result
