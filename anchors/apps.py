from importlib import import_module

from django.apps import AppConfig

from anchors.common.registry import NavEntry


class AnchorsConfig(AppConfig):
    name = "anchors"
    verbose_name = "Collaborative, organisations and people"
    default_auto_field = "django.db.models.BigAutoField"

    # What this app adds to the service navigation and the demo (anchors.common.registry).
    navigation = [
        NavEntry("anchors:home", "Home", order=0, exact=True),
        NavEntry(
            "anchors:workstream_list",
            "Workstreams",
            order=10,
            visible="anchors.permissions.work.can_view_workstreams",
        ),
        NavEntry(
            "anchors:workshop_list",
            "Workshops",
            order=20,
            visible="anchors.permissions.work.can_view_workshops",
        ),
        NavEntry(
            "anchors:action_list",
            "Actions",
            order=30,
            visible="anchors.permissions.work.can_view_actions",
        ),
        NavEntry("anchors:organisation_list", "Organisations", order=80),
        NavEntry("anchors:person_list", "People", order=90),
    ]
    # Every table page's export (anchors.common.exports), and the collaborative a background
    # export runs in.
    exports = {
        "anchors.organisations": "anchors.views.exports.organisations",
        "anchors.people": "anchors.views.exports.people",
        "anchors.workstreams": "anchors.views.exports.workstreams",
        "anchors.workshops": "anchors.views.exports.workshops",
        "anchors.actions": "anchors.views.exports.actions",
    }
    export_scope = "anchors.views.exports.scope"
    api_routes = "anchors.api.routes"
    demo_loader = "anchors.demo.load_into"
    demo_order = 0

    def ready(self):
        # Receivers connect when their module is imported; it needs the models, which are only
        # ready now (security events, allauth's verified emails, the sign-in session marks).
        import_module("anchors.signals")
