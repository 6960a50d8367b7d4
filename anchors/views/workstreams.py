"""Pages for workstreams, their participants and sponsorship, and organisation updates."""

from django.contrib import messages
from django.shortcuts import redirect, render

from anchors import permissions
from anchors.base import PortalError, require
from anchors.forms.workstreams import (
    ParticipationForm,
    SponsorshipForm,
    UpdateForm,
    WorkstreamForm,
    WorkstreamStatusForm,
)
from anchors.models import Organisation, OrganisationUpdate
from anchors.selectors import workstreams as selectors
from anchors.services import workstreams as services
from anchors.services.common import version_of
from anchors.views.common import get_or_404, member_collaborative, posted, show_save_error


def _workstream(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workstreams(request.user, collaborative))
    return get_or_404(selectors.workstream_detail, collaborative=collaborative, pk=pk)


def _participation(request, pk, participation_pk):
    workstream = _workstream(request, pk)
    return get_or_404(selectors.participation_detail, workstream=workstream, pk=participation_pk)


def workstream_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workstreams(request.user, collaborative))
    return render(
        request,
        "anchors/workstream_list.html",
        {
            "workstreams": selectors.workstream_list(collaborative=collaborative),
            "can_manage": permissions.can_manage_workstreams(request.user, collaborative),
        },
    )


def workstream_detail(request, pk):
    workstream = _workstream(request, pk)
    user, collaborative = request.user, workstream.collaborative
    health = selectors.workstream_health(workstream=workstream)
    can_see_records = permissions.can_view_workshops(user, collaborative)
    status_changes = selectors.workstream_status_changes(workstream=workstream)
    timeline = selectors.workstream_timeline(
        workstream=workstream, include_records=can_see_records, status_changes=status_changes
    )
    return render(
        request,
        "anchors/workstream_detail.html",
        {
            "workstream": workstream,
            "health": health,
            "status_changes": status_changes,
            "timeline": timeline,
            "history": selectors.workstream_history(workstream=workstream),
            "can_see_records": can_see_records,
            "can_manage": permissions.can_manage_workstreams(user, collaborative),
            "can_change_status": permissions.can_change_workstream_status(user, workstream),
            "can_record": permissions.can_record_workshop(user, collaborative),
            "can_post_update": can_see_records and permissions.can_post_update(user, workstream),
            "sponsorship_ids": {
                p.participation.pk
                for p in health.participants
                if permissions.can_set_sponsorship(user, p.participation)
            },
            "editable_update_ids": {
                e.item.pk
                for e in timeline
                if e.kind == "update" and permissions.can_edit_update(user, e.item)
            },
        },
    )


