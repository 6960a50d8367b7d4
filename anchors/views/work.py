"""Pages for workstreams and sponsorship, the workshop log, organisation updates and actions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from anchors import permissions
from anchors.base import PortalError, StaleEditError, require
from anchors.forms.base import show_current_values
from anchors.forms.work import (
    ActionFilterForm,
    ActionForm,
    ActionProgressForm,
    ParticipationForm,
    SponsorshipForm,
    UpdateForm,
    WorkChoices,
    WorkshopFilterForm,
    WorkshopRecordForms,
    WorkstreamForm,
    WorkstreamStatusForm,
)
from anchors.models import Action, Organisation, OrganisationUpdate, Participation, Workshop
from anchors.models import Workstream as WorkstreamModel
from anchors.selectors import work as selectors
from anchors.services import work as services
from anchors.services.common import version_of
from anchors.views.common import member_collaborative, posted


def _get(fetch, **kwargs):
    try:
        return fetch(**kwargs)
    except (
        WorkstreamModel.DoesNotExist,
        Workshop.DoesNotExist,
        Action.DoesNotExist,
        Participation.DoesNotExist,
        OrganisationUpdate.DoesNotExist,
    ) as exc:
        raise Http404 from exc


def _workstream(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workstreams(request.user, collaborative))
    return _get(selectors.workstream_detail, collaborative=collaborative, pk=pk)


def _participation(request, pk, participation_pk):
    workstream = _workstream(request, pk)
    return _get(selectors.participation_detail, workstream=workstream, pk=participation_pk)


def _stale(form, error, instance):
    """After a stale save: say so, and show what the other person saved."""
    form.add_service_error(error)
    if isinstance(error, StaleEditError):
        instance.refresh_from_db()
        show_current_values(form, instance)


# Workstreams -------------------------------------------------------------------------------


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
            _stale(form, error, workstream)
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
            _stale(form, error, workstream)
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
            _stale(form, error, participation)
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
            _stale(form, error, participation)
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
    update = _get(
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
            _stale(form, error, update)
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


# Workshops -----------------------------------------------------------------------------------


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
    workshop = _get(selectors.workshop_detail, collaborative=collaborative, pk=pk)
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
            "today": timezone.localdate(),
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
    workshop = _get(selectors.workshop_detail, collaborative=collaborative, pk=pk)
    require(permissions.can_edit_workshop(request.user, workshop))
    return _workshop_form(request, collaborative=collaborative, workshop=workshop)


# Actions -------------------------------------------------------------------------------------


def action_list(request):
    collaborative = member_collaborative(request)
    user = request.user
    require(permissions.can_view_actions(user, collaborative))
    choices = WorkChoices(collaborative)
    query = request.GET.copy()
    person = getattr(user, "person", None)
    if query.pop("mine", None) and person is not None:
        query["owner"] = str(person.pk)
    if not request.GET:
        query["state"] = Action.State.OPEN  # open actions unless asked otherwise
    form = ActionFilterForm(query, choices=choices)
    filters = form.filters()
    today = timezone.localdate()
    actions = list(
        selectors.action_list(
            collaborative=collaborative,
            owner=filters.get("owner"),
            organisation=filters.get("organisation"),
            workstream=filters.get("workstream"),
            state=filters.get("state"),
            overdue=filters.get("overdue"),
            today=today,
        )
    )
    return render(
        request,
        "anchors/action_list.html",
        {
            "filter_form": form,
            "actions": actions,
            "filtered": any(filters.values()),
            "today": today,
            "is_facilitator": permissions.is_facilitator(user, collaborative),
            "completable_ids": {
                a.pk
                for a in actions
                if permissions.is_action_owner(user, a) or permissions.can_edit_action(user, a)
            },
            "my_person": person,
        },
    )


def _action(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_actions(request.user, collaborative))
    return _get(selectors.action_detail, collaborative=collaborative, pk=pk)


def action_edit(request, pk):
    action = _action(request, pk)
    user = request.user
    full = permissions.can_edit_action(user, action)
    require(full or permissions.can_complete_action(user, action))
    initial = {"version": version_of(action)}
    if full:
        form = ActionForm(
            posted(request),
            instance=action,
            collaborative=action.collaborative,
            initial=initial,
        )
    else:
        initial.update(state=action.state, note=action.note)
        form = ActionProgressForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if full:
                services.action_update(
                    user=user,
                    action=action,
                    data={name: data[name] for name in form.Meta.fields},
                    version=data.get("version"),
                )
            else:
                services.action_progress(
                    user=user,
                    action=action,
                    state=data["state"],
                    note=data.get("note", ""),
                    version=data.get("version"),
                )
        except PortalError as error:
            _stale(form, error, action)
        else:
            messages.success(request, "Action saved.")
            return redirect(_next(request, reverse("anchors:action_list")))
    return render(
        request,
        "anchors/action_form.html",
        {
            "form": form,
            "action": action,
            "full": full,
            "history": selectors.action_history(action=action),
        },
    )


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _action_state(request, pk, state, message):
    action = _action(request, pk)
    require(permissions.can_complete_action(request.user, action))
    try:
        services.action_progress(user=request.user, action=action, state=state)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message.format(action=action.description[:60]))
    return redirect(_next(request, reverse("anchors:action_list")))


@require_POST
def action_done(request, pk):
    return _action_state(request, pk, Action.State.DONE, "Marked done: {action}")


@require_POST
def action_reopen(request, pk):
    return _action_state(request, pk, Action.State.OPEN, "Opened again: {action}")


# Home page -----------------------------------------------------------------------------------


def home_panels(request):
    """The "what needs me now" panels on the home page for the signed-in person."""
    collaborative = getattr(request, "collaborative", None)
    user = request.user
    if not collaborative or not permissions.can_view_workstreams(user, collaborative):
        return []
    today = timezone.localdate()
    person = getattr(user, "person", None)
    if person is not None and person.collaborative_id != collaborative.pk:
        person = None
    facilitator = permissions.is_facilitator(user, collaborative)
    org_ids = (
        None if facilitator else {org for org, _ in permissions.role_pairs(user, collaborative)}
    )
    panels = []
    if permissions.can_view_actions(user, collaborative):
        actions = selectors.my_open_actions(person=person)
        panels.append(
            {
                "template": "anchors/home_panels/my_actions.html",
                "actions": actions,
                "overdue": sum(1 for a in actions if a.due_date < today),
                "today": today,
                "person": person,
            }
        )
    if facilitator or org_ids:
        sponsor_orgs = permissions.sponsor_organisation_ids(user, collaborative)
        panels.append(
            {
                "template": "anchors/home_panels/sponsorship.html",
                "missing": selectors.sponsorship_missing(
                    collaborative=collaborative, organisation_ids=org_ids
                ),
                "facilitator": facilitator,
                "sponsor_org_ids": sponsor_orgs,
                "can_set": facilitator or bool(sponsor_orgs),
            }
        )
    if permissions.can_view_workshops(user, collaborative):
        panels.append(
            {
                "template": "anchors/home_panels/next_workshop.html",
                "next": selectors.next_workshop(
                    collaborative=collaborative, today=today, organisation_ids=org_ids
                ),
                "can_record": permissions.can_record_workshop(user, collaborative),
                "today": today,
            }
        )
    return panels
