from django.shortcuts import render

from anchors import permissions
from anchors.models import Membership
from anchors.views import work


def home(request):
    collaborative = request.collaborative
    memberships = []
    if collaborative:
        memberships = list(
            Membership.objects.filter(collaborative=collaborative, person__user=request.user)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )
    return render(
        request,
        "anchors/home.html",
        {
            "collaborative": collaborative,
            "memberships": memberships,
            "is_facilitator": bool(collaborative)
            and permissions.is_facilitator(request.user, collaborative),
            "lead_organisation_ids": permissions.lead_organisation_ids(request.user, collaborative),
            "home_panels": work.home_panels(request),
        },
    )


def my_account(request):
    collaborative = request.collaborative
    person = getattr(request.user, "person", None)
    memberships = (
        Membership.objects.filter(person__user=request.user)
        .select_related("organisation", "collaborative")
        .order_by("collaborative__name", "organisation__name")
    )
    from allauth.mfa.models import Authenticator

    authenticators = {a.type for a in Authenticator.objects.filter(user=request.user)}
    return render(
        request,
        "anchors/my_account.html",
        {
            "person": person,
            "memberships": memberships,
            "collaborative": collaborative,
            "has_totp": Authenticator.Type.TOTP in authenticators,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in authenticators,
        },
    )
