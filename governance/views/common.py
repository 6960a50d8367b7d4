"""Look-ups the governance pages share: 404 for anything outside the person's collaborative."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from anchors.views.common import member_collaborative

STATE_TAGS = {
    "raised": "govuk-tag--orange",
    "acknowledged": "govuk-tag--blue",
    "decided": "govuk-tag--green",
    "resolved": "govuk-tag--turquoise",
    "withdrawn": "govuk-tag--grey",
    "open": "govuk-tag--red",
    "mitigating": "govuk-tag--yellow",
    "accepted": "govuk-tag--grey",
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "done": "govuk-tag--green",
    "stalled": "govuk-tag--red",
}


def collaborative_of(request):
    return member_collaborative(request)


def fetch(queryset, pk, collaborative):
    """The row ``pk`` of ``queryset`` (already limited to the collaborative), or 404."""
    try:
        found = queryset.get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    found.collaborative = collaborative
    return found
