"""API tokens for tests: a token for a user, in the collaborative they work in."""

from datetime import timedelta

from django.utils import timezone

from anchors.common.api.tokens import new_token, token_hash, token_prefix
from anchors.models import ApiToken
from anchors.selectors import collaborative_for_user


def api_token_for(user, *, name="Power BI", days=90, collaborative=None, revoked=False):
    """(token, secret) for ``user``: made as the service makes one, without the page."""
    raw = new_token()
    token = ApiToken.objects.create(
        user=user,
        collaborative=collaborative or collaborative_for_user(user),
        name=name,
        key_hash=token_hash(raw),
        prefix=token_prefix(raw),
        expires_at=timezone.now() + timedelta(days=days),
        revoked_at=timezone.now() if revoked else None,
    )
    return token, raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
