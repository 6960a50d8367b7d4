"""A rate limit per token (per login for a signed-in session), counted in the Django cache.

The rate is ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]`` ("600/min" unless the settings
say otherwise). Over it, DRF answers 429 with ``Retry-After``.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

DEFAULT_RATE = "600/min"


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read at each request (not when DRF's settings were first loaded), so a changed
        # setting applies at once.
        rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        return rates.get(self.scope, DEFAULT_RATE)

    def get_cache_key(self, request, view):
        token = request.auth
        if token is not None and getattr(token, "pk", None) is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
