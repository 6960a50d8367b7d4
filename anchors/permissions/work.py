"""Who may see or change workstreams, sponsorship, workshops, updates and actions.

Facilitator: everything. Org lead: their own organisation's updates and the actions they own; view
the rest. Senior sponsor: view; set their own organisation's sponsorship. HWB member: workstreams
and their health, but no workshop records, updates or actions (they see reports).
"""

from anchors.models.core import Role
from anchors.permissions.roles import (
    is_facilitator,
    is_member,
    lead_organisation_ids,
    role_pairs,
    sponsor_organisation_ids,
)


def can_view_workstreams(user, collaborative) -> bool:
    return collaborative is not None and is_member(user, collaborative)


def can_manage_workstreams(user, collaborative) -> bool:
    """Create and edit workstreams, change their status, add and edit participants."""
    return is_facilitator(user, collaborative)


def can_change_workstream_status(user, workstream) -> bool:
    return is_facilitator(user, workstream.collaborative)


def can_set_sponsorship(user, participation) -> bool:
    """The facilitator, or a senior sponsor of the participating organisation."""
    collaborative = participation.collaborative
    return is_facilitator(user, collaborative) or (
        participation.organisation_id in sponsor_organisation_ids(user, collaborative)
    )


def can_view_workshops(user, collaborative) -> bool:
    """Workshop records, updates and actions: every role except a board member's alone."""
    if collaborative is None:
        return False
    if is_facilitator(user, collaborative):
        return True
    return any(role != Role.HWB_MEMBER for _, role in role_pairs(user, collaborative))


def can_record_workshop(user, collaborative) -> bool:
    return is_facilitator(user, collaborative)


def can_edit_workshop(user, workshop) -> bool:
    return is_facilitator(user, workshop.collaborative)


def update_organisation_ids(user, collaborative) -> set[int] | None:
    """Organisations whose updates the user may post; None means every organisation."""
    if is_facilitator(user, collaborative):
        return None
    return lead_organisation_ids(user, collaborative)


def can_post_update(user, workstream, organisation=None) -> bool:
    """Post an organisation's update between workshops: that organisation's leads."""
    collaborative = workstream.collaborative
    if workstream.status == workstream.Status.CLOSED:
        return False
    allowed = update_organisation_ids(user, collaborative)
    if allowed is None:
        return True
    org_id = getattr(organisation, "pk", organisation)
    return bool(allowed) if org_id is None else org_id in allowed


def can_edit_update(user, update) -> bool:
    collaborative = update.collaborative
    return is_facilitator(user, collaborative) or (
        update.organisation_id in lead_organisation_ids(user, collaborative)
    )


def can_view_actions(user, collaborative) -> bool:
    return can_view_workshops(user, collaborative)


def can_edit_action(user, action) -> bool:
    """Change every field of an action: the facilitator."""
    return is_facilitator(user, action.collaborative)


def is_action_owner(user, action) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and action.owner.user_id is not None
        and action.owner.user_id == user.pk
    )


def can_complete_action(user, action) -> bool:
    """Mark an action done (or open again) and note progress: its owner, or the facilitator."""
    return can_edit_action(user, action) or (
        is_action_owner(user, action) and is_member(user, action.collaborative)
    )
