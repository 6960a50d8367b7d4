"""Sign-in pages of the portal's own: the two-factor enrolment step, and the admin's sign-in,
which is allauth's (there is no second password form)."""

from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from anchors.models import Role
from anchors.permissions import has_role
from anchors.permissions.accounts import mfa_enrolled, mfa_required, signed_in_through_allauth


def _next(request, default):
    """The page to go on to: ``next`` when it is on this site, else ``default``."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def mfa_enrolment(request):
    """The step people who must use two-factor authentication see until they have set it up."""
    user = request.user
    target = _next(request, reverse("anchors:home"))
    if not mfa_required(user, request.collaborative) or mfa_enrolled(request):
        return redirect(target)
    return render(
        request,
        "anchors/mfa_required.html",
        {
            "next": target,
            "as_administrator": user.is_staff or user.is_superuser,
            "roles": [
                Role(role).label
                for role in settings.MFA_REQUIRED_ROLES
                if has_role(user, request.collaborative, role)
            ],
            # allauth turns two-factor authentication on only for a verified address.
            "email_unverified": EmailAddress.objects.filter(user=user, verified=False).exists(),
        },
    )


@login_not_required
@never_cache
def admin_login(request):
    """The admin's sign-in page, replacing Django's: it never reads a password. Signed out, it
    sends people to allauth's sign-in (rate limits, two-factor step), then back to the admin."""
    target = _next(request, reverse("admin:index"))
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
    if user.is_staff and signed_in_through_allauth(request):
        return redirect(target)
    return render(
        request,
        "account/admin_login.html",
        {"next": target, "is_staff": user.is_staff},
        status=200 if user.is_staff else 403,
    )
