from metrics.models.framework import FrameworkVersion, Metric, Outcome, Target
from metrics.models.periods import ReportingPeriod
from metrics.models.values import ImportBatch, MetricValue, ReminderLog

__all__ = [
    "FrameworkVersion",
    "ImportBatch",
    "Metric",
    "MetricValue",
    "Outcome",
    "ReminderLog",
    "ReportingPeriod",
    "Target",
]
