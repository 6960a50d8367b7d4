"""Pages for the workshop log: the filtered list, a workshop, and recording or correcting one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from anchors import permissions
from anchors.base import PortalError, StaleEditError, require
from anchors.forms.choices import WorkChoices
from anchors.forms.workshops import WorkshopFilterForm, WorkshopRecordForms
from anchors.models import Workshop
from anchors.selectors import workshops as selectors
from anchors.services import workshops as services
from anchors.services.common import version_of
from anchors.views.common import get_or_404, member_collaborative


def workshop_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    choices = WorkChoices(collaborative)
    form = WorkshopFilterForm(request.GET or None, choices=choices)
    filters = form.filters()
    workshops = selectors.workshop_list(
        collaborative=collaborative,
        workstream=filters.get("workstream"),
        theme=filters.get("theme"),
        organisation=filters.get("organisation"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    return render(
        request,
        "anchors/workshop_list.html",
        {
            "filter_form": form,
            "workshops": workshops,
            "filtered": any(filters.values()),
            "can_record": permissions.can_record_workshop(request.user, collaborative),
            "today": timezone.localdate(),
        },
    )


def workshop_detail(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    workshop = get_or_404(selectors.workshop_detail, collaborative=collaborative, pk=pk)
    user = request.user
    return render(
        request,
        "anchors/workshop_detail.html",
        {
            "workshop": workshop,
            "no_update": selectors.attending_organisations_without_update(workshop),
            "can_edit": permissions.can_edit_workshop(user, workshop),
            "editable_update_ids": {
                u.pk for u in workshop.updates.all() if permissions.can_edit_update(user, u)
            },
            "completable_action_ids": {
                a.pk for a in workshop.actions.all() if permissions.can_complete_action(user, a)
            },
        },
    )


def _workshop_form(request, *, collaborative, workshop=None):
    initial_workstream = request.GET.get("workstream", "")
    forms = WorkshopRecordForms(
        collaborative=collaborative,
        data=request.POST if request.method == "POST" else None,
        workshop=workshop,
        initial_workstream=initial_workstream if initial_workstream.isdigit() else None,
    )
    stale = False
    if request.method == "POST" and forms.is_valid():
        try:
            if workshop is None:
                saved = services.workshop_record(
                    user=request.user, collaborative=collaborative, **forms.service_kwargs()
                )
            else:
                saved = services.workshop_revise(
                    user=request.user,
                    workshop=workshop,
                    version=forms.version,
                    **forms.service_kwargs(),
                )
        except PortalError as error:
            forms.attach(error)
            if isinstance(error, StaleEditError):
                # A second save replaces what the other person saved: it carries the new version.
                forms.about.data["version"] = version_of(Workshop.objects.get(pk=workshop.pk))
                stale = True
        else:
            verb = "recorded" if workshop is None else "updated"
            messages.success(request, f"Workshop “{saved.title}” {verb}.")
            return redirect(saved)
    return render(
        request,
        "anchors/workshop_form.html",
        {
            "record": forms,
            "workshop": workshop,
            "title": "Record a workshop" if workshop is None else f"Edit {workshop.title}",
            "has_errors": request.method == "POST" and not forms.added and forms.has_errors(),
            "stale": stale,
        },
    )


def workshop_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_record_workshop(request.user, collaborative))
    return _workshop_form(request, collaborative=collaborative)


def workshop_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    workshop = get_or_404(selectors.workshop_detail, collaborative=collaborative, pk=pk)
    require(permissions.can_edit_workshop(request.user, workshop))
    return _workshop_form(request, collaborative=collaborative, workshop=workshop)
