from django.apps import AppConfig

from anchors.common.registry import NavEntry


class ProcurementConfig(AppConfig):
    name = "procurement"
    default_auto_field = "django.db.models.BigAutoField"

    navigation = [
        NavEntry(
            "procurement:index",
            "Procurement",
            order=30,
            visible="procurement.permissions.can_view_procurement",
        )
    ]
    api_routes = "procurement.api.routes"
    exports = {
        "procurement.status": "procurement.views.exports.status",
        "procurement.pipeline": "procurement.views.exports.pipeline",
        "procurement.joint": "procurement.views.exports.joint",
        "procurement.suppliers": "procurement.views.exports.suppliers",
        "procurement.events": "procurement.views.exports.events",
        "procurement.spend": "procurement.views.exports.spend",
    }
    demo_loader = "procurement.demo.load"
    demo_order = 30
