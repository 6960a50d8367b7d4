"""Look-ups every procurement view shares: 404 for anything outside the person's collaborative."""

from django.http import Http404

from anchors.models import Organisation
from anchors.views.common import member_collaborative

# The maturity level's colour class; the level's number and name are always shown beside it.
LEVEL_TAGS = {
    1: "govuk-tag--red",
    2: "govuk-tag--orange",
    3: "govuk-tag--yellow",
    4: "govuk-tag--blue",
    5: "govuk-tag--green",
}
PASSPORT_TAGS = {
    "missing": "govuk-tag--red",
    "expired": "govuk-tag--red",
    "due_soon": "govuk-tag--yellow",
    "current": "govuk-tag--green",
}


def collaborative_of(request):
    return member_collaborative(request)


def get_organisation(collaborative, pk) -> Organisation:
    try:
        organisation = Organisation.objects.get(collaborative=collaborative, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    organisation.collaborative = collaborative
    return organisation
