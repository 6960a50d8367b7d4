"""Routes into work: each anchor's volunteer programmes and school or college partnerships, with
the people reached and progressions into employment by period (counted, never named)."""

from django.shortcuts import render
from django.urls import reverse

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, posted
from anchors.models import Organisation
from anchors.views.common import member_collaborative
from workforce import permissions
from workforce.forms.routes import RouteActivityForm, RouteProgrammeForm
from workforce.selectors import routes as selectors
from workforce.services import routes as services


def _editable(user, collaborative):
    ids = permissions.workforce_organisation_ids(user, collaborative)
    organisations = Organisation.objects.filter(collaborative=collaborative).order_by("name")
    if ids is None:
        return organisations.filter(role=Organisation.CollaborativeRole.CORE_ANCHOR)
    return organisations.filter(pk__in=ids)


def route_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    if exported := export_response(request, "workforce.routes", collaborative=collaborative):
        return exported
    page = paginate(request, selectors.programme_list(collaborative=collaborative))
    return render(
        request,
        "workforce/route_list.html",
        {
            "title": "Routes into work",
            "section": "routes",
            "page": page,
            "new_url": reverse("workforce:route_create")
            if permissions.can_keep_any_workforce(request.user, collaborative)
            else None,
            "new_label": "Add a route into work",
        },
    )


def route_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_keep_any_workforce(request.user, collaborative))
    form = RouteProgrammeForm(posted(request), organisations=_editable(request.user, collaborative))
    return form_page(
        request,
        form,
        save=lambda data: services.route_programme_create(
            user=request.user, organisation=data["organisation"], data=data
        ),
        done=lambda programme: (
            f"{programme.partner} added.",
            reverse("workforce:route_detail", args=[programme.pk]),
        ),
        template="workforce/route_form.html",
        context={"title": "Add a route into work", "back_url": reverse("workforce:route_list")},
    )


def _programme(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    return get_or_404(selectors.programme_detail, collaborative=collaborative, pk=pk)


def route_detail(request, pk):
    programme = _programme(request, pk)
    return render(
        request,
        "workforce/route_detail.html",
        {
            "title": programme.partner,
            "section": "routes",
            "programme": programme,
            "activities": paginate(request, selectors.activities(programme=programme)),
            "can_edit": permissions.can_edit_workforce(request.user, programme.organisation),
        },
    )


def route_edit(request, pk):
    programme = _programme(request, pk)
    require(permissions.can_edit_workforce(request.user, programme.organisation))
    form = RouteProgrammeForm(
        posted(request),
        instance=programme,
        organisations=Organisation.objects.none(),
        editing=True,
        initial={"version": version_of(programme)},
    )
    detail = reverse("workforce:route_detail", args=[programme.pk])
    return form_page(
        request,
        form,
        save=lambda data: services.route_programme_update(
            user=request.user, programme=programme, data=data, version=data.get("version")
        ),
        done=("Route into work saved.", detail),
        template="workforce/route_form.html",
        context={"title": f"Change {programme.partner}", "back_url": detail},
    )


def route_activity(request, pk):
    programme = _programme(request, pk)
    require(permissions.can_edit_workforce(request.user, programme.organisation))
    form = RouteActivityForm(posted(request), collaborative=programme.collaborative)
    detail = reverse("workforce:route_detail", args=[programme.pk])
    return form_page(
        request,
        form,
        save=lambda data: services.route_activity_save(
            user=request.user,
            programme=programme,
            period=data["period"],
            people_reached=data["people_reached"],
            progressions=data["progressions"],
        ),
        done=lambda activity: (f"{activity.period.short_label} counted.", detail),
        template="workforce/route_form.html",
        context={
            "title": "People reached in a period",
            "caption": programme.partner,
            "back_url": detail,
        },
    )
