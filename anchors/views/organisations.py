"""Pages for organisations, people, their roles and invitations."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from anchors import permissions
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, perform, posted
from anchors.filters import OrganisationFilter
from anchors.forms.organisations import (
    InvitationAcceptForm,
    InviteForm,
    MembershipForm,
    OrganisationForm,
    OrganisationProfileForm,
    PersonForm,
)
from anchors.models import Membership
from anchors.selectors import organisations as selectors
from anchors.services import organisations as services
from anchors.views.common import member_collaborative


def _organisation(request, pk):
    collaborative = member_collaborative(request)
    return get_or_404(selectors.organisation_detail, collaborative=collaborative, pk=pk)


def _person(request, pk):
    collaborative = member_collaborative(request)
    return get_or_404(selectors.person_detail, collaborative=collaborative, pk=pk)


def organisation_list(request):
    collaborative = member_collaborative(request)
    if exported := export_response(request, "anchors.organisations", collaborative=collaborative):
        return exported
    filterset = OrganisationFilter(
        request.GET or None, queryset=selectors.organisation_list(collaborative=collaborative)
    )
    filtered = (
        filterset.is_bound and filterset.is_valid() and any(filterset.form.cleaned_data.values())
    )
    return render(
        request,
        "anchors/organisation_list.html",
        {
            "filter_form": filterset.form,
            "page": paginate(request, filterset.qs),
            "filtered": filtered,
            "can_manage": permissions.can_manage_organisations(request.user, collaborative),
        },
    )


def organisation_detail(request, pk):
    organisation = _organisation(request, pk)
    return render(
        request,
        "anchors/organisation_detail.html",
        {
            "organisation": organisation,
            "people": selectors.organisation_people(organisation=organisation),
            "roles": selectors.organisation_roles(organisation=organisation),
            "history": paginate(
                request,
                selectors.organisation_history(organisation=organisation),
                param="history_page",
                fragment="history",
            ),
            "can_manage": permissions.can_manage_organisations(
                request.user, organisation.collaborative
            ),
            "can_edit_profile": permissions.can_edit_organisation_profile(
                request.user, organisation
            ),
        },
    )


def organisation_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_organisations(request.user, collaborative))
    return form_page(
        request,
        OrganisationForm(posted(request), collaborative=collaborative),
        save=lambda data: services.organisation_create(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda organisation: (f"{organisation.name} added.", organisation),
        template="anchors/organisation_form.html",
        context={"title": "Add an organisation"},
    )


def organisation_edit(request, pk):
    organisation = _organisation(request, pk)
    require(permissions.can_manage_organisations(request.user, organisation.collaborative))
    return _organisation_form(
        request,
        organisation,
        OrganisationForm,
        services.organisation_update,
        f"Edit {organisation.name}",
    )


def organisation_profile(request, pk):
    organisation = _organisation(request, pk)
    require(permissions.can_edit_organisation_profile(request.user, organisation))
    return _organisation_form(
        request,
        organisation,
        OrganisationProfileForm,
        services.organisation_profile_update,
        f"Update {organisation.name}’s figures",
    )


def _organisation_form(request, organisation, form_class, service, title):
    form = form_class(
        posted(request), instance=organisation, initial={"version": version_of(organisation)}
    )
    return form_page(
        request,
        form,
        save=lambda data: service(
            user=request.user, organisation=organisation, data=data, version=data["version"]
        ),
        done=(f"{organisation.name} updated.", organisation),
        template="anchors/organisation_form.html",
        context={"title": title, "organisation": organisation},
    )


def people_list(request):
    collaborative = member_collaborative(request)
    if exported := export_response(request, "anchors.people", collaborative=collaborative):
        return exported
    q = request.GET.get("q", "").strip()[:100]
    everyone = permissions.contact_organisation_ids(request.user, collaborative) is None
    return render(
        request,
        "anchors/person_list.html",
        {
            "page": paginate(
                request,
                selectors.people_list(
                    collaborative=collaborative, search=q or None, search_email=everyone
                ),
            ),
            "q": q,
            "search_email": everyone,
            "can_manage": permissions.can_manage_people(request.user, collaborative),
        },
    )


def person_detail(request, pk):
    person = _person(request, pk)
    collaborative = person.collaborative
    return render(
        request,
        "anchors/person_detail.html",
        {
            "person": person,
            "can_manage": permissions.can_manage_people(request.user, collaborative),
            "can_invite": permissions.can_invite_people(request.user, collaborative),
            "show_contact": permissions.can_see_contact_details(request.user, person),
        },
    )


def person_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_people(request.user, collaborative))
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    return form_page(
        request,
        PersonForm(posted(request), collaborative=collaborative, initial=initial),
        save=lambda data: services.person_create(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda person: (f"{person.name} added.", person),
        template="anchors/person_form.html",
        context={"title": "Add a person"},
    )


def person_edit(request, pk):
    person = _person(request, pk)
    require(permissions.can_manage_people(request.user, person.collaborative))
    return form_page(
        request,
        PersonForm(posted(request), instance=person, initial={"version": version_of(person)}),
        save=lambda data: services.person_update(
            user=request.user, person=person, data=data, version=data["version"]
        ),
        done=(f"{person.name} updated.", person),
        template="anchors/person_form.html",
        context={"title": f"Edit {person.name}", "person": person},
    )


def membership_add(request, pk):
    person = _person(request, pk)
    collaborative = person.collaborative
    require(permissions.can_manage_people(request.user, collaborative))
    form = MembershipForm(
        posted(request),
        collaborative=collaborative,
        initial={"organisation": person.organisation_id},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.membership_add(
            user=request.user, person=person, organisation=data["organisation"], role=data["role"]
        ),
        done=(f"Role added for {person.name}.", person),
        template="anchors/membership_form.html",
        context={"person": person, "title": f"Give {person.name} a role"},
    )


def membership_remove(request, pk, membership_pk):
    person = _person(request, pk)
    require(permissions.can_manage_people(request.user, person.collaborative))
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), pk=membership_pk, person=person
    )
    if request.method == "POST":
        return perform(
            request,
            lambda: services.membership_remove(user=request.user, membership=membership),
            success=f"Role removed from {person.name}.",
            then=person,
        )
    return render(
        request, "anchors/membership_remove.html", {"person": person, "membership": membership}
    )


def person_invite(request, pk):
    person = _person(request, pk)
    require(permissions.can_invite_people(request.user, person.collaborative))
    return form_page(
        request,
        InviteForm(posted(request)),
        save=lambda data: services.person_invite(user=request.user, person=person),
        done=lambda invitation: (f"Invitation sent to {invitation.email}.", person),
        template="anchors/person_invite.html",
        context={"person": person, "title": f"Invite {person.name}"},
    )


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request, uidb64, token):
    login = services.invitation_login(uidb64=uidb64, token=token)
    if login is None:
        return render(request, "anchors/invitation_invalid.html", status=400)
    return form_page(
        request,
        InvitationAcceptForm(posted(request), user=login),
        save=lambda data: services.invitation_accept(
            uidb64=uidb64, token=token, password=data["new_password1"]
        ),
        done=("Your password is set. You can now sign in.", "account_login"),
        template="anchors/invitation_accept.html",
        context={"login": login, "title": "Set your password"},
    )