def workstream_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_workstreams(request.user, collaborative))
    form = WorkstreamForm(posted(request), creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            workstream = services.workstream_create(
                user=request.user, collaborative=collaborative, data=form.cleaned_data
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{workstream.name} added.")
            return redirect(workstream)
    return render(
        request, "anchors/workstream_form.html", {"form": form, "title": "Add a workstream"}
    )


def workstream_edit(request, pk):
    workstream = _workstream(request, pk)
    require(permissions.can_manage_workstreams(request.user, workstream.collaborative))
    form = WorkstreamForm(
        posted(request), instance=workstream, initial={"version": version_of(workstream)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workstream_update(
                user=request.user,
                workstream=workstream,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, workstream)
        else:
            messages.success(request, f"{workstream.name} updated.")
            return redirect(workstream)
    return render(
        request,
        "anchors/workstream_form.html",
        {"form": form, "title": f"Edit {workstream.name}", "workstream": workstream},
    )


def workstream_status(request, pk):
    workstream = _workstream(request, pk)
    require(permissions.can_change_workstream_status(request.user, workstream))
    form = WorkstreamStatusForm(
        posted(request),
        current=workstream.status,
        initial={"version": version_of(workstream)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workstream_change_status(
                user=request.user,
                workstream=workstream,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, workstream)
        else:
            workstream.refresh_from_db()
            messages.success(
                request, f"{workstream.name} is now {workstream.get_status_display().lower()}."
            )
            return redirect(workstream)
    return render(
        request, "anchors/workstream_status_form.html", {"form": form, "workstream": workstream}
    )


def participation_add(request, pk):
    workstream = _workstream(request, pk)
    collaborative = workstream.collaborative
    require(permissions.can_manage_workstreams(request.user, collaborative))
    organisations = (
        Organisation.objects.filter(collaborative=collaborative)
        .exclude(participations__workstream=workstream)
        .order_by("name")
    )
    form = ParticipationForm(
        posted(request),
        collaborative=collaborative,
        adding=True,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.participation_add(
                user=request.user, workstream=workstream, data=form.cleaned_data
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, f"{participation.organisation.name} now takes part in {workstream.name}."
            )
            return redirect(workstream)
    return render(
        request,
        "anchors/workstream_participation_form.html",
        {"form": form, "workstream": workstream, "title": f"Add a participant to {workstream}"},
    )


def participation_edit(request, pk, participation_pk):
    participation = _participation(request, pk, participation_pk)
    workstream = participation.workstream
    require(permissions.can_manage_workstreams(request.user, workstream.collaborative))
    form = ParticipationForm(
        posted(request),
        instance=participation,
        collaborative=workstream.collaborative,
        initial={"version": version_of(participation)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_update(
                user=request.user,
                participation=participation,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, participation)
        else:
            messages.success(request, f"{participation.organisation.name}’s commitment updated.")
            return redirect(workstream)
    return render(
        request,
        "anchors/workstream_participation_form.html",
        {
            "form": form,
            "workstream": workstream,
            "participation": participation,
            "title": f"{participation.organisation.name} in {workstream.name}",
        },
    )


def participation_sponsorship(request, pk, participation_pk):
    participation = _participation(request, pk, participation_pk)
    workstream = participation.workstream
    require(permissions.can_set_sponsorship(request.user, participation))
    can_name_sponsor = permissions.can_manage_workstreams(request.user, workstream.collaborative)
    form = SponsorshipForm(
        posted(request),
        collaborative=workstream.collaborative,
        can_name_sponsor=can_name_sponsor,
        initial={
            "sponsorship": participation.sponsorship,
            "sponsor": participation.sponsor_id,
            "note": participation.sponsorship_note,
            "version": version_of(participation),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participation_set_sponsorship(
                user=request.user,
                participation=participation,
                sponsorship=data["sponsorship"],
                on_date=data.get("sponsorship_date"),
                note=data.get("note", ""),
                sponsor=data.get("sponsor"),
                version=data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, participation)
        else:
            participation.refresh_from_db()
            messages.success(
                request,
                f"Sponsorship for {participation.organisation.name} recorded as "
                f"{participation.get_sponsorship_display().lower()}.",
            )
            return redirect(workstream)
    return render(
        request,
        "anchors/workstream_sponsorship_form.html",
        {"form": form, "workstream": workstream, "participation": participation},
    )


# Organisation updates between workshops ------------------------------------------------------


def update_create(request, pk):
    workstream = _workstream(request, pk)
    user, collaborative = request.user, workstream.collaborative
    require(permissions.can_view_workshops(user, collaborative))
    require(permissions.can_post_update(user, workstream))
    allowed = permissions.update_organisation_ids(user, collaborative)
    organisations = Organisation.objects.filter(collaborative=collaborative).order_by("name")
    if allowed is not None:
        organisations = organisations.filter(pk__in=allowed)
    else:
        participating = organisations.filter(participations__workstream=workstream)
        organisations = participating if participating.exists() else organisations
    form = UpdateForm(posted(request), organisations=list(organisations))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_post(
                user=user,
                workstream=workstream,
                organisation=form.cleaned_data["organisation"],
                data=form.cleaned_data,
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Your update is on the workstream timeline.")
            return redirect(workstream)
    return render(
        request,
        "anchors/update_form.html",
        {"form": form, "workstream": workstream, "title": f"Post an update on {workstream}"},
    )


def update_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    update = get_or_404(
        OrganisationUpdate.objects.select_related("workstream", "organisation", "workshop").get,
        collaborative=collaborative,
        pk=pk,
    )
    require(permissions.can_edit_update(request.user, update))
    form = UpdateForm(
        posted(request),
        editing=True,
        initial={
            "date": update.date,
            "current_focus": update.current_focus,
            "challenges": update.challenges,
            "successes": update.successes,
            "version": version_of(update),
        },
    )
    if update.workshop_id:
        del form.fields["date"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_edit(
                user=request.user,
                update=update,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, update)
        else:
            messages.success(request, f"{update.organisation.short_name}’s update saved.")
            return redirect(update.workshop or update.workstream)
    return render(
        request,
        "anchors/update_form.html",
        {
            "form": form,
            "update": update,
            "workstream": update.workstream,
            "title": f"Edit {update.organisation.short_name}’s update",
        },
    )
