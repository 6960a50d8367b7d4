"""The delegated-authority register: who can commit each organisation to what."""

from itertools import groupby

from django.shortcuts import render

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.views import export_response, form_page, posted
from governance import permissions, selectors
from governance.forms import AuthorityForm
from governance.models import DelegatedAuthority
from governance.services import registers as services
from governance.views.common import collaborative_of, fetch


def authority_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    if exported := export_response(request, "governance.authority", collaborative=collaborative):
        return exported
    rows = list(selectors.delegated_authority(collaborative))
    by_organisation = [
        (organisation, list(entries))
        for organisation, entries in groupby(rows, key=lambda row: row.organisation)
    ]
    return render(
        request,
        "governance/authority_list.html",
        {
            "title": "Delegated authority",
            "section": "authority",
            "by_organisation": by_organisation,
            "can_manage": permissions.can_manage_governance(request.user, collaborative),
        },
    )


def authority_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    form = AuthorityForm(posted(request), collaborative=collaborative)
    return form_page(
        request,
        form,
        save=lambda data: services.authority_save(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda saved: (f"Authority recorded for {saved.person}.", "governance:authority_list"),
        template="governance/form.html",
        context={"title": "Record a delegated authority", "section": "authority"},
    )


def authority_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    authority = fetch(
        DelegatedAuthority.objects.filter(collaborative=collaborative), pk, collaborative
    )
    form = AuthorityForm(
        posted(request),
        instance=authority,
        collaborative=collaborative,
        initial={"version": version_of(authority)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.authority_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            authority=authority,
            version=data["version"],
        ),
        done=lambda saved: (f"Authority saved for {saved.person}.", "governance:authority_list"),
        template="governance/form.html",
        context={"title": "Edit a delegated authority", "section": "authority"},
    )
