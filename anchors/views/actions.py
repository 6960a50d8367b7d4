"""Pages for actions: the filtered list, editing one, and marking one done or open again."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from anchors import permissions
from anchors.base import PortalError, require
from anchors.forms.actions import ActionFilterForm, ActionForm, ActionProgressForm
from anchors.forms.choices import WorkChoices
from anchors.models import Action
from anchors.selectors import actions as selectors
from anchors.services import actions as services
from anchors.services.common import version_of
from anchors.views.common import get_or_404, member_collaborative, posted, show_save_error


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
            "is_facilitator": permissions.is_facilitator(user, collaborative),
            "completable_ids": {a.pk for a in actions if permissions.can_complete_action(user, a)},
            "my_person": person,
        },
    )


def _action(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_actions(request.user, collaborative))
    return get_or_404(selectors.action_detail, collaborative=collaborative, pk=pk)


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
            show_save_error(form, error, action)
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
