from anchors.permissions.roles import is_facilitator, is_member, lead_organisation_ids, role_pairs


def can_view_collaborative(user, collaborative) -> bool:
    """Every role of the collaborative may read its organisations and people."""
    return collaborative is not None and is_member(user, collaborative)


def can_manage_organisations(user, collaborative) -> bool:
    """Create organisations and edit every field of them: the facilitator."""
    return is_facilitator(user, collaborative)


def can_edit_organisation_profile(user, organisation) -> bool:
    """Headcount, spend and website: that organisation's own leads (and the facilitator)."""
    collaborative = organisation.collaborative
    return is_facilitator(user, collaborative) or (
        organisation.pk in lead_organisation_ids(user, collaborative)
    )


def can_manage_people(user, collaborative) -> bool:
    """Create and edit people and give them roles: the facilitator."""
    return is_facilitator(user, collaborative)


def can_invite_people(user, collaborative) -> bool:
    """Invite a person to log in: the facilitator only."""
    return is_facilitator(user, collaborative)


def contact_organisation_ids(user, collaborative) -> set[int] | None:
    """Whose contact details (email, login status) the user may see: the facilitator everyone's
    (None); anyone else only the people of the organisations they hold a role in."""
    if is_facilitator(user, collaborative):
        return None
    return {organisation for organisation, _ in role_pairs(user, collaborative)}


def can_see_contact_details(user, person) -> bool:
    """A person's email: the facilitator, and people of the same organisation."""
    allowed = contact_organisation_ids(user, person.collaborative)
    return allowed is None or person.organisation_id in allowed
