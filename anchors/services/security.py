"""Writes about logins: the security-event log, and allauth's record of each login's email.

Security events are recorded by the system on a login's behalf (a signal, the sign-in adapter,
the invitation and API-token services), so ``security_event_record`` checks no permission: the
callers are the places where the event happens, never a person asking to write one.
"""

import ipaddress

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.core import context
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction

from anchors.models import SecurityEvent
from anchors.models.security import DETAIL_LENGTH

# The kinds of event, for callers outside anchors.models (the API's token services, for example).
SecurityKind = SecurityEvent.Kind


def client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it (honouring
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a proxy), or None when it cannot be told."""
    if request is None:
        return None
    try:
        ip = get_account_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None


@transaction.atomic
def security_event_record(*, user, kind, request=None, detail="") -> SecurityEvent | None:
    """Add an event to a login's security log: ``kind`` is a ``SecurityEvent.Kind``; ``detail``
    is a short description written by code (never a password, token or code).

    Without ``request``, the request being served (allauth's middleware keeps it) gives the
    address, so events recorded from signals carry it too. Returns None when there is no login.
    """
    if user is None or user.pk is None:
        return None
    kind = SecurityEvent.Kind(kind)  # an unknown kind is a programming error: fail loudly
    request = request if request is not None else context.request
    return SecurityEvent.objects.create(
        user=user,
        kind=kind,
        ip_address=client_ip(request),
        detail=" ".join(str(detail or "").split())[:DETAIL_LENGTH],
    )


@transaction.atomic
def login_email_verify(*, user) -> EmailAddress:
    """Record the login's email as verified and primary in allauth (which refuses two-factor
    authentication until the address is verified): the person proved they read that mailbox."""
    email = user.email.lower()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address, _ = EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=email,
        defaults={"verified": True, "primary": True},
        create_defaults={"email": email, "verified": True, "primary": True},
    )
    return address


@transaction.atomic
def login_email_sync(*, user) -> EmailAddress:
    """After a login's email changed: that address becomes its only one in allauth, so the old
    mailbox can no longer reset the password. It stays unverified until the person proves it
    (a password reset through it, or allauth's confirmation email)."""
    email = user.email.lower()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        return EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    if not address.primary:
        address.primary = True
        address.save(update_fields=["primary"])
    return address


__all__ = [
    "SecurityKind",
    "client_ip",
    "login_email_sync",
    "login_email_verify",
    "security_event_record",
]
