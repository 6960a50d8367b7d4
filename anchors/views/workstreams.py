"""Pages for workstreams, their participants and sponsorship, and organisation updates."""

from django.shortcuts import render

from anchors import permissions
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, posted
from anchors.forms.workstreams import (
    ParticipationForm,
    SponsorshipForm,
    UpdateForm,
    WorkstreamForm,
    WorkstreamStatusForm,
)
from anchors.selectors import workstreams as selectors
from anchors.services import workstreams as services
from anchors.views.common import member_collaborative


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
    if exported := export_response(request, "anchors.workstreams", collaborative=collaborative):
        return exported
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
    timeline = paginate(
        request,
        selectors.workstream_timeline(workstream=workstream, include_records=can_see_records),
        param="timeline_page",
        fragment="timeline-heading",
    )
    return render(
        request,
        "anchors/workstream_detail.html",
        {
            "workstream": workstream,
            "health": health,
            "status_changes": status_changes,
            "timeline": timeline,
            "history": paginate(
                request,
                selectors.workstream_history(workstream=workstream),
                param="history_page",
                fragment="history",
            ),
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
    return form_page(
        request,
        WorkstreamForm(posted(request), creating=True),
        save=lambda data: services.workstream_create(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda workstream: (f"{workstream.name} added.", workstream),
        template="anchors/workstream_form.html",
        context={"title": "Add a workstream"},
    )


def workstream_edit(request, pk):
    workstream = _workstream(request, pk)
    require(permissions.can_manage_workstreams(request.user, workstream.collaborative))
    return form_page(
        request,
        WorkstreamForm(
            posted(request), instance=workstream, initial={"version": version_of(workstream)}
        ),
        save=lambda data: services.workstream_update(
            user=request.user, workstream=workstream, data=data, version=data["version"]
        ),
        done=(f"{workstream.name} updated.", workstream),
        template="anchors/workstream_form.html",
        context={"title": f"Edit {workstream.name}", "workstream": workstream},
    )


def workstream_status(request, pk):
    workstream = _workstream(request, pk)
    require(permissions.can_change_workstream_status(request.user, workstream))
    form = WorkstreamStatusForm(
        posted(request),
        current=workstream.status,
        initial={"version": version_of(workstream)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.workstream_change_status(
            user=request.user,
            workstream=workstream,
            status=data["status"],
            reason=data["reason"],
            version=data["version"],
        ),
        done=lambda saved: (
            f"{saved.name} is now {saved.get_status_display().lower()}.",
            saved,
        ),
        template="anchors/workstream_status_form.html",
        context={
            "workstream": workstream,
            "title": "Change the status",
            "caption": workstream.name,
            "cancel_url": workstream.get_absolute_url(),
        },
    )


def participation_add(request, pk):
    workstream = _workstream(request, pk)
    collaborative = workstream.collaborative
    require(permissions.can_manage_workstreams(request.user, collaborative))
    form = ParticipationForm(
        posted(request),
        collaborative=collaborative,
        adding=True,
        organisations=selectors.organisations_not_in(workstream=workstream),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.participation_add(
            user=request.user, workstream=workstream, data=data
        ),
        done=lambda participation: (
            f"{participation.organisation.name} now takes part in {workstream.name}.",
            workstream,
        ),
        template="anchors/workstream_participation_form.html",
        context={
            "workstream": workstream,
            "title": "Add a participating organisation",
            "caption": workstream.name,
            "cancel_url": workstream.get_absolute_url(),
        },
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
    return form_page(
        request,
        form,
        save=lambda data: services.participation_update(
            user=request.user, participation=participation, data=data, version=data["version"]
        ),
        done=(f"{participation.organisation.name}’s commitment updated.", workstream),
        template="anchors/workstream_participation_form.html",
        context={
            "workstream": workstream,
            "participation": participation,
            "title": f"{participation.organisation.name}: lead and resources",
            "caption": workstream.name,
            "cancel_url": workstream.get_absolute_url(),
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
    return form_page(
        request,
        form,
        save=lambda data: services.participation_set_sponsorship(
            user=request.user,
            participation=participation,
            sponsorship=data["sponsorship"],
            on_date=data.get("sponsorship_date"),
            note=data.get("note", ""),
            sponsor=data.get("sponsor"),
            version=data["version"],
        ),
        done=lambda saved: (
            f"Sponsorship for {saved.organisation.name} recorded as "
            f"{saved.get_sponsorship_display().lower()}.",
            workstream,
        ),
        template="anchors/workstream_sponsorship_form.html",
        context={
            "workstream": workstream,
            "participation": participation,
            "title": f"Senior sponsorship for {participation.organisation.name}",
            "caption": workstream.name,
            "cancel_url": workstream.get_absolute_url(),
        },
    )


# Organisation updates between workshops ------------------------------------------------------


def update_create(request, pk):
    workstream = _workstream(request, pk)
    user, collaborative = request.user, workstream.collaborative
    require(permissions.can_view_workshops(user, collaborative))
    require(permissions.can_post_update(user, workstream))
    organisations = selectors.update_organisations(
        workstream=workstream,
        allowed_ids=permissions.update_organisation_ids(user, collaborative),
    )
    return form_page(
        request,
        UpdateForm(posted(request), organisations=organisations),
        save=lambda data: services.update_post(
            user=user, workstream=workstream, organisation=data["organisation"], data=data
        ),
        done=("Your update is on the workstream timeline.", workstream),
        template="anchors/update_form.html",
        context={
            "workstream": workstream,
            "title": f"Post an update on {workstream}",
            "caption": workstream.name,
            "cancel_url": workstream.get_absolute_url(),
        },
    )


def update_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workshops(request.user, collaborative))
    update = get_or_404(selectors.update_detail, collaborative=collaborative, pk=pk)
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
    return form_page(
        request,
        form,
        save=lambda data: services.update_edit(
            user=request.user, update=update, data=data, version=data["version"]
        ),
        done=(
            f"{update.organisation.short_name}’s update saved.",
            update.workshop or update.workstream,
        ),
        template="anchors/update_form.html",
        context={
            "update": update,
            "workstream": update.workstream,
            "title": f"Edit {update.organisation.short_name}’s update",
            "caption": update.workstream.name,
            "cancel_url": update.workstream.get_absolute_url(),
        },
    )
