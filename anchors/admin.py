from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from anchors.models import Collaborative, Invitation, Membership, Organisation, Person, Theme, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Collaborative)
class CollaborativeAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "backbone", "is_demo"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "role", "collaborative", "active"]
    list_filter = ["collaborative", "kind", "role", "active"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "email", "user"]
    list_filter = ["collaborative", "organisation"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "role", "collaborative"]
    list_filter = ["collaborative", "role"]


admin.site.register(Theme)
admin.site.register(Invitation)
admin.site.site_header = "Anchor Collaborative Portal administration"
admin.site.site_title = "Anchor Collaborative Portal admin"


# Workstreams, workshops and actions (issue 3)
from anchors.models import (  # noqa: E402
    Action,
    ActionReminder,
    Attendance,
    OrganisationUpdate,
    Participation,
    Speaker,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["organisation", "lead", "sponsor"]


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "collaborative", "next_workshop_on"]
    list_filter = ["collaborative", "status"]
    search_fields = ["name"]
    inlines = [ParticipationInline]

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the portal, which records who, when and why.
        return ["status"] if obj else []


@admin.register(WorkstreamStatusChange)
class WorkstreamStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["workstream", "from_status", "to_status", "changed_at", "created_by"]
    list_filter = ["collaborative", "to_status"]
    readonly_fields = ["workstream", "from_status", "to_status", "reason", "changed_at"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["workstream", "organisation", "sponsorship", "sponsorship_date", "lead"]
    list_filter = ["collaborative", "sponsorship", "workstream"]
    raw_id_fields = ["organisation", "lead", "sponsor"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person", "organisation"]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "workstream", "collaborative"]
    list_filter = ["collaborative", "workstream"]
    search_fields = ["title", "deep_dive_topic"]
    date_hierarchy = "date"
    inlines = [SpeakerInline, AttendanceInline]


@admin.register(OrganisationUpdate)
class OrganisationUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "workstream", "workshop", "date"]
    list_filter = ["collaborative", "workstream"]
    raw_id_fields = ["workshop", "organisation"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "organisation", "due_date", "state"]
    list_filter = ["collaborative", "state"]
    search_fields = ["description"]
    raw_id_fields = ["workshop", "owner", "organisation"]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["action", "sent_on", "kind", "recipient"]
    list_filter = ["sent_on", "kind"]
    raw_id_fields = ["action"]


# The security-event log (issue 8): read-only, written only by the portal itself.
from anchors.models import SecurityEvent  # noqa: E402


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "user", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["user__email", "ip_address", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    readonly_fields = ["at", "kind", "user", "ip_address", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
