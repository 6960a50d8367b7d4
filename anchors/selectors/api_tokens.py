"""Reads for the API token page."""

from django.utils import timezone

from anchors.models import ApiToken


def tokens_for(*, user):
    """The person's tokens, newest first (active, expired and revoked)."""
    return (
        ApiToken.objects.filter(user=user)
        .select_related("collaborative")
        .order_by("-created_at", "-pk")
    )


def own_token(*, user, pk) -> ApiToken:
    return ApiToken.objects.filter(user=user).get(pk=pk)


def active_token_count(*, user) -> int:
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()
