"""Who may see or change what in procurement (DESIGN section 5).

Facilitator: everything. An organisation's procurement lead and senior sponsor: that
organisation's status row and documents, never another's. Procurement leads keep the shared
supplier register, passports and engagement events (suppliers belong to the collaborative, not to
one anchor). Every member (HWB members and viewers included) reads the matrix, suppliers, events
and the resources library.
"""

from anchors.models import Role
from anchors.permissions import is_facilitator, is_member, role_pairs

STATUS_ROLES = (Role.PROCUREMENT_LEAD, Role.SENIOR_SPONSOR)


def _organisation_ids(user, collaborative, *roles) -> set[int]:
    return {org for org, role in role_pairs(user, collaborative) if role in roles}


def can_view_procurement(user, collaborative) -> bool:
    """The status matrix, suppliers, events and resources: every role in the collaborative."""
    return collaborative is not None and is_member(user, collaborative)


def status_organisation_ids(user, collaborative) -> set[int]:
    """The organisations whose status row the user keeps: their own as procurement lead or
    senior sponsor."""
    return _organisation_ids(user, collaborative, *STATUS_ROLES)


def can_edit_status(user, organisation) -> bool:
    collaborative = organisation.collaborative
    return is_facilitator(user, collaborative) or (
        organisation.pk in status_organisation_ids(user, collaborative)
    )


def can_keep_suppliers(user, collaborative) -> bool:
    """Add and change suppliers, passports, buyers and events: the facilitator and any
    procurement lead."""
    return is_facilitator(user, collaborative) or bool(
        _organisation_ids(user, collaborative, Role.PROCUREMENT_LEAD)
    )


def buyer_organisation_ids(user, collaborative) -> set[int] | None:
    """The organisations the user may record as buying from a supplier; None means any."""
    if is_facilitator(user, collaborative):
        return None
    return _organisation_ids(user, collaborative, Role.PROCUREMENT_LEAD)


def can_manage_area(user, collaborative) -> bool:
    """The collaborative's area (its postcode districts): the facilitator."""
    return is_facilitator(user, collaborative)


def resource_organisation_ids(user, collaborative) -> set[int] | None:
    """The organisations whose documents the user may share; None means any (and the
    collaborative's own)."""
    if is_facilitator(user, collaborative):
        return None
    return status_organisation_ids(user, collaborative)


def can_share_resources(user, collaborative) -> bool:
    ids = resource_organisation_ids(user, collaborative)
    return ids is None or bool(ids)


def can_change_resource(user, resource) -> bool:
    """Upload a new version: the facilitator, or the resource's organisation's lead or sponsor."""
    ids = resource_organisation_ids(user, resource.collaborative)
    return ids is None or (resource.organisation_id is not None and resource.organisation_id in ids)


# --- The tender pipeline and the joint-tender finder (DESIGN section 5: "edit pipeline" as
# "edit organisation status"; "raise an escalation": facilitator, leads and sponsors).


def pipeline_organisation_ids(user, collaborative) -> set[int] | None:
    """The organisations whose pipeline the user keeps; None means every one (the
    facilitator)."""
    if is_facilitator(user, collaborative):
        return None
    return status_organisation_ids(user, collaborative)


def can_edit_pipeline(user, organisation) -> bool:
    """Add, change or import pipeline items of this organisation."""
    return can_edit_status(user, organisation)


def can_import_pipeline(user, collaborative) -> bool:
    """Add items or upload OCDS notices for at least one organisation."""
    ids = pipeline_organisation_ids(user, collaborative)
    return ids is None or bool(ids)


def can_raise_joint_proposal(user, collaborative) -> bool:
    """Raise a joint-tender match as a proposal: the facilitator, procurement leads, sponsors."""
    return is_facilitator(user, collaborative) or bool(
        _organisation_ids(user, collaborative, Role.PROCUREMENT_LEAD, Role.SENIOR_SPONSOR)
    )


# --- Spend -------------------------------------------------------------------------------------


def spend_organisation_ids(user, collaborative) -> set[int] | None:
    """The organisations whose spend files the user may upload and see line by line: their own
    as procurement lead or senior sponsor; None means any (the facilitator)."""
    if is_facilitator(user, collaborative):
        return None
    return status_organisation_ids(user, collaborative)


def can_import_spend(user, organisation) -> bool:
    ids = spend_organisation_ids(user, organisation.collaborative)
    return ids is None or organisation.pk in ids


def can_upload_spend(user, collaborative) -> bool:
    ids = spend_organisation_ids(user, collaborative)
    return ids is None or bool(ids)
