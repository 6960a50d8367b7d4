"""Personal API tokens: made (shown once, kept hashed) and revoked by their owner."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from anchors.common.api.tokens import new_token, token_hash, token_prefix
from anchors.common.errors import PortalError, require
from anchors.common.history import save_with_history
from anchors.models import ApiToken, SecurityEvent
from anchors.models.tokens import MAX_DAYS
from anchors.services.security import security_event_record


@transaction.atomic
def api_token_create(*, user, collaborative, name, days) -> tuple[ApiToken, str]:
    """A new token for ``user``, reading ``collaborative``; returns the token and its secret,
    which is shown once and never stored."""
    require(getattr(user, "is_authenticated", False))
    name = " ".join((name or "").split())
    if not name:
        raise PortalError("Enter a name for the token", field="name")
    if days is None or not 1 <= days <= MAX_DAYS:
        raise PortalError(f"The token must last between 1 and {MAX_DAYS} days", field="days")
    raw = new_token()
    token = ApiToken(
        user=user,
        collaborative=collaborative,
        name=name,
        key_hash=token_hash(raw),
        prefix=token_prefix(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    save_with_history(token, user=user, reason="API token created")
    security_event_record(
        user=user, kind=SecurityEvent.Kind.API_TOKEN_CREATED, detail=f"Token “{name}”"
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user, token) -> ApiToken:
    """Revoke one of the user's own tokens (at once: the next request with it is refused)."""
    require(token.user_id == getattr(user, "pk", None), not_found=True)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise PortalError(f"The token “{token.name}” was already revoked")
    token.revoked_at = timezone.now()
    save_with_history(token, user=user, reason="API token revoked")
    security_event_record(
        user=user, kind=SecurityEvent.Kind.API_TOKEN_REVOKED, detail=f"Token “{token.name}”"
    )
    return token
