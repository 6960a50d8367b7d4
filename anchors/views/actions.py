"""Pages for actions: the filtered list, editing one, and marking one done or open again."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anchors import permissions
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import keyed_rows, paginate
from anchors.common.views import (
    export_response,
    form_page,
    get_or_404,
    perform,
    posted,
    safe_next,
)
from anchors.forms.actions import ActionFilterForm, ActionForm, ActionProgressForm
from anchors.forms.choices import WorkChoices
from anchors.models import Action
from anchors.selectors import actions as selectors
from anchors.services import actions as services
from anchors.views.common import member_collaborative


def action_list(request):
    collaborative = member_collaborative(request)
    user = request.user
    require(permissions.can_view_actions(user, collaborative))
    if exported := export_response(request, "anchors.actions", collaborative=collaborative):
        return exported
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
    listed = selectors.action_list(
        collaborative=collaborative,
        owner=filters.get("owner"),
        organisation=filters.get("organisation"),
        workstream=filters.get("workstream"),
        state=filters.get("state"),
        overdue=filters.get("overdue"),
        today=today,
    )
    page = paginate(
        request,
        keyed_rows(
            listed,
            rows=selectors.action_rows(collaborative=collaborative),
            convert=selectors.action_entries(collaborative=collaborative),
            parts=selectors.action_list_parts(
                state=filters.get("state"), overdue=filters.get("overdue")
            ),
        ),
    )
    return render(
        request,
        "anchors/action_list.html",
        {
            "filter_form": form,
            "page": page,
            "filtered": any(filters.values()),
            "is_facilitator": permissions.is_facilitator(user, collaborative),
            "completable_ids": {a.pk for a in page if permissions.can_complete_action(user, a)},
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

        def save(data):
            return services.action_update(
                user=user, action=action, data=data, version=data["version"]
            )
    else:
        initial.update(state=action.state, note=action.note)
        form = ActionProgressForm(posted(request), initial=initial)

        def save(data):
            return services.action_progress(
                user=user,
                action=action,
                state=data["state"],
                note=data.get("note", ""),
                version=data["version"],
            )

    return form_page(
        request,
        form,
        save=save,
        done=("Action saved.", safe_next(request, reverse("anchors:action_list"))),
        template="anchors/action_form.html",
        context={
            "action": action,
            "full": full,
            "history": paginate(
                request,
                selectors.action_history(action=action),
                param="history_page",
                fragment="history",
            ),
            "title": "Edit action" if full else "Update your action",
            "caption": f"{action.workshop.workstream.name}: {action.workshop.title}",
        },
    )


def _action_state(request, pk, state, message):
    action = _action(request, pk)
    require(permissions.can_complete_action(request.user, action))
    return perform(
        request,
        lambda: services.action_progress(
            user=request.user, action=action, state=state, version=request.POST.get("version")
        ),
        success=message.format(action=action.description[:60]),
        then=safe_next(request, reverse("anchors:action_list")),
    )


@require_POST
def action_done(request, pk):
    return _action_state(request, pk, Action.State.DONE, "Marked done: {action}")


@require_POST
def action_reopen(request, pk):
    return _action_state(request, pk, Action.State.OPEN, "Opened again: {action}")
