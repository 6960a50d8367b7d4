from allauth.mfa.models import Authenticator
from django.shortcuts import render
from django.utils import timezone

from anchors import permissions, selectors
from anchors.common import registry
from anchors.common.pagination import paginate
from anchors.models import Membership
from anchors.selectors.api_tokens import active_token_count
from anchors.selectors.security import security_events_for

# Security events on "Your account": a page of the newest, with a count of them all.
SECURITY_EVENTS_PER_PAGE = 20


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
            # The base layer's panels, then those the apps above declare (registry).
            "home_panels": home_panels(request)
            + (registry.home_panels(request, collaborative) if collaborative else []),
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
            "active_tokens": active_token_count(user=request.user),
            "events": paginate(
                request,
                security_events_for(user=request.user),
                per_page=SECURITY_EVENTS_PER_PAGE,
                param="events",
            ),
        },
    )


# The home page lists this many missing sponsors and counts the rest (the workstreams page has
# each workstream's): a large collaborative can have hundreds.
HOME_SPONSORSHIP_SHOWN = 10


def home_panels(request):
    """The "what needs me now" panels on the home page for the signed-in person."""
    collaborative = getattr(request, "collaborative", None)
    user = request.user
    if not collaborative or not permissions.can_view_workstreams(user, collaborative):
        return []
    today = timezone.localdate()
    person = getattr(user, "person", None)
    if person is not None and person.collaborative_id != collaborative.pk:
        person = None
    facilitator = permissions.is_facilitator(user, collaborative)
    org_ids = (
        None if facilitator else {org for org, _ in permissions.role_pairs(user, collaborative)}
    )
    panels = []
    if permissions.can_view_actions(user, collaborative):
        actions = selectors.my_open_actions(person=person)
        panels.append(
            {
                "template": "anchors/home_panels/my_actions.html",
                "actions": actions,
                "overdue": sum(1 for a in actions if a.is_overdue),
                "person": person,
            }
        )
    if facilitator or org_ids:
        sponsor_orgs = permissions.sponsor_organisation_ids(user, collaborative)
        missing, missing_total = selectors.sponsorship_missing(
            collaborative=collaborative, organisation_ids=org_ids, shown=HOME_SPONSORSHIP_SHOWN
        )
        panels.append(
            {
                "template": "anchors/home_panels/sponsorship.html",
                "missing": missing,
                "missing_total": missing_total,
                "facilitator": facilitator,
                "sponsor_org_ids": sponsor_orgs,
                "can_set": facilitator or bool(sponsor_orgs),
            }
        )
    if permissions.can_view_workshops(user, collaborative):
        panels.append(
            {
                "template": "anchors/home_panels/next_workshop.html",
                "next": selectors.next_workshop(
                    collaborative=collaborative, today=today, organisation_ids=org_ids
                ),
                "can_record": permissions.can_record_workshop(user, collaborative),
                "today": today,
            }
        )
    return panels
