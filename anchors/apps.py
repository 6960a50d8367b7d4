from django.apps import AppConfig


class AnchorsConfig(AppConfig):
    name = "anchors"
    verbose_name = "Collaborative, organisations and people"
    default_auto_field = "django.db.models.BigAutoField"
