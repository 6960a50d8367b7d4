from anchors.models import Collaborative, Membership


def collaborative_for_user(user, preferred_id=None):
    """The collaborative a person works in: their choice if they belong to it, else their first."""
    if not getattr(user, "is_authenticated", False):
        return None
    ids = list(
        Membership.objects.filter(person__user=user)
        .values_list("collaborative_id", flat=True)
        .distinct()
    )
    if user.is_superuser:
        ids = list(Collaborative.objects.values_list("pk", flat=True))
    if not ids:
        return None
    chosen = preferred_id if preferred_id in ids else min(ids)
    return Collaborative.objects.select_related("backbone").get(pk=chosen)
