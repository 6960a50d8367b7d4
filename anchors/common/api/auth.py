"""Token authentication: ``Authorization: Bearer <token>`` (or ``Token <token>``).

The token model is named by ``settings.API_TOKEN_MODEL`` ("app_label.Model") and has the fields
``key_hash`` (sha256 of the token), ``user``, ``expires_at``, ``revoked_at`` and ``last_used_at``.
An unknown, revoked or expired token, or a token of an inactive login, is a 401 with a
``WWW-Authenticate`` header naming why.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from anchors.common.api.tokens import token_hash

KEYWORDS = ("bearer", "token")
# Last use is written at most this often per token: a BI refresh of 200 pages is one write.
LAST_USED_EVERY = timedelta(minutes=1)
REALM = "api"


def token_model():
    return apps.get_model(settings.API_TOKEN_MODEL)


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be: Bearer <token>"
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid.") from error
        return self.authenticate_token(raw)

    def authenticate_token(self, raw):
        model = token_model()
        token = model.objects.select_related("user").filter(key_hash=token_hash(raw)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid.")
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("The token has been revoked.")
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("The token has expired.")
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            # A plain UPDATE: using a token changes nothing a person would audit.
            model.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        return f'Bearer realm="{REALM}"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token: HTTP bearer."""

    target_class = "anchors.common.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from “Your account”: "
            "`Authorization: Bearer <token>` (or `Token <token>`).",
        }
