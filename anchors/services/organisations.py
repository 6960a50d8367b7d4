"""Writes for organisations, people, roles and invitations."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from anchors import permissions
from anchors.common.errors import PortalError, require
from anchors.common.history import attribute, copy_fields, save_with_history
from anchors.common.locking import check_version
from anchors.common.tasks import enqueue
from anchors.models import Invitation, Membership, Organisation, Person, User
from anchors.services.security import SecurityKind, login_email_verify, security_event_record

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "role",
    "website",
    "postcode",
    "headcount",
    "annual_spend",
    "active",
)
PROFILE_FIELDS = ("headcount", "annual_spend", "website")
PERSON_FIELDS = ("name", "job_title", "organisation", "email")


@transaction.atomic
def organisation_create(*, user, collaborative, data) -> Organisation:
    require(permissions.can_manage_organisations(user, collaborative))
    organisation = Organisation(collaborative=collaborative)
    copy_fields(organisation, data, ORGANISATION_FIELDS)
    return save_with_history(organisation, user=user)


@transaction.atomic
def organisation_update(*, user, organisation, data, version=None) -> Organisation:
    require(permissions.can_manage_organisations(user, organisation.collaborative))
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_version(current=current, version=version, what="organisation")
    copy_fields(current, data, ORGANISATION_FIELDS)
    return save_with_history(current, user=user)


@transaction.atomic
def organisation_profile_update(*, user, organisation, data, version=None) -> Organisation:
    """An organisation's leads keep its headcount, spend and website current."""
    require(permissions.can_edit_organisation_profile(user, organisation))
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_version(current=current, version=version, what="organisation")
    copy_fields(current, data, PROFILE_FIELDS)
    return save_with_history(current, user=user)


def _check_person_organisation(collaborative, organisation):
    if organisation.collaborative_id != collaborative.pk:
        raise PortalError("Choose an organisation in this collaborative.", field="organisation")


@transaction.atomic
def person_create(*, user, collaborative, data) -> Person:
    require(permissions.can_manage_people(user, collaborative))
    _check_person_organisation(collaborative, data["organisation"])
    person = Person(collaborative=collaborative)
    copy_fields(person, data, PERSON_FIELDS)
    person.email = (person.email or "").strip().lower()
    return save_with_history(person, user=user)


@transaction.atomic
def person_update(*, user, person, data, version=None) -> Person:
    require(permissions.can_manage_people(user, person.collaborative))
    _check_person_organisation(person.collaborative, data.get("organisation", person.organisation))
    current = Person.objects.select_for_update().get(pk=person.pk)
    check_version(current=current, version=version, what="person")
    copy_fields(current, data, PERSON_FIELDS)
    current.email = (current.email or "").strip().lower()
    if current.user_id and current.email and current.user.email != current.email:
        if User.objects.filter(email__iexact=current.email).exclude(pk=current.user_id).exists():
            raise PortalError("Another login already uses this email address.", field="email")
        current.user.email = current.email
        current.user.save(update_fields=["email"])
    return save_with_history(current, user=user)


@transaction.atomic
def membership_add(*, user, person, organisation, role) -> Membership:
    collaborative = person.collaborative
    require(permissions.can_manage_people(user, collaborative))
    _check_person_organisation(collaborative, organisation)
    if Membership.objects.filter(
        collaborative=collaborative, person=person, organisation=organisation, role=role
    ).exists():
        raise PortalError(
            f"{person.name} already has this role for {organisation.name}.", field="role"
        )
    membership = Membership(
        collaborative=collaborative, person=person, organisation=organisation, role=role
    )
    return save_with_history(membership, user=user)


@transaction.atomic
def membership_remove(*, user, membership) -> None:
    require(permissions.can_manage_people(user, membership.collaborative))
    attribute(membership, user=user)
    membership.delete()


def invitation_link(*, login) -> str:
    uid = urlsafe_base64_encode(force_bytes(login.pk))
    token = default_token_generator.make_token(login)
    path = reverse("anchors:invitation_accept", args=[uid, token])
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def person_invite(*, user, person) -> Invitation:
    """Give a person a login (without a password) and email them a link to set one."""
    collaborative = person.collaborative
    require(permissions.can_invite_people(user, collaborative))
    email = (person.email or "").strip().lower()
    if not email:
        raise PortalError(
            f"Add an email address for {person.name} before inviting them.", field="email"
        )
    login = person.user
    if login is None:
        if User.objects.filter(email__iexact=email).exists():
            raise PortalError(
                "Another login already uses this email address.", field="email", code="taken"
            )
        login = User.objects.create_user(email=email)
        person.user = login
        person.save(update_fields=["user", "updated_at"])
    elif login.has_usable_password():
        raise PortalError(f"{person.name} can already log in.", code="active")
    invitation = Invitation.objects.create(
        collaborative=collaborative, person=person, email=email, created_by=user
    )
    # Through the outbox: recorded with the invitation, emailed once it commits, retried if the
    # broker or the mail server is down (anchors.common.tasks).
    enqueue("anchors.send_invitation_email", invitation.pk, key=f"invitation:{invitation.pk}")
    return invitation


def invitation_email_send(*, invitation_id) -> int:
    """Email the invited person the link to set their password; the number of emails sent (0 if
    they have set one since: the link would no longer work)."""
    invitation = (
        Invitation.objects.select_related("collaborative", "person__user", "created_by")
        .filter(pk=invitation_id)
        .first()
    )
    login = invitation.person.user if invitation else None
    if login is None or login.has_usable_password():
        return 0
    context = {
        "person": invitation.person,
        "collaborative": invitation.collaborative,
        "inviter": invitation.created_by.get_full_name() if invitation.created_by else "",
        "link": invitation_link(login=login),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return send_mail(
        subject=f"You are invited to the {invitation.collaborative.name} portal",
        message=render_to_string("anchors/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_login(*, uidb64, token) -> User | None:
    """The login an invitation link is for, while the link is still good (unused, not expired)."""
    try:
        login = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return login if default_token_generator.check_token(login, token) else None


@transaction.atomic
def invitation_accept(*, uidb64, token, password) -> User:
    """The invited person sets their password; the link stops working once used."""
    login = invitation_login(uidb64=uidb64, token=token)
    if login is None:
        raise PortalError(
            "This invitation link has expired or has already been used. Ask the facilitator to "
            "send a new one.",
            code="invalid_link",
        )
    try:
        password_validation.validate_password(password, login)
    except ValidationError as error:
        raise PortalError(" ".join(error.messages), field="new_password1") from error
    login.set_password(password)
    login.save(update_fields=["password"])
    Invitation.objects.filter(person__user=login, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    # The link reached them at this address, which proves it is theirs: allauth needs a verified
    # address before it lets anyone turn on two-factor authentication.
    login_email_verify(user=login)
    security_event_record(user=login, kind=SecurityKind.PASSWORD_SET, detail="Invitation accepted")
    return login
