from django.core.cache import cache

from anchors.common.registry import navigation_items
from anchors.models import Collaborative
from anchors.permissions import is_facilitator, is_member

DEMO_CACHE_KEY = "anchors:demo-loaded"


def demo_data_loaded() -> bool:
    value = cache.get(DEMO_CACHE_KEY)
    if value is None:
        value = Collaborative.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, value, 60)
    return value


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
        # Each app declares its entries in its AppConfig (anchors.common.registry).
        "nav_items": navigation_items(user, collaborative) if collaborative else [],
    }
