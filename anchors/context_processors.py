from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from anchors.models import Collaborative
from anchors.permissions import is_facilitator, is_member
from anchors.permissions.work import can_view_actions, can_view_workshops, can_view_workstreams


def demo_data_loaded() -> bool:
    key = "anchors:demo-loaded"
    value = cache.get(key)
    if value is None:
        value = Collaborative.objects.filter(is_demo=True).exists()
        cache.set(key, value, 60)
    return value


# Pages each app adds to the service navigation, in order; a name that does not resolve
# (its app has not built the page yet) is left out.
# An entry's predicate hides it from people who would only be refused there.
NAVIGATION = [
    ("anchors:workstream_list", "Workstreams", can_view_workstreams),
    ("anchors:workshop_list", "Workshops", can_view_workshops),
    ("anchors:action_list", "Actions", can_view_actions),
    ("metrics:index", "Metrics", None),
    ("procurement:index", "Procurement", None),
    ("workforce:index", "Workforce", None),
    ("governance:index", "Governance", None),
]


def navigation_items(user, collaborative):
    items = []
    for name, label, visible in NAVIGATION:
        if visible is not None and not visible(user, collaborative):
            continue
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
        "nav_items": navigation_items(user, collaborative) if collaborative else [],
    }
