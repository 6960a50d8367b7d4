from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from anchors.models import Collaborative
from anchors.permissions import is_facilitator, is_member


def demo_data_loaded() -> bool:
    key = "anchors:demo-loaded"
    value = cache.get(key)
    if value is None:
        value = Collaborative.objects.filter(is_demo=True).exists()
        cache.set(key, value, 60)
    return value


# Pages each app adds to the service navigation, in order; a name that does not resolve
# (its app has not built the page yet) is left out.
NAVIGATION = [
    ("anchors:workstream_list", "Workstreams"),
    ("anchors:workshop_list", "Workshops"),
    ("anchors:action_list", "Actions"),
    ("metrics:index", "Metrics"),
    ("procurement:index", "Procurement"),
    ("workforce:index", "Workforce"),
    ("governance:index", "Governance"),
]


def navigation_items():
    items = []
    for name, label in NAVIGATION:
        try:
            items.append({"href": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return items


def portal(request):
    user = getattr(request, "user", None)
    collaborative = getattr(request, "collaborative", None)
    signed_in = bool(user and user.is_authenticated)
    collaborative = collaborative if signed_in and collaborative else None
    return {
        "service_name": "Anchor Collaborative Portal",
        "show_demo_banner": demo_data_loaded(),
        "current_collaborative": collaborative,
        "nav_member": bool(collaborative) and is_member(user, collaborative),
        "nav_facilitator": bool(collaborative) and is_facilitator(user, collaborative),
        "nav_items": navigation_items() if collaborative else [],
    }
