"""Who may see or change what in shared measurement (DESIGN section 5).

Facilitator: everything, verification included. An organisation's leads and senior sponsor:
edit and import that organisation's values, never another's, and never verify. HWB members and
viewers: read the framework and metric pages.
"""

from anchors.permissions import (
    is_facilitator,
    is_member,
    lead_organisation_ids,
    sponsor_organisation_ids,
)


def can_view_framework(user, collaborative) -> bool:
    """The framework and metric pages: every role in the collaborative."""
    return collaborative is not None and is_member(user, collaborative)


def can_manage_framework(user, collaborative) -> bool:
    """Add and change metrics, outcomes and targets: the facilitator."""
    return is_facilitator(user, collaborative)


def can_manage_periods(user, collaborative) -> bool:
    """Open, close and set deadlines for reporting periods: the facilitator."""
    return is_facilitator(user, collaborative)


def editable_organisation_ids(user, collaborative) -> set[int]:
    """The organisations whose values the user may enter: their own as lead or sponsor."""
    return lead_organisation_ids(user, collaborative) | sponsor_organisation_ids(
        user, collaborative
    )


def value_organisation_ids(user, collaborative) -> set[int] | None:
    """The organisations whose values the user may enter or import; None means any (the
    facilitator)."""
    if is_facilitator(user, collaborative):
        return None
    return editable_organisation_ids(user, collaborative)


def can_edit_values(user, organisation) -> bool:
    collaborative = organisation.collaborative
    return is_facilitator(user, collaborative) or (
        organisation.pk in editable_organisation_ids(user, collaborative)
    )


def can_view_submissions(user, collaborative) -> bool:
    """Periods, completion and late submissions: the facilitator, leads and sponsors."""
    return is_facilitator(user, collaborative) or bool(
        editable_organisation_ids(user, collaborative)
    )


def can_view_value(user, value) -> bool:
    """One value with its evidence and history: the facilitator and that organisation's editors."""
    return can_edit_values(user, value.organisation)


def can_verify_values(user, collaborative) -> bool:
    return is_facilitator(user, collaborative)


def is_own_value(user, value) -> bool:
    """The user submitted the value or entered its figures, so someone else must verify it."""
    return user.pk is not None and user.pk in (value.submitted_by_id, value.entered_by_id)


def can_verify_value(user, value) -> bool:
    """The facilitator, unless they submitted the value or entered its figures themselves."""
    return can_verify_values(user, value.collaborative) and not is_own_value(user, value)


def can_return_value(user, value) -> bool:
    return can_verify_values(user, value.collaborative)


def can_import(user, collaborative) -> bool:
    """Upload a file of values: the facilitator (any organisation) or an organisation's editors."""
    return can_view_submissions(user, collaborative)
