"""Who may see or change what in the base layer. One predicate per rule; views and tests call them.

Roles are held per organisation membership inside a collaborative (DESIGN section 5). A superuser
(administrator) may do whatever a facilitator may.
"""

from anchors.permissions.organisations import (
    can_edit_organisation_profile,
    can_invite_people,
    can_manage_organisations,
    can_manage_people,
    can_see_contact_details,
    can_view_collaborative,
    contact_organisation_ids,
)
from anchors.permissions.roles import (
    has_role,
    is_facilitator,
    is_member,
    lead_organisation_ids,
    role_pairs,
    sponsor_organisation_ids,
)
from anchors.permissions.work import (
    can_change_workstream_status,
    can_complete_action,
    can_edit_action,
    can_edit_update,
    can_edit_workshop,
    can_manage_workstreams,
    can_post_update,
    can_record_workshop,
    can_set_sponsorship,
    can_view_actions,
    can_view_workshops,
    can_view_workstreams,
    is_action_owner,
    update_organisation_ids,
)

__all__ = [
    "can_edit_organisation_profile",
    "can_see_contact_details",
    "contact_organisation_ids",
    "can_invite_people",
    "can_manage_organisations",
    "can_manage_people",
    "can_view_collaborative",
    "has_role",
    "is_facilitator",
    "is_member",
    "lead_organisation_ids",
    "role_pairs",
    "sponsor_organisation_ids",
    "can_change_workstream_status",
    "can_complete_action",
    "can_edit_action",
    "can_edit_update",
    "can_edit_workshop",
    "can_manage_workstreams",
    "can_post_update",
    "can_record_workshop",
    "can_set_sponsorship",
    "can_view_actions",
    "can_view_workshops",
    "can_view_workstreams",
    "is_action_owner",
    "update_organisation_ids",
]
