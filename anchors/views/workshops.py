"""Pages for the workshop log: the filtered list, a workshop, and recording or correcting one."""

from django.shortcuts import render
from django.utils import timezone

from anchors import permissions
from anchors.common.errors import require
from anchors.common.pagination import keyed_rows, paginate
from anchors.common.views import export_response, form_page, get_or_404, posted
from anchors.forms.choices import WorkChoices
from anchors.forms.workshops import WorkshopFilterForm, WorkshopRecordForms
from anchors.selectors import workshops as selectors
from anchors.services import workshops as services
from anchors.views.common import member_collaborative


def workshop_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    if exported := export_response(request, "anchors.workshops", collaborative=collaborative):
        return exported
    choices = WorkChoices(collaborative)
    form = WorkshopFilterForm(request.GET or None, choices=choices)
    filters = form.filters()
    listed = selectors.workshop_list(
        collaborative=collaborative,
        workstream=filters.get("workstream"),
        theme=filters.get("theme"),
        organisation=filters.get("organisation"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    # The page's workshops chosen first, then only theirs counted (attendance, actions).
    page = paginate(request, keyed_rows(listed, rows=listed))
    return render(
        request,
        "anchors/workshop_list.html",
        {
            "filter_form": form,
            "page": page,
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
    record = WorkshopRecordForms(
        collaborative=collaborative,
        data=posted(request),
        workshop=workshop,
        initial_workstream=initial_workstream if initial_workstream.isdigit() else None,
    )
    if workshop is None:

        def save(data):
            data.pop("version", None)
            return services.workshop_record(user=request.user, collaborative=collaborative, **data)
    else:

        def save(data):
            return services.workshop_revise(user=request.user, workshop=workshop, **data)

    verb = "recorded" if workshop is None else "updated"
    return form_page(
        request,
        record,
        save=save,
        done=lambda saved: (f"Workshop “{saved.title}” {verb}.", saved),
        template="anchors/workshop_form.html",
        context={
            "record": record,
            "workshop": workshop,
            "title": "Record a workshop" if workshop is None else f"Edit {workshop.title}",
            "has_errors": request.method == "POST" and not record.added and record.has_errors(),
        },
    )


def workshop_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_record_workshop(request.user, collaborative))
    return _workshop_form(request, collaborative=collaborative)


def workshop_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    workshop = get_or_404(selectors.workshop_for_edit, collaborative=collaborative, pk=pk)
    require(permissions.can_edit_workshop(request.user, workshop))
    return _workshop_form(request, collaborative=collaborative, workshop=workshop)
