"""The base layer's middleware: the collaborative of the request, the sign-in rules that apply
to every page (two-factor enrolment, the admin's allauth sign-in) and private caching."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from anchors.permissions.accounts import mfa_enrolled, mfa_required, signed_in_through_allauth
from anchors.selectors.collaboratives import collaborative_for_user

SESSION_KEY = "collaborative_id"

# Pages someone who must enrol in two-factor authentication can still open: the enrolment step,
# their account, allauth's pages (sign out, two-factor set-up, re-authentication, password) and
# the public pages.
MFA_ENROLMENT_OPEN_PREFIXES = ("account_", "mfa_")
MFA_ENROLMENT_OPEN_VIEWS = {
    "anchors:mfa_required",
    "anchors:my_account",
    "anchors:accessibility",
    "healthz",
    "admin_login",
}


def _with_next(url, request):
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class CollaborativeMiddleware:
    """Sets request.collaborative: the collaborative the signed-in person works in (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.collaborative = (
            collaborative_for_user(user, request.session.get(SESSION_KEY))
            if user.is_authenticated
            else None
        )
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Someone who must use two-factor authentication (``MFA_REQUIRED_ROLES``, staff and
    administrators) and has no authenticator is sent to the enrolment step from every page but
    the few that let them enrol or leave. Comes after ``CollaborativeMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or self._open(request):
            return None
        if not mfa_required(user, getattr(request, "collaborative", None)):
            return None
        if mfa_enrolled(request):
            return None
        return redirect(_with_next(reverse("anchors:mfa_required"), request))

    @staticmethod
    def _open(request):
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return True
        match = request.resolver_match
        if match is None:
            return False
        return match.view_name in MFA_ENROLMENT_OPEN_VIEWS or (
            not match.namespace and (match.url_name or "").startswith(MFA_ENROLMENT_OPEN_PREFIXES)
        )


class AdminSignInMiddleware:
    """The admin opens only for a session that signed in through allauth's login (its rate
    limits, and its two-factor step when the login has an authenticator): a session made any
    other way is sent to the admin's sign-in page (``anchors.views.accounts.admin_login``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.app_name != "admin" or not request.user.is_authenticated:
            return None
        if signed_in_through_allauth(request):
            return None
        return redirect(_with_next(reverse("admin_login"), request))


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in person, so their pages are
    kept by no cache and no browser history after they sign out. Anonymous pages keep their own
    caching, and static files are served before this runs (WhiteNoise), with theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            response["Cache-Control"] = "no-store"
        return response
