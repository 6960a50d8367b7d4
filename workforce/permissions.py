"""Who may see or change what in workforce (DESIGN section 5, "edit organisation status, pipeline,
metric values": facilitator yes; a lead of their own organisation yes, of another no; a senior
sponsor their own organisation).

Facilitator: everything. An organisation's workforce lead and senior sponsor: that organisation's
programmes, apprentices, starters and routes, never another's. A rotation belongs to the
collaborative: the facilitator keeps it; a host's workforce lead adds and changes placements at
their own organisation; a host's senior sponsor signs off for their own organisation only. Every
member (HWB members and viewers included) reads aggregate figures and rotations; nobody outside the
organisation (bar the facilitator) reads its starter rows.
"""

from anchors.models import Role
from anchors.permissions import is_facilitator, is_member, role_pairs

EDIT_ROLES = (Role.WORKFORCE_LEAD, Role.SENIOR_SPONSOR)


def _organisation_ids(user, collaborative, *roles) -> set[int]:
    return {org for org, role in role_pairs(user, collaborative) if role in roles}


def can_view_workforce(user, collaborative) -> bool:
    """Overview, programmes, rotations, aggregate figures: every role in the collaborative."""
    return collaborative is not None and is_member(user, collaborative)


def workforce_organisation_ids(user, collaborative) -> set[int] | None:
    """The organisations whose workforce data the user keeps; None means every organisation."""
    if is_facilitator(user, collaborative):
        return None
    return _organisation_ids(user, collaborative, *EDIT_ROLES)


def can_edit_workforce(user, organisation) -> bool:
    """Programmes, apprentices, starters, counts and routes of this organisation."""
    ids = workforce_organisation_ids(user, organisation.collaborative)
    return ids is None or organisation.pk in ids


def can_keep_any_workforce(user, collaborative) -> bool:
    ids = workforce_organisation_ids(user, collaborative)
    return ids is None or bool(ids)


def can_view_starter_rows(user, organisation) -> bool:
    """Individual (pseudonymous) starter rows: their organisation's leads and the facilitator."""
    return can_edit_workforce(user, organisation)


def can_manage_rotation(user, collaborative) -> bool:
    """Create a rotation, set its hosts, cohort and state: the facilitator."""
    return is_facilitator(user, collaborative)


def can_place_at(user, host) -> bool:
    """Add or change placements at this host: the facilitator or its workforce lead."""
    collaborative = host.collaborative
    return is_facilitator(user, collaborative) or host.organisation_id in _organisation_ids(
        user, collaborative, Role.WORKFORCE_LEAD
    )


def can_sign_off(user, host) -> bool:
    """Sign off (or withdraw) a host's participation: that organisation's senior sponsor only."""
    return host.organisation_id in _organisation_ids(user, host.collaborative, Role.SENIOR_SPONSOR)


def can_manage_settings(user, collaborative) -> bool:
    """The collaborative's boroughs and deprivation cut-off: the facilitator."""
    return is_facilitator(user, collaborative)
