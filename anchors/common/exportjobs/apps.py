from django.apps import AppConfig


class ExportJobsConfig(AppConfig):
    """The toolkit's long exports: a job per request, its stored file and its state."""

    name = "anchors.common.exportjobs"
    label = "exportjobs"
    verbose_name = "Exports built in the background"
    default_auto_field = "django.db.models.BigAutoField"
