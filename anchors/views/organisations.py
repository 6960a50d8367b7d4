from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from anchors import permissions
from anchors.base import PortalError, require
from anchors.filters import OrganisationFilter
from anchors.forms.organisations import (
    InvitationAcceptForm,
    MembershipForm,
    OrganisationForm,
    OrganisationProfileForm,
    PersonForm,
)
from anchors.models import Membership
from anchors.selectors import organisations as selectors
from anchors.services import organisations as services
from anchors.services.common import version_of
from anchors.views.common import get_or_404, member_collaborative, posted, show_save_error


def _organisation(request, pk):
    collaborative = member_collaborative(request)
    return get_or_404(selectors.organisation_detail, collaborative=collaborative, pk=pk)


def _person(request, pk):
    collaborative = member_collaborative(request)
    return get_or_404(selectors.person_detail, collaborative=collaborative, pk=pk)


def organisation_list(request):
    collaborative = member_collaborative(request)
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
            "organisations": filterset.qs,
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
            "history": selectors.organisation_history(organisation=organisation),
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
    form = OrganisationForm(posted(request), collaborative=collaborative)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                user=request.user, collaborative=collaborative, data=form.cleaned_data
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{organisation.name} added.")
            return redirect(organisation)
    return render(
        request,
        "anchors/organisation_form.html",
        {"form": form, "title": "Add an organisation"},
    )


def organisation_edit(request, pk):
    organisation = _organisation(request, pk)
    require(permissions.can_manage_organisations(request.user, organisation.collaborative))
    form = OrganisationForm(
        posted(request),
        instance=organisation,
        initial={"version": version_of(organisation)},
    )
    return _save_organisation(
        request, form, organisation, services.organisation_update, f"Edit {organisation.name}"
    )


def organisation_profile(request, pk):
    organisation = _organisation(request, pk)
    require(permissions.can_edit_organisation_profile(request.user, organisation))
    form = OrganisationProfileForm(
        posted(request),
        instance=organisation,
        initial={"version": version_of(organisation)},
    )
    return _save_organisation(
        request,
        form,
        organisation,
        services.organisation_profile_update,
        f"Update {organisation.name}’s figures",
    )


def _save_organisation(request, form, organisation, service, title):
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            service(
                user=request.user,
                organisation=organisation,
                data=data,
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, organisation)
        else:
            messages.success(request, f"{organisation.name} updated.")
            return redirect(organisation)
    return render(
        request,
        "anchors/organisation_form.html",
        {"form": form, "title": title, "organisation": organisation},
    )


def people_list(request):
    collaborative = member_collaborative(request)
    q = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "anchors/person_list.html",
        {
            "people": selectors.people_list(collaborative=collaborative, search=q or None),
            "q": q,
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
        },
    )


def person_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_people(request.user, collaborative))
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    form = PersonForm(posted(request), collaborative=collaborative, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                user=request.user, collaborative=collaborative, data=form.cleaned_data
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{person.name} added.")
            return redirect(person)
    return render(request, "anchors/person_form.html", {"form": form, "title": "Add a person"})


def person_edit(request, pk):
    person = _person(request, pk)
    require(permissions.can_manage_people(request.user, person.collaborative))
    form = PersonForm(posted(request), instance=person, initial={"version": version_of(person)})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                user=request.user,
                person=person,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            show_save_error(form, error, person)
        else:
            messages.success(request, f"{person.name} updated.")
            return redirect(person)
    return render(
        request,
        "anchors/person_form.html",
        {"form": form, "title": f"Edit {person.name}", "person": person},
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
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                user=request.user,
                person=person,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Role added for {person.name}.")
            return redirect(person)
    return render(
        request,
        "anchors/membership_form.html",
        {"form": form, "person": person, "title": f"Give {person.name} a role"},
    )


def membership_remove(request, pk, membership_pk):
    person = _person(request, pk)
    require(permissions.can_manage_people(request.user, person.collaborative))
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), pk=membership_pk, person=person
    )
    if request.method == "POST":
        services.membership_remove(user=request.user, membership=membership)
        messages.success(request, f"Role removed from {person.name}.")
        return redirect(person)
    return render(
        request, "anchors/membership_remove.html", {"person": person, "membership": membership}
    )


def person_invite(request, pk):
    person = _person(request, pk)
    require(permissions.can_invite_people(request.user, person.collaborative))
    error = None
    if request.method == "POST":
        try:
            invitation = services.person_invite(user=request.user, person=person)
        except PortalError as exc:
            error = exc.message
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect(person)
    return render(request, "anchors/person_invite.html", {"person": person, "error": error})


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request, uidb64, token):
    User = get_user_model()
    try:
        login = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        login = None
    if login is None or not default_token_generator.check_token(login, token):
        return render(request, "anchors/invitation_invalid.html", status=400)
    form = InvitationAcceptForm(posted(request), user=login)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(login=login, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is set. You can now sign in.")
        return redirect("account_login")
    return render(request, "anchors/invitation_accept.html", {"form": form, "login": login})
