"""Procurement in the Django admin: for administrators; day-to-day work happens in the portal
pages. Each part of the app registers its own models in its own block."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procurement.models import (
    AreaDistrict,
    BuyerIdentifier,
    EngagementEvent,
    JointProposal,
    Opportunity,
    OrganisationStatus,
    PassportItem,
    PipelineItem,
    PipelineNotice,
    Resource,
    ResourceVersion,
    Supplier,
)

# --- Part A: status, suppliers, events, resources ----------------------------------------------


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "collaborative"]
    list_filter = ["collaborative"]


@admin.register(OrganisationStatus)
class OrganisationStatusAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "theme", "opportunity", "level", "reviewed_at"]
    list_filter = ["collaborative", "level"]


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "company_number", "postcode", "is_local", "sme", "vcse"]
    list_filter = ["collaborative", "is_local", "sme", "vcse", "bame_led", "needs_review"]
    search_fields = ["name", "company_number", "charity_number", "postcode"]
    readonly_fields = ["normalised_name", "postcode_district", "is_local"]


@admin.register(PassportItem)
class PassportItemAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "kind", "dated", "review_date"]
    list_filter = ["collaborative", "kind"]


@admin.register(AreaDistrict)
class AreaDistrictAdmin(SimpleHistoryAdmin):
    list_display = ["district", "partial", "collaborative"]
    list_filter = ["collaborative"]


@admin.register(EngagementEvent)
class EngagementEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "collaborative"]
    list_filter = ["collaborative", "kind"]


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organisation", "collaborative"]
    list_filter = ["collaborative", "kind"]


@admin.register(ResourceVersion)
class ResourceVersionAdmin(admin.ModelAdmin):
    list_display = ["resource", "number", "filename", "size", "created_at"]
    list_filter = ["collaborative"]


# --- Part B: the tender pipeline, buyer identifiers, joint proposals ---------------------------


class PipelineNoticeInline(admin.TabularInline):
    model = PipelineNotice
    extra = 0
    fields = ["release_id", "notice_type", "stage", "published", "url", "applied"]
    readonly_fields = fields


@admin.register(PipelineItem)
class PipelineItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "cpv_code", "stage", "window_start", "source"]
    list_filter = ["collaborative", "stage", "source", "open_to_joint"]
    search_fields = ["title", "ocid", "cpv_code"]
    readonly_fields = ["window_start", "window_end"]
    raw_id_fields = ["incumbent_supplier"]
    inlines = [PipelineNoticeInline]


@admin.register(BuyerIdentifier)
class BuyerIdentifierAdmin(admin.ModelAdmin):
    list_display = ["identifier", "organisation", "collaborative"]
    list_filter = ["collaborative"]
    search_fields = ["identifier", "organisation__name"]


@admin.register(JointProposal)
class JointProposalAdmin(SimpleHistoryAdmin):
    list_display = ["summary", "cpv_prefix", "created_at", "collaborative"]
    list_filter = ["collaborative"]
    readonly_fields = ["match_key", "cpv_prefix"]
