from django.apps import AppConfig

from anchors.common.registry import NavEntry


class MetricsConfig(AppConfig):
    name = "metrics"
    default_auto_field = "django.db.models.BigAutoField"

    navigation = [
        NavEntry(
            "metrics:index", "Metrics", order=40, visible="metrics.permissions.can_view_framework"
        )
    ]
    home_panels = "metrics.views.home.panels"
    api_routes = "metrics.api.routes"
    demo_loader = "metrics.demo.load"
    demo_order = 20
