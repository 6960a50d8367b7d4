"""What each app declares about itself, read by the toolkit: its navigation entries and its demo
loader. No app names another; a lower app never learns what stands above it.

In an app's ``AppConfig``::

    navigation = [
        NavEntry("metrics:index", "Metrics", order=40,
                 visible="metrics.permissions.can_view_framework"),
    ]
    home_panels = "metrics.views.home.panels"   # panels(request, collaborative) -> [dict]
    object_links = "governance.views.links.links"   # links(request, thing) -> [dict]
    api_routes = "metrics.api.routes"   # routes() -> [(prefix, viewset, basename)]
    demo_loader = "metrics.demo.load"   # load(*, collaborative, stdout)
    demo_order = 20                     # loaders run in this order, each after those below it

The lowest loader (the base layer's) is called with ``collaborative=None`` and returns the
collaborative it made; each later loader receives it.

``visible`` names a predicate ``(user, collaborative) -> bool``; entries whose URL does not
resolve yet are left out.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    order: int = 100
    visible: str | None = None  # dotted path of a predicate (user, collaborative) -> bool
    exact: bool = False  # current only on its own URL (Home), not on every page below it

    def shows_for(self, user, collaborative) -> bool:
        return self.visible is None or bool(import_string(self.visible)(user, collaborative))


@cache
def navigation_entries() -> tuple[NavEntry, ...]:
    entries = [
        entry for config in apps.get_app_configs() for entry in getattr(config, "navigation", ())
    ]
    return tuple(sorted(entries, key=lambda entry: (entry.order, entry.label)))


def navigation_items(user, collaborative) -> list[dict]:
    """The service navigation for this person: what their roles let them open."""
    items = []
    for entry in navigation_entries():
        if not entry.shows_for(user, collaborative):
            continue
        try:
            items.append(
                {"href": reverse(entry.url_name), "label": entry.label, "exact": entry.exact}
            )
        except NoReverseMatch:
            continue
    return items


def home_panels(request, collaborative) -> list[dict]:
    """The "what needs me now" panels every app adds to the home page, lowest layer first: each
    a dict with the ``template`` that draws it (and what the template needs)."""
    panels = []
    for config in apps.get_app_configs():
        if getattr(config, "home_panels", None):
            panels += import_string(config.home_panels)(request, collaborative)
    return panels


def object_links(request, thing) -> list[dict]:
    """Links higher apps offer on a lower app's page about ``thing`` ("Raise an escalation" on a
    workstream): each app's ``object_links`` (dotted path of ``links(request, thing) -> [dict]``,
    dicts with ``href`` and ``label``), so a lower page never names what stands above it."""
    links = []
    for config in apps.get_app_configs():
        if getattr(config, "object_links", None):
            links += import_string(config.object_links)(request, thing)
    return links


def api_routes() -> list[tuple[str, object, str]]:
    """(URL prefix, viewset, basename) of every app's read-only API, lowest layer first: each
    app's ``api_routes`` names a function returning its own. ``config/urls.py`` registers them
    under ``/api/v1/``, so no app names another's endpoints."""
    routes = []
    for config in apps.get_app_configs():
        if getattr(config, "api_routes", None):
            routes += import_string(config.api_routes)()
    return routes


def demo_loaders() -> list[tuple[str, object]]:
    """(app label, loader) for every app with demo data, lowest layer first."""
    configs = [config for config in apps.get_app_configs() if getattr(config, "demo_loader", None)]
    configs.sort(key=lambda config: getattr(config, "demo_order", 100))
    return [(config.label, import_string(config.demo_loader)) for config in configs]


# -- Exports ---------------------------------------------------------------------------------
# An app's ``AppConfig.exports`` maps export names to the dotted path of a function
# ``build(*, user, collaborative, query) -> anchors.common.exports.TableExport`` (the page's
# table with the page's filters, ``query`` a QueryDict). The base layer's ``AppConfig.export_scope``
# names ``scope(user, pk) -> collaborative or None``: the collaborative a background export runs in,
# still the person's. Nothing in the toolkit names a domain module.


@cache
def export_builders() -> dict[str, str]:
    builders = {}
    for config in apps.get_app_configs():
        builders.update(getattr(config, "exports", None) or {})
    return builders


def export_builder(name):
    """The function that builds the table exported as ``name`` (KeyError if none)."""
    return import_string(export_builders()[name])


def export_scope(user, pk):
    """The collaborative ``pk`` if ``user`` still works in it (None otherwise)."""
    for config in apps.get_app_configs():
        if getattr(config, "export_scope", None):
            return import_string(config.export_scope)(user, pk)
    return None
