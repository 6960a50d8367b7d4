from django.apps import AppConfig

from anchors.common.registry import NavEntry


class GovernanceConfig(AppConfig):
    name = "governance"
    default_auto_field = "django.db.models.BigAutoField"

    # Part A: the governance pages; escalations move up by Celery beat (governance.tasks).
    api_routes = "governance.api.routes"
    exports = {
        "governance.escalations": "governance.views.exports.escalations",
        "governance.decisions": "governance.views.exports.decisions",
        "governance.authority": "governance.views.exports.authority",
        "governance.barriers": "governance.views.exports.barriers",
        "governance.roadmap": "governance.views.exports.roadmap",
    }
    demo_loader = "governance.demo.load"
    demo_order = 40  # after procurement's 30
    home_panels = "governance.views.home.panels"
    # "Raise an escalation" on workstream, action and procurement-position pages.
    object_links = "governance.views.links.links"

    navigation = [
        NavEntry(
            "governance:index",
            "Governance",
            order=70,
            visible="governance.permissions.can_view_governance",
        ),
        # Part B: every member's dashboard, right after Home.
        NavEntry(
            "governance:dashboard",
            "Dashboard",
            order=15,
            visible="governance.permissions.can_view_dashboard",
        ),
    ]
