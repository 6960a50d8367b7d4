"""Reads for the framework page and the lists every metrics page needs."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from anchors.models import Organisation, Theme
from metrics.models import FrameworkVersion, Metric, Outcome, ReportingPeriod


def reporting_organisations(*, collaborative):
    """The organisations that report values: the collaborative's active core anchors."""
    return Organisation.objects.filter(
        collaborative=collaborative,
        active=True,
        role=Organisation.CollaborativeRole.CORE_ANCHOR,
    ).order_by("name")


def metric_list(*, collaborative, active=True):
    qs = Metric.objects.filter(collaborative=collaborative).select_related("outcome")
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("outcome__order", "outcome__name", "order", "code")


def metric_detail(*, collaborative, pk):
    return (
        Metric.objects.filter(collaborative=collaborative)
        .select_related("outcome")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .get(pk=pk)
    )


def period_list(*, collaborative):
    return ReportingPeriod.objects.filter(collaborative=collaborative).order_by(
        "financial_year", "quarter"
    )


def outcome_list(*, collaborative):
    return Outcome.objects.filter(collaborative=collaborative).order_by("order", "name")


@dataclass
class ThemeGroup:
    name: str
    description: str = ""
    outcomes: list = field(default_factory=list)  # [(outcome, [metric, ...])]

    @property
    def metric_count(self) -> int:
        return sum(len(metrics) for _, metrics in self.outcomes)


def framework_by_theme(*, collaborative, include_inactive=False) -> list[ThemeGroup]:
    """Themes in name order, each with its outcomes and metrics; untagged metrics come last.

    A metric under two themes appears under both. Three queries whatever the size.
    """
    metrics = list(
        metric_list(
            collaborative=collaborative, active=None if include_inactive else True
        ).prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    themes = {t.pk: t for t in Theme.objects.filter(collaborative=collaborative).order_by("name")}
    groups = {pk: ThemeGroup(name=t.name, description=t.description) for pk, t in themes.items()}
    untagged = ThemeGroup(name="Not yet linked to a theme")
    for metric in metrics:
        targets = [groups[t.pk] for t in metric.themes.all() if t.pk in groups] or [untagged]
        for group in targets:
            if group.outcomes and group.outcomes[-1][0].pk == metric.outcome_id:
                group.outcomes[-1][1].append(metric)
            else:
                group.outcomes.append((metric.outcome, [metric]))
    ordered = [groups[pk] for pk in themes if groups[pk].outcomes]
    if untagged.outcomes:
        ordered.append(untagged)
    return ordered


def framework_versions(*, collaborative, limit=10):
    return (
        FrameworkVersion.objects.filter(collaborative=collaborative)
        .select_related("created_by__person")
        .order_by("-number")[:limit]
    )
