"""Two-factor authentication in tests: an authenticator app for a login, its codes, and signing
in through allauth's own pages (password, then the code), as a person would."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache

from tests.anchors.factories import PASSWORD


def give_totp(user, secret=None) -> str:
    """Give the login an authenticator app (if it has none); returns its key."""
    current = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if current is not None:
        return current.data["secret"]
    secret = secret or generate_totp_secret()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    return secret


def without_mfa(user):
    """The login with no authenticator (whatever the shared fixtures gave it)."""
    Authenticator.objects.filter(user=user).delete()
    return user


def totp_code(secret) -> str:
    """The code the app shows now — or, in the last 5 seconds of its period, the next one (waited
    for): a code typed as its period ends reaches the server in the next and is refused, as a
    person would find; a slow test machine must not."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.05)
    counter = int(time.time()) // period
    return format_hotp_value(hotp_value(secret, counter))


def codes_around_now(secret) -> set[str]:
    """The codes of this period and the next: what a command run now may print, whichever side
    of a period's end it ran on (``totp_code`` waits out a period's last seconds)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return {format_hotp_value(hotp_value(secret, c)) for c in (counter, counter + 1)}


def forget_used_code(user, code) -> None:
    # allauth accepts each code once per login (a cache entry): tests may sign in twice within
    # one 30-second period.
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")


def sign_in(client, user, *, password=PASSWORD, secret=None, next_url=None, **extra):
    """Sign in on allauth's pages; with ``secret``, complete the authenticator step too.
    Returns the last response."""
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": user.email, "password": password}, **extra)
    if secret is not None and response.status_code == 302 and "2fa" in response["Location"]:
        code = totp_code(secret)
        forget_used_code(user, code)
        response = client.post(response["Location"], {"code": code}, **extra)
    return response


def reauthenticate(client, *, password=PASSWORD):
    """allauth asks for the password again before two-factor settings change."""
    return client.post("/accounts/reauthenticate/", {"password": password})


def activate_totp(client, *, password=PASSWORD):
    """Turn on an authenticator app through allauth's pages; returns the last response."""
    reauthenticate(client, password=password)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page
    secret = client.session["mfa.totp.secret"]
    return client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
