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
    exports = {
        "metrics.framework": "metrics.views.exports.framework",
        "metrics.periods": "metrics.views.exports.periods",
        "metrics.submissions": "metrics.views.exports.submissions",
        "metrics.late": "metrics.views.exports.late",
        "metrics.metric": "metrics.views.exports.metric_progress",
        "metrics.figures": "metrics.views.exports.figures",
    }
    demo_loader = "metrics.demo.load"
    demo_order = 20
