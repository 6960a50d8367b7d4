"""Who may see or change what in the base layer. One predicate per rule; views and tests call them.

Roles are held per organisation membership inside a collaborative (DESIGN section 5). A superuser
(administrator) may do whatever a facilitator may.
"""

from anchors.permissions.organisations import (
    can_edit_organisation_profile,
    can_invite_people,
    can_manage_organisations,
    can_manage_people,
    can_view_collaborative,
    can_view_organisation,
)
from anchors.permissions.roles import (
    has_role,
    is_facilitator,
    is_member,
    lead_organisation_ids,
    role_pairs,
    sponsor_organisation_ids,
)

__all__ = [
    "can_edit_organisation_profile",
    "can_invite_people",
    "can_manage_organisations",
    "can_manage_people",
    "can_view_collaborative",
    "can_view_organisation",
    "has_role",
    "is_facilitator",
    "is_member",
    "lead_organisation_ids",
    "role_pairs",
    "sponsor_organisation_ids",
]
