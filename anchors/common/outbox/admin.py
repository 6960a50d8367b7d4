from django.contrib import admin

from anchors.common.outbox.models import Heartbeat, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what waits for a worker, what failed and why (the relay retries on its own)."""

    list_display = ("pk", "task", "created_at", "attempts", "next_attempt_at", "sent_at", "done_at")
    list_filter = ("task", ("done_at", admin.EmptyFieldListFilter))
    search_fields = ("task", "key", "last_error")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "at", "count")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
