"""The shared resources library: documents by theme and organisation, their versions, uploads."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import form_page, get_or_404, posted
from procurement import permissions
from procurement.forms.resources import ResourceFilterForm, ResourceForm, ResourceVersionForm
from procurement.selectors import resources as selectors
from procurement.services import resources as services
from procurement.views.common import collaborative_of


def resource_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    filter_form = ResourceFilterForm(request.GET or None, collaborative=collaborative)
    chosen = filter_form.filters() if request.GET else {}
    return render(
        request,
        "procurement/resource_list.html",
        {
            "title": "Shared resources",
            "page": paginate(
                request,
                selectors.resource_list(
                    collaborative=collaborative,
                    theme=chosen.get("theme"),
                    organisation=chosen.get("organisation"),
                    kind=chosen.get("kind", ""),
                ),
            ),
            "filter_form": filter_form,
            "filtered": any(chosen.values()),
            "clear_url": reverse("procurement:resource_list"),
            "new_url": reverse("procurement:resource_create")
            if permissions.can_share_resources(request.user, collaborative)
            else None,
            "new_label": "Share a document",
            "section": "resources",
        },
    )


def _get_resource(collaborative, pk):
    return get_or_404(selectors.resource_detail, collaborative=collaborative, pk=pk)


def resource_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    resource = _get_resource(collaborative, pk)
    versions = list(resource.versions.all())
    return render(
        request,
        "procurement/resource_detail.html",
        {
            "title": resource.title,
            "resource": resource,
            "versions": versions,
            "current": versions[0] if versions else None,
            "can_change": permissions.can_change_resource(request.user, resource),
            "section": "resources",
        },
    )


def resource_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_share_resources(request.user, collaborative))
    form = ResourceForm(
        posted(request),
        request.FILES or None,
        collaborative=collaborative,
        organisation_ids=permissions.resource_organisation_ids(request.user, collaborative),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.resource_create(
            user=request.user, collaborative=collaborative, data=data, upload=data["file"]
        ),
        done=lambda resource: (f"{resource.title} shared.", resource),
        template="layouts/form.html",
        context={
            "title": "Share a document",
            "back_url": reverse("procurement:resource_list"),
            "cancel_url": reverse("procurement:resource_list"),
        },
    )


def resource_version_add(request, pk):
    collaborative = collaborative_of(request)
    resource = _get_resource(collaborative, pk)
    require(permissions.can_change_resource(request.user, resource))
    form = ResourceVersionForm(
        posted(request), request.FILES or None, initial={"version": version_of(resource)}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.resource_version_add(
            user=request.user,
            resource=resource,
            upload=data["file"],
            note=data.get("note", ""),
            version=data["version"],
        ),
        done=lambda added: (f"Version {added.number} of {resource.title} uploaded.", resource),
        template="layouts/form.html",
        context={
            "title": "Upload a new version",
            "caption": resource.title,
            "back_url": resource.get_absolute_url(),
            "cancel_url": resource.get_absolute_url(),
        },
    )


def resource_download(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    version = get_or_404(selectors.resource_version, collaborative=collaborative, pk=pk)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=version.filename)
