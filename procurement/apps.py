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
    demo_loader = "procurement.demo.load"
    demo_order = 30
