from django.contrib import admin

from anchors.common.exportjobs.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "format", "rows", "state", "created_at", "finished_at")
    list_filter = ("state", "format")
    readonly_fields = [f.name for f in ExportJob._meta.fields]
