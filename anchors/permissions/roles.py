"""Role look-ups: one query per user and collaborative per request, cached on the user object."""

from anchors.models.core import LEAD_ROLES, Membership, Role


def role_pairs(user, collaborative) -> frozenset[tuple[int, str]]:
    """The (organisation id, role) pairs the user holds in the collaborative."""
    if not getattr(user, "is_authenticated", False) or collaborative is None:
        return frozenset()
    cache = user.__dict__.setdefault("_portal_roles", {})
    if collaborative.pk not in cache:
        cache[collaborative.pk] = frozenset(
            Membership.objects.filter(collaborative=collaborative, person__user=user).values_list(
                "organisation_id", "role"
            )
        )
    return cache[collaborative.pk]


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser and user.is_active)


def is_member(user, collaborative) -> bool:
    return is_superuser(user) or bool(role_pairs(user, collaborative))


def has_role(user, collaborative, *roles, organisation=None) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return any(
        role in roles and (org_id is None or org == org_id)
        for org, role in role_pairs(user, collaborative)
    )


def is_facilitator(user, collaborative) -> bool:
    return is_superuser(user) or has_role(user, collaborative, Role.FACILITATOR)


def lead_organisation_ids(user, collaborative) -> set[int]:
    return {org for org, role in role_pairs(user, collaborative) if role in LEAD_ROLES}


def sponsor_organisation_ids(user, collaborative) -> set[int]:
    return {org for org, role in role_pairs(user, collaborative) if role == Role.SENIOR_SPONSOR}
