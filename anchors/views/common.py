"""What every app's views need from the base layer: the person's collaborative."""

from django.core.exceptions import PermissionDenied

from anchors.permissions import can_view_collaborative


def member_collaborative(request):
    """The signed-in person's collaborative, or 403 when they hold no role in any."""
    collaborative = request.collaborative
    if not collaborative or not can_view_collaborative(request.user, collaborative):
        raise PermissionDenied
    return collaborative
