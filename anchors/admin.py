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
