"""View helpers every app uses."""

from django.core.exceptions import PermissionDenied

from anchors.permissions import can_view_collaborative


def member_collaborative(request):
    """The signed-in person's collaborative, or 403 when they hold no role in any."""
    collaborative = request.collaborative
    if not collaborative or not can_view_collaborative(request.user, collaborative):
        raise PermissionDenied
    return collaborative


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def posted(request):
    """The submitted data on a POST (even when empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None
