"""Every read for the metrics pages; each runs a fixed number of queries (tested)."""

from metrics.selectors.aggregation import (
    Figure,
    metric_series,
    metric_summary,
    organisation_breakdown,
    rag,
    target_progress,
    year_to_date,
)
from metrics.selectors.framework import (
    framework_by_theme,
    framework_versions,
    metric_detail,
    metric_list,
    outcome_list,
    period_list,
    reporting_organisations,
)
from metrics.selectors.values import (
    current_period,
    late_after,
    late_submissions,
    organisation_grid,
    overview_grid,
    period_completion,
    period_detail,
    period_overview,
    value_detail,
    value_history,
)

__all__ = [
    "Figure",
    "current_period",
    "framework_by_theme",
    "framework_versions",
    "late_after",
    "late_submissions",
    "metric_detail",
    "metric_list",
    "metric_series",
    "metric_summary",
    "organisation_breakdown",
    "organisation_grid",
    "outcome_list",
    "overview_grid",
    "period_completion",
    "period_detail",
    "period_list",
    "period_overview",
    "rag",
    "reporting_organisations",
    "target_progress",
    "value_detail",
    "value_history",
    "year_to_date",
]
