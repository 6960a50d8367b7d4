"""The barrier register."""

from django.shortcuts import render

from anchors.common.errors import require
from anchors.common.history import history_entries
from anchors.common.locking import version_of
from anchors.common.views import export_response, form_page, posted
from governance import permissions, selectors
from governance.forms import BarrierForm
from governance.models import Barrier
from governance.services import registers as services
from governance.views.common import STATE_TAGS, collaborative_of, fetch


def barrier_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    if exported := export_response(request, "governance.barriers", collaborative=collaborative):
        return exported
    return render(
        request,
        "governance/barrier_list.html",
        {
            "title": "Barriers",
            "section": "barriers",
            "barriers": selectors.barriers(collaborative),
            "tags": STATE_TAGS,
            "can_manage": permissions.can_manage_governance(request.user, collaborative),
            "can_raise": permissions.can_raise_escalation(request.user, collaborative),
        },
    )


def barrier_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    barrier = fetch(selectors.barriers(collaborative), pk, collaborative)
    history = history_entries(
        Barrier.history.filter(id=barrier.pk).select_related("history_user__person"),
        label=lambda record: "Barrier",
    )
    return render(
        request,
        "governance/barrier_detail.html",
        {
            "title": barrier.title,
            "section": "barriers",
            "barrier": barrier,
            "tags": STATE_TAGS,
            "history": list(reversed(history)),
            "can_manage": permissions.can_manage_governance(request.user, collaborative),
            "can_raise": permissions.can_raise_escalation(request.user, collaborative),
        },
    )


def barrier_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    form = BarrierForm(posted(request), collaborative=collaborative)
    return form_page(
        request,
        form,
        save=lambda data: services.barrier_save(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda saved: (f"Barrier “{saved.title}” added.", saved),
        template="governance/form.html",
        context={"title": "Add a barrier", "section": "barriers"},
    )


def barrier_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    barrier = fetch(selectors.barriers(collaborative), pk, collaborative)
    form = BarrierForm(
        posted(request),
        instance=barrier,
        collaborative=collaborative,
        initial={"version": version_of(barrier)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.barrier_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            barrier=barrier,
            version=data["version"],
        ),
        done=lambda saved: (f"Barrier “{saved.title}” saved.", saved),
        template="governance/form.html",
        context={
            "title": f"Edit {barrier.title}",
            "section": "barriers",
            "back_url": barrier.get_absolute_url(),
        },
    )
