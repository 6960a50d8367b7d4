"""The roadmap: the seven recommendations and the shared objectives with their metrics."""

from django.shortcuts import render

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.views import export_response, form_page, posted
from governance import permissions, selectors
from governance.forms import ObjectiveForm, RecommendationForm
from governance.models import Objective, Recommendation
from governance.services import registers as services
from governance.views.common import STATE_TAGS, collaborative_of, fetch


def roadmap(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    if exported := export_response(request, "governance.roadmap", collaborative=collaborative):
        return exported
    return render(
        request,
        "governance/roadmap.html",
        {
            "title": "Roadmap",
            "section": "roadmap",
            "roadmap": selectors.roadmap(collaborative),
            "tags": STATE_TAGS,
            "can_manage": permissions.can_manage_governance(request.user, collaborative),
        },
    )


def recommendation_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    recommendation = fetch(
        Recommendation.objects.filter(collaborative=collaborative), pk, collaborative
    )
    form = RecommendationForm(
        posted(request),
        instance=recommendation,
        collaborative=collaborative,
        initial={"version": version_of(recommendation)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.recommendation_update(
            user=request.user,
            recommendation=recommendation,
            data=data,
            version=data["version"],
        ),
        done=lambda saved: (f"Recommendation {saved.number} updated.", "governance:roadmap"),
        template="governance/form.html",
        context={
            "title": f"Recommendation {recommendation.number}",
            "caption": recommendation.title,
            "section": "roadmap",
        },
    )


def objective_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    form = ObjectiveForm(posted(request), collaborative=collaborative)
    return form_page(
        request,
        form,
        save=lambda data: services.objective_save(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda saved: ("Shared objective added.", "governance:roadmap"),
        template="governance/form.html",
        context={"title": "Add a shared objective", "section": "roadmap"},
    )


def objective_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    objective = fetch(Objective.objects.filter(collaborative=collaborative), pk, collaborative)
    form = ObjectiveForm(
        posted(request),
        instance=objective,
        collaborative=collaborative,
        initial={"version": version_of(objective)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.objective_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            objective=objective,
            version=data["version"],
        ),
        done=lambda saved: ("Shared objective saved.", "governance:roadmap"),
        template="governance/form.html",
        context={"title": "Edit a shared objective", "section": "roadmap"},
    )
