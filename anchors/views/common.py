"""View helpers every app uses."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from anchors.base import StaleEditError
from anchors.forms.base import show_current_values
from anchors.permissions import can_view_collaborative


def member_collaborative(request):
    """The signed-in person's collaborative, or 403 when they hold no role in any."""
    collaborative = request.collaborative
    if not collaborative or not can_view_collaborative(request.user, collaborative):
        raise PermissionDenied
    return collaborative


def posted(request):
    """The submitted data on a POST (even when empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None


def get_or_404(fetch, **kwargs):
    """Call a detail selector; a record that does not exist (in this collaborative) is a 404."""
    try:
        return fetch(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def show_save_error(form, error, instance):
    """After a stale save: say so, and show what the other person saved."""
    form.add_service_error(error)
    if isinstance(error, StaleEditError):
        instance.refresh_from_db()
        show_current_values(form, instance)
