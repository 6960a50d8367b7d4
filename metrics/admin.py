"""Metrics in the Django admin: for administrators; day-to-day work happens in the portal pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrics.models import (
    FrameworkVersion,
    ImportBatch,
    Metric,
    MetricValue,
    Outcome,
    ReminderLog,
    ReportingPeriod,
    Target,
)


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "collaborative"]
    list_filter = ["collaborative"]


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "kind", "direction", "active", "collaborative"]
    list_filter = ["collaborative", "kind", "unit", "active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["themes"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "note", "created_at", "collaborative"]
    list_filter = ["collaborative"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "deadline", "collaborative"]
    list_filter = ["collaborative", "state", "financial_year"]


@admin.register(MetricValue)
class MetricValueAdmin(SimpleHistoryAdmin):
    list_display = ["metric", "organisation", "period", "value", "numerator", "denominator"]
    list_display += ["state"]
    list_filter = ["collaborative", "state", "period", "metric"]
    list_select_related = ["metric", "organisation", "period"]
    search_fields = ["metric__code", "organisation__short_name"]
    raw_id_fields = ["entered_by", "submitted_by", "verified_by", "returned_by"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["metric", "financial_year", "organisation", "value"]
    list_filter = ["collaborative", "financial_year"]
    list_select_related = ["metric", "organisation"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "rows", "to_create", "to_change", "errors", "created_at"]
    list_filter = ["collaborative", "status"]
    exclude = ["content"]
    readonly_fields = ["sha256", "plan_digest", "imported_at"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["email", "sent_on", "collaborative"]
    list_filter = ["collaborative", "sent_on"]
