"""Sign-in rules: who must use two-factor authentication, and whether a session signed in through
allauth (password, then the authenticator when the login has one), which the admin requires."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings

from anchors.permissions.roles import has_role

# The session remembers "this login has an authenticator" (the login's pk), so the check costs
# no query on every page; it is set at sign-in and at enrolment, and dropped when this session
# turns two-factor authentication off.
MFA_ENROLLED_SESSION_KEY = "anchors.mfa_enrolled"
# Set when this session proved the authenticator by typing one of its codes while enrolling,
# which counts as the second step of the sign-in (allauth records only the sign-in's own step).
MFA_PROVED_SESSION_KEY = "anchors.mfa_proved"
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def mfa_required(user, collaborative) -> bool:
    """Administrators, anyone with staff access, and the roles in ``MFA_REQUIRED_ROLES`` (held
    in the collaborative the person is working in) must use two-factor authentication."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return has_role(user, collaborative, *settings.MFA_REQUIRED_ROLES)


def has_second_factor(user) -> bool:
    """The login has an authenticator app (or security key), not only recovery codes."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def mfa_enrolled(request) -> bool:
    """The signed-in person has an authenticator; a yes is remembered for the session."""
    user = request.user
    if request.session.get(MFA_ENROLLED_SESSION_KEY) == user.pk:
        return True
    if has_second_factor(user):
        request.session[MFA_ENROLLED_SESSION_KEY] = user.pk
        return True
    return False


def signed_in_through_allauth(request) -> bool:
    """This session signed in through allauth's login (not a bare session, nor another form) and,
    when the login has an authenticator, passed its second step (or proved it while enrolling)."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return False
    records = get_authentication_records(request, user)
    if not any(not record.get("reauthenticated") for record in records):
        return False
    if not has_second_factor(user):
        return True
    return (
        any(record.get("method") == "mfa" for record in records)
        or request.session.get(MFA_PROVED_SESSION_KEY) == user.pk
    )
