"""Governance permissions."""

from anchors.models import Organisation, Role
from anchors.models.core import LEAD_ROLES
from anchors.permissions.roles import (
    has_role,
    is_facilitator,
    is_member,
    is_superuser,
    role_pairs,
)
from governance.selectors import may_decide

# --- Part A: structure, escalations, registers, self-assessment ---------------------------------
# Facilitator manages everything; members (facilitator, leads, sponsors, viewers) read it; a
# senior sponsor decides what is addressed to them (by name, or to a group they sit on); HWB
# members read the published parts only: the tree, the decision log, delegated authority, the
# barriers and the roadmap, and the self-assessment's aggregate trend (not escalations in
# progress nor one anchor's ratings).
HWB_ONLY_ROLES = {Role.HWB_MEMBER}


def _roles(user, collaborative) -> set:
    return {role for _, role in role_pairs(user, collaborative)}


def is_working_member(user, collaborative) -> bool:
    """A member holding some role other than HWB member (or an administrator)."""
    if is_superuser(user):
        return True
    roles = _roles(user, collaborative)
    return bool(roles - HWB_ONLY_ROLES)


def can_view_governance(user, collaborative) -> bool:
    """The published parts: tree, decisions, authority, barriers, roadmap, trend."""
    return is_member(user, collaborative)


def can_manage_governance(user, collaborative) -> bool:
    return is_facilitator(user, collaborative)


def can_view_escalations(user, collaborative) -> bool:
    return is_working_member(user, collaborative)


def can_raise_escalation(user, collaborative) -> bool:
    """DESIGN §5: facilitator, organisation leads and senior sponsors."""
    return is_facilitator(user, collaborative) or has_role(
        user, collaborative, *LEAD_ROLES, Role.SENIOR_SPONSOR
    )


def can_decide_escalation(user, escalation) -> bool:
    """Only the named sponsor, or a senior sponsor sitting on the addressed group, while open."""
    return escalation.is_open and may_decide(user, escalation)


def can_withdraw_escalation(user, escalation) -> bool:
    """Whoever raised it, or the facilitator, while it is open."""
    if not escalation.is_open:
        return False
    raised_by_user = escalation.raised_by.user_id
    return (raised_by_user is not None and raised_by_user == getattr(user, "pk", None)) or (
        is_facilitator(user, escalation.collaborative)
    )


def can_view_assessment_detail(user, collaborative) -> bool:
    return is_working_member(user, collaborative)


def can_rate_for(user, organisation) -> bool:
    """A core anchor's representative: a person of that organisation with a lead or sponsor
    role there, or the facilitator."""
    collaborative = organisation.collaborative
    if organisation.role != Organisation.CollaborativeRole.CORE_ANCHOR:
        return False
    return is_facilitator(user, collaborative) or has_role(
        user, collaborative, *LEAD_ROLES, Role.SENIOR_SPONSOR, organisation=organisation
    )


# --- Part B: dashboard and quarterly HWB reports ------------------------------------------------
def can_view_dashboard(user, collaborative) -> bool:
    """Every member of the collaborative sees the collective-impact dashboard."""
    return is_member(user, collaborative)


def can_view_reports(user, collaborative) -> bool:
    """Every member reads published reports (drafts: see ``can_manage_reports``)."""
    return is_member(user, collaborative)


def can_manage_reports(user, collaborative) -> bool:
    """The facilitator drafts, edits and publishes the quarterly report."""
    return is_facilitator(user, collaborative)
