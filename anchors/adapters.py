"""allauth wired to the portal: no open sign-up, and a sign-in lockout an attacker cannot turn
against the real person (docs/adr/0010-login-lockout.md).

allauth's ``login_failed`` limits (``ACCOUNT_RATE_LIMITS``) count failures per client address and
per key; here the key is the account *and* the address, so failures from an attacker's address
lock that address out of that account and nobody else. Above that, ``login_failed_account``
caps failures for the account from everywhere (a slow, spread-out attack), and a browser that
has fully signed in to that account before (password and, if set up, authenticator) is let past
that cap: a signed cookie remembers it.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

from anchors.models import User
from anchors.services.security import SecurityKind, client_ip, security_event_record

ACCOUNT_CAP_ACTION = "login_failed_account"
KNOWN_DEVICE_COOKIE = "portal_known_device"
KNOWN_DEVICE_SALT = "anchors.known-device"
KNOWN_DEVICE_MAX_AGE = 180 * 86400  # about six months
KNOWN_DEVICE_LOGINS = 5  # a shared computer remembers the last few logins signed in on it
LOCKOUT_NOTED_SECONDS = 5 * 60  # one log entry per account, address and five minutes


def _login_email(credentials) -> str:
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


def login_digest(email: str) -> str:
    """A keyed digest of a login's email: the cookie names logins without revealing them."""
    return salted_hmac(KNOWN_DEVICE_SALT, email.strip().lower()).hexdigest()[:32]


def known_device_digests(request) -> list[str]:
    value = request.COOKIES.get(KNOWN_DEVICE_COOKIE)
    if not value:
        return []
    try:
        digests = signing.loads(value, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE)
    except signing.BadSignature:
        return []
    return [d for d in digests if isinstance(d, str)] if isinstance(digests, list) else []


def is_known_device(request, email: str) -> bool:
    """This browser completed a sign-in to this login before (see ``remember_device``)."""
    return bool(email) and login_digest(email) in known_device_digests(request)


def remember_device(request, response, user) -> None:
    """After a complete sign-in, remember in this browser that it may pass the account-wide cap."""
    digest = login_digest(user.email)
    digests = [d for d in known_device_digests(request) if d != digest]
    digests = [digest, *digests][:KNOWN_DEVICE_LOGINS]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps(digests, salt=KNOWN_DEVICE_SALT),
        max_age=KNOWN_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_account_failures(request, email) -> None:
    """Clear the account-wide count (after a password reset proved the person's mailbox)."""
    ratelimit.clear(request, action=ACCOUNT_CAP_ACTION, key=email.strip().lower())


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join by invitation from a facilitator."""

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys its per-key failure limit on this value, and clears it after a password
        # reset; adding the address means an attacker's failures lock out only their address.
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"
        )

    def pre_authenticate(self, request, **credentials):
        email = _login_email(credentials)
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            self._note_lockout(request, email, "Too many failed attempts from this address")
            raise
        if is_known_device(request, email):
            return
        if not ratelimit.consume(request, action=ACCOUNT_CAP_ACTION, key=email, dry_run=True):
            self._note_lockout(
                request, email, "Too many failed attempts from everywhere: new browsers wait"
            )
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        # Count the failure towards the account-wide cap (the check above only looks).
        ratelimit.consume(request, action=ACCOUNT_CAP_ACTION, key=_login_email(credentials))

    def _note_lockout(self, request, email, detail):
        """Log a lockout in the login's security log, once per address per lockout window, so
        an attacker hammering a locked login cannot flood the log."""
        noted = f"anchors:lockout-noted:{login_digest(email)}:{client_ip(request)}"
        if not email or not cache.add(noted, True, timeout=LOCKOUT_NOTED_SECONDS):
            return
        user = User.objects.filter(email__iexact=email).first()
        security_event_record(
            user=user, kind=SecurityKind.LOGIN_LOCKED, request=request, detail=detail
        )
