"""Everything the collective-impact dashboard shows, in a fixed number of queries whatever the
number of organisations, metrics, periods, escalations or pipeline items."""

from dataclasses import dataclass, field

from anchors.permissions.roles import sponsor_organisation_ids
from governance.selectors import (
    escalations_by_age_and_level,
    figures,
    self_assessment_trend,
    waiting_for_decision,
)

# Escalations listed at the top of a sponsor's dashboard (the rest: "see all").
WAITING_SHOWN = 4


@dataclass
class Dashboard:
    periods: list
    themes: list
    period: object
    theme: object
    headline: figures.Headline
    waiting: list
    waiting_total: int
    is_sponsor: bool
    matrix: object
    workstreams: list
    escalations: list
    matches: list
    trend: list
    hiring: object = None
    workforce_figures: list = field(default_factory=lambda: list(figures.WORKFORCE_FIGURES))

    @property
    def open_escalations(self) -> int:
        return sum(row.count for row in self.escalations)

    @property
    def sponsor_gaps(self) -> int:
        return sum(len(line.lacking) for line in self.workstreams)


def dashboard(*, user, collaborative, period_id=None, theme_id=None, today=None) -> Dashboard:
    period_list = figures.periods(collaborative=collaborative)
    theme_list = figures.themes(collaborative=collaborative)
    period = next(
        (p for p in period_list if p.pk == period_id), None
    ) or figures.last_complete_period(period_list, today=today)
    theme = next((t for t in theme_list if t.pk == theme_id), None)
    waiting = list(waiting_for_decision(user, collaborative)[: WAITING_SHOWN + 1])
    trend_periods = [p.pk for p in period_list if period and p.end_date <= period.end_date][-4:]
    return Dashboard(
        periods=period_list,
        themes=theme_list,
        period=period,
        theme=theme,
        headline=figures.headline_metrics(
            collaborative=collaborative,
            period=period,
            theme_id=theme.pk if theme else None,
            period_list=period_list,
        ),
        waiting=waiting[:WAITING_SHOWN],
        waiting_total=len(waiting),
        is_sponsor=bool(sponsor_organisation_ids(user, collaborative)),
        matrix=figures.procurement_heatmap(
            collaborative=collaborative, theme_id=theme.pk if theme else None
        ),
        workstreams=figures.workstream_lines(collaborative=collaborative, today=today),
        escalations=escalations_by_age_and_level(collaborative, today=today),
        matches=figures.joint_tender_matches(collaborative=collaborative, today=today),
        trend=self_assessment_trend(collaborative, periods=trend_periods),
        hiring=figures.local_hiring(collaborative=collaborative, period=period),
    )
