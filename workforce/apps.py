from django.apps import AppConfig

from anchors.common.registry import NavEntry


class WorkforceConfig(AppConfig):
    name = "workforce"
    default_auto_field = "django.db.models.BigAutoField"

    navigation: list[NavEntry] = [
        NavEntry(
            "workforce:index",
            "Workforce",
            order=35,
            visible="workforce.permissions.can_view_workforce",
        )
    ]
    exports = {
        "workforce.programmes": "workforce.views.exports.programmes",
        "workforce.rotations": "workforce.views.exports.rotations",
        "workforce.routes": "workforce.views.exports.routes",
    }
    api_routes = "workforce.api.routes"
    demo_loader = "workforce.demo.load"
    demo_order = 35
