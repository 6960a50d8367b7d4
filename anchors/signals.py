"""Signal receivers of the base layer (connected by ``AnchorsConfig.ready``).

- the security-event log: logins created, passwords set and changed, email changes, two-factor
  authentication turned on and off, recovery codes regenerated (lockouts are logged by the
  sign-in adapter, API tokens by the API's services);
- allauth's record of each login's email (verified when someone trusted set the login up with a
  password, or when a password reset proved the mailbox);
- what the session remembers about sign-in: an authenticator set up, and this browser as one
  that signed in before (anchors.adapters).
"""

from allauth.account import signals as account_signals
from allauth.core import context
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from anchors.adapters import forget_account_failures, remember_device
from anchors.models import User
from anchors.permissions.accounts import (
    MFA_ENROLLED_SESSION_KEY,
    MFA_PROVED_SESSION_KEY,
    SECOND_FACTORS,
    has_second_factor,
)
from anchors.services.security import (
    SecurityKind,
    login_email_sync,
    login_email_verify,
    security_event_record,
)

AUTHENTICATOR_NAMES = {
    Authenticator.Type.TOTP: "authenticator app",
    Authenticator.Type.WEBAUTHN: "security key",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}


# Logins: created, email changed ------------------------------------------------------------------


def _by_whom(login) -> str:
    """ ", by <name>" when someone signed in made the change (allauth keeps the request)."""
    actor = getattr(context.request, "user", None)
    if not getattr(actor, "is_authenticated", False) or actor.pk == login.pk:
        return ""
    return f", by {actor.get_full_name()}"


@receiver(post_init, sender=User)
def _remember_email(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred email must not cost a query per login loaded.
    instance._email_as_loaded = instance.__dict__.get("email")


@receiver(post_save, sender=User)
def _login_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    before = getattr(instance, "_email_as_loaded", None)
    instance._email_as_loaded = instance.email
    if created:
        if instance.has_usable_password():
            # Set up with a password by someone trusted (createsuperuser, the admin, the demo):
            # there is no open sign-up, so the address is the one they vouched for.
            login_email_verify(user=instance)
            detail = "Created with a password"
        else:
            detail = "Invited: a password is set when the invitation is accepted"
        security_event_record(
            user=instance, kind=SecurityKind.LOGIN_CREATED, detail=detail + _by_whom(instance)
        )
        return
    if update_fields is not None and "email" not in update_fields:
        return
    if before is not None and before.lower() != instance.email.lower():
        login_email_sync(user=instance)
        security_event_record(
            user=instance,
            kind=SecurityKind.EMAIL_CHANGED,
            detail=f"Now {instance.email}{_by_whom(instance)}",
        )


# Passwords ---------------------------------------------------------------------------------------


@receiver(account_signals.password_set)
def _password_set(sender, request, user, **kwargs):
    security_event_record(
        user=user, kind=SecurityKind.PASSWORD_SET, request=request, detail="Set on the account page"
    )


@receiver(account_signals.password_changed)
def _password_changed(sender, request, user, **kwargs):
    security_event_record(user=user, kind=SecurityKind.PASSWORD_CHANGED, request=request)


@receiver(account_signals.password_reset)
def _password_reset(sender, request, user, **kwargs):
    # The reset link reached the login's mailbox: that proves the address, and the person (allauth
    # clears this address's failures; the account-wide count goes too).
    login_email_verify(user=user)
    forget_account_failures(request, user.email)
    security_event_record(
        user=user,
        kind=SecurityKind.PASSWORD_SET,
        request=request,
        detail="Reset through an emailed link",
    )


# Signing in --------------------------------------------------------------------------------------


@receiver(auth_signals.user_logged_in)
def _remember_enrolment(sender, request, user, **kwargs):
    # Every sign-in (allauth's, and the test client's) notes whether the login has an
    # authenticator, so pages need not ask the database (anchors.permissions.accounts).
    if request is not None and hasattr(request, "session") and has_second_factor(user):
        request.session[MFA_ENROLLED_SESSION_KEY] = user.pk


@receiver(account_signals.user_logged_in)
def _remember_browser(sender, request, response, user, **kwargs):
    # Sent by allauth only once every step of its sign-in passed, authenticator included.
    if response is not None:
        remember_device(request, response, user)


# Two-factor authentication -----------------------------------------------------------------------


@receiver(mfa_signals.authenticator_added)
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type not in SECOND_FACTORS:
        return  # the first recovery codes come with the authenticator: one event says it all
    # Turning it on means typing a code from it: this session has proved it.
    request.session[MFA_ENROLLED_SESSION_KEY] = user.pk
    request.session[MFA_PROVED_SESSION_KEY] = user.pk
    security_event_record(
        user=user,
        kind=SecurityKind.MFA_ENABLED,
        request=request,
        detail=AUTHENTICATOR_NAMES[authenticator.type],
    )


@receiver(mfa_signals.authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type not in SECOND_FACTORS:
        return  # recovery codes go with the last authenticator: one event says it all
    request.session.pop(MFA_ENROLLED_SESSION_KEY, None)
    request.session.pop(MFA_PROVED_SESSION_KEY, None)
    security_event_record(
        user=user,
        kind=SecurityKind.MFA_DISABLED,
        request=request,
        detail=AUTHENTICATOR_NAMES[authenticator.type],
    )


@receiver(mfa_signals.authenticator_reset)
def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    security_event_record(
        user=user,
        kind=SecurityKind.RECOVERY_CODES_REGENERATED,
        request=request,
        detail=AUTHENTICATOR_NAMES.get(authenticator.type, ""),
    )
