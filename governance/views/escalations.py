"""Escalations: the list, raising one (from a lower app's page through ?source=), one
escalation's page with who can commit, acknowledging, deciding and closing; the decision log."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from anchors.common.errors import require
from anchors.common.history import history_entries
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, perform, posted
from governance import permissions, selectors
from governance.forms import AcknowledgeForm, CloseForm, DecideForm, EscalationForm
from governance.models import Escalation
from governance.services import escalations as services
from governance.views.common import STATE_TAGS, collaborative_of, fetch

STATE_FILTERS = [("open", "Open"), *Escalation.State.choices, ("", "All")]


def escalation_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_escalations(request.user, collaborative))
    if exported := export_response(request, "governance.escalations", collaborative=collaborative):
        return exported
    state = request.GET.get("state", "open")
    if state not in dict(STATE_FILTERS):
        state = "open"
    page = paginate(request, selectors.escalation_list(collaborative=collaborative, state=state))
    return render(
        request,
        "governance/escalation_list.html",
        {
            "title": "Escalations",
            "section": "escalations",
            "page": page,
            "state": state,
            "state_filters": STATE_FILTERS,
            "tags": STATE_TAGS,
            "waiting": list(selectors.waiting_for_decision(request.user, collaborative)[:20]),
            "can_raise": permissions.can_raise_escalation(request.user, collaborative),
        },
    )


def escalation_new(request):
    collaborative = collaborative_of(request)
    require(permissions.can_raise_escalation(request.user, collaborative))
    reference = request.GET.get("source", "")
    source = selectors.resolve_source(collaborative=collaborative, reference=reference)
    if reference and source is None:
        raise Http404
    initial = {
        "addressed_group": selectors.default_group(collaborative=collaborative, source=source)
    }
    if source is not None and source[0] == "status_cell":
        initial["asks_organisation"] = source[1].organisation
    form = EscalationForm(posted(request), collaborative=collaborative, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.escalation_raise(
            user=request.user, collaborative=collaborative, data=data, source=source
        ),
        done=lambda escalation: (
            f"Escalation raised and addressed to {escalation.addressed_group}.",
            escalation,
        ),
        template="governance/escalation_form.html",
        context={
            "title": "Raise an escalation",
            "section": "escalations",
            "source": source[1] if source else None,
            "source_kind": source[0] if source else "",
            "back_url": reverse("governance:escalation_list"),
        },
    )


def _escalation(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_escalations(request.user, collaborative))
    escalation = fetch(selectors.escalations(collaborative=collaborative), pk, collaborative)
    return collaborative, escalation


def escalation_detail(request, pk):
    collaborative, escalation = _escalation(request, pk)
    decision = getattr(escalation, "decision", None)
    if decision is not None:
        decision = selectors.decisions(collaborative=collaborative).get(pk=decision.pk)
    can_decide = permissions.can_decide_escalation(request.user, escalation)
    history = history_entries(
        Escalation.history.filter(id=escalation.pk).select_related("history_user__person"),
        label=lambda record: "Escalation",
    )
    return render(
        request,
        "governance/escalation_detail.html",
        {
            "title": escalation.title,
            "section": "escalations",
            "escalation": escalation,
            "decision": decision,
            "tags": STATE_TAGS,
            "authority": selectors.authority_in_group(escalation),
            "members": list(escalation.addressed_group.members.select_related("organisation")),
            "can_decide": can_decide,
            "can_withdraw": permissions.can_withdraw_escalation(request.user, escalation),
            "can_close": can_decide
            or (
                escalation.is_open
                and permissions.can_manage_governance(request.user, collaborative)
            ),
            "ack_form": AcknowledgeForm(initial={"version": version_of(escalation)}),
            "history": list(reversed(history)),
        },
    )


def escalation_acknowledge(request, pk):
    collaborative, escalation = _escalation(request, pk)
    require(
        request.method == "POST" and permissions.can_decide_escalation(request.user, escalation)
    )
    return perform(
        request,
        lambda: services.escalation_acknowledge(
            user=request.user, escalation=escalation, version=request.POST.get("version")
        ),
        success="Escalation acknowledged: it will no longer move up on its own.",
        then=escalation.get_absolute_url(),
    )


def escalation_decide(request, pk):
    collaborative, escalation = _escalation(request, pk)
    require(permissions.can_decide_escalation(request.user, escalation))
    form = DecideForm(
        posted(request),
        collaborative=collaborative,
        initial={"version": version_of(escalation), "authority": str(escalation.addressed_group)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.escalation_decide(
            user=request.user,
            escalation=escalation,
            what=data["what"],
            authority=data["authority"],
            follow_ups=form.follow_ups(),
            version=data["version"],
        ),
        done=lambda decision: ("Decision recorded in the decision log.", escalation),
        template="governance/escalation_decide.html",
        context={
            "title": "Record the decision",
            "section": "escalations",
            "escalation": escalation,
            "back_url": escalation.get_absolute_url(),
        },
    )


def escalation_close(request, pk):
    collaborative, escalation = _escalation(request, pk)
    states = []
    if permissions.can_decide_escalation(request.user, escalation) or (
        escalation.is_open and permissions.can_manage_governance(request.user, collaborative)
    ):
        states.append(Escalation.State.RESOLVED)
    if permissions.can_withdraw_escalation(request.user, escalation):
        states.append(Escalation.State.WITHDRAWN)
    require(bool(states))
    form = CloseForm(posted(request), states=states, initial={"version": version_of(escalation)})
    return form_page(
        request,
        form,
        save=lambda data: services.escalation_close(
            user=request.user,
            escalation=escalation,
            state=data["state"],
            note=data["note"],
            version=data["version"],
        ),
        done=lambda saved: (f"Escalation {saved.get_state_display().lower()}.", saved),
        template="governance/form.html",
        context={
            "title": "Close the escalation",
            "caption": escalation.title,
            "section": "escalations",
            "back_url": escalation.get_absolute_url(),
        },
    )


def decision_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    if exported := export_response(request, "governance.decisions", collaborative=collaborative):
        return exported
    page = paginate(request, selectors.decisions(collaborative=collaborative))
    return render(
        request,
        "governance/decision_list.html",
        {
            "title": "Decision log",
            "section": "decisions",
            "page": page,
            "can_see_escalations": permissions.can_view_escalations(request.user, collaborative),
        },
    )
