from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The toolkit's one app with tables: work waiting to be handed to Celery, and heartbeats."""

    name = "anchors.common.outbox"
    label = "outbox"
    verbose_name = "Outbox (work handed to background workers)"
    default_auto_field = "django.db.models.BigAutoField"
