from django.apps import AppConfig

from anchors.common.registry import NavEntry


class WorkforceConfig(AppConfig):
    name = "workforce"
    default_auto_field = "django.db.models.BigAutoField"

    # The overview's entry ("workforce:index", order 35) is added with the overview page.
    navigation: list[NavEntry] = []
    demo_loader = "workforce.demo.load"
    demo_order = 35
