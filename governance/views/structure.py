"""The governance tree, one group's page, and the facilitator's edits."""

from django.shortcuts import render

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.views import form_page, posted
from governance import permissions, selectors
from governance.forms import GroupForm, SettingsForm
from governance.services import registers as services
from governance.views.common import collaborative_of, fetch


def index(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    roots = selectors.governance_tree(collaborative)
    return render(
        request,
        "governance/structure.html",
        {
            "title": "Governance",
            "section": "structure",
            "nodes": selectors.flatten(roots),
            "settings": selectors.settings_for(collaborative),
            "can_manage": permissions.can_manage_governance(request.user, collaborative),
            "can_see_escalations": permissions.can_view_escalations(request.user, collaborative),
        },
    )


def group_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    group = fetch(selectors.groups(collaborative=collaborative), pk, collaborative)
    can_see = permissions.can_view_escalations(request.user, collaborative)
    return render(
        request,
        "governance/group_detail.html",
        {
            "title": group.name,
            "section": "structure",
            "group": group,
            "escalations": (
                selectors.escalation_list(collaborative=collaborative, state="open", group=group.pk)
                if can_see
                else None
            ),
            "can_manage": permissions.can_manage_governance(request.user, collaborative),
        },
    )


def group_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    form = GroupForm(posted(request), collaborative=collaborative)
    return form_page(
        request,
        form,
        save=lambda data: services.group_save(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda group: (f"{group.name} added to the governance structure.", group),
        template="governance/form.html",
        context={"title": "Add a group", "section": "structure"},
    )


def group_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    group = fetch(selectors.groups(collaborative=collaborative), pk, collaborative)
    form = GroupForm(
        posted(request),
        instance=group,
        collaborative=collaborative,
        initial={"version": version_of(group)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.group_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            group=group,
            version=data["version"],
        ),
        done=lambda saved: (f"{saved.name} saved.", saved),
        template="governance/form.html",
        context={
            "title": f"Edit {group.name}",
            "section": "structure",
            "back_url": group.get_absolute_url(),
        },
    )


def settings_edit(request):
    collaborative = collaborative_of(request)
    require(permissions.can_manage_governance(request.user, collaborative))
    current = selectors.settings_for(collaborative)
    form = SettingsForm(
        posted(request),
        instance=current,
        initial={"version": version_of(current) if current.pk else ""},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.settings_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            version=data["version"],
        ),
        done=("Escalation settings saved.", "governance:index"),
        template="governance/form.html",
        context={"title": "Escalation settings", "section": "structure"},
    )
