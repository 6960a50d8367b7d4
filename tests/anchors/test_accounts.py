"""Accounts: email login, no sign-up, invitations, password reset, MFA, rate limits."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from anchors import services
from anchors.common.errors import PortalError
from anchors.models import Invitation, User
from tests.anchors.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_user_model_uses_email_and_no_username():
    assert User.USERNAME_FIELD == "email"
    assert not any(f.name == "username" for f in User._meta.get_fields())


def test_sign_in_with_email(client, lead_a):
    response = client.post(
        "/accounts/login/",
        {"login": "lead.a@example.org", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_shows_error_summary(client, lead_a):
    response = client.post("/accounts/login/", {"login": "lead.a@example.org", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "govuk-error-summary" in html


def test_facilitator_invites_a_person_who_sets_a_password(
    client_for, facilitator, org_a, django_capture_on_commit_callbacks
):
    person = PersonFactory(organisation=org_a, email="new.lead@example.org", name="New Lead")
    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("anchors:person_invite", args=[person.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.lead@example.org"]
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    person.refresh_from_db()
    assert person.user is not None
    assert not person.user.has_usable_password()

    client.logout()
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Set your password" in page.content.decode()
    bad = client.post("/" + path, {"new_password1": "short", "new_password2": "short"})
    assert 'href="#id_new_password1"' in bad.content.decode()
    good = client.post(
        "/" + path, {"new_password1": "a-long-new-pass-99", "new_password2": "a-long-new-pass-99"}
    )
    assert good.status_code == 302
    assert Invitation.objects.get(person=person).accepted_at is not None
    # The link works once only.
    assert client.get("/" + path).status_code == 400
    response = client.post(
        "/accounts/login/", {"login": "new.lead@example.org", "password": "a-long-new-pass-99"}
    )
    assert response.status_code == 302


def test_invitation_needs_an_email(client_for, facilitator, org_a):
    person = PersonFactory(organisation=org_a, email="")
    response = client_for(facilitator).post(reverse("anchors:person_invite", args=[person.pk]))
    assert response.status_code == 200
    assert "Add an email address" in response.content.decode()
    assert mail.outbox == []
    assert not User.objects.filter(person=person).exists()


def test_only_facilitator_can_invite(client_for, lead_a, org_a):
    person = PersonFactory(organisation=org_a, email="x@example.org")
    response = client_for(lead_a).post(reverse("anchors:person_invite", args=[person.pk]))
    assert response.status_code == 403
    assert mail.outbox == []


def test_password_reset_sends_a_link(client, lead_a):
    response = client.post("/accounts/password/reset/", {"email": "lead.a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_mfa_offers_authenticator_app_and_recovery_codes(client_for, lead_a):
    client = client_for(lead_a)
    assert settings.MFA_SUPPORTED_TYPES == ["totp", "recovery_codes"]
    index = client.get("/accounts/2fa/")
    assert index.status_code == 200
    assert "Authenticator" in index.content.decode()
    activate = client.get("/accounts/2fa/totp/activate/")
    # allauth may ask to re-authenticate first; either way the page answers without error.
    assert activate.status_code in (200, 302)


def test_login_is_rate_limited_through_the_cache(client, lead_a):
    """Five failures for one login within five minutes lock it out, even with the right password."""
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": "lead.a@example.org", "password": "wrong"}
        )
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(
        "/accounts/login/",
        {"login": "lead.a@example.org", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_empty_sign_in_names_each_field(client, db):
    html = client.post("/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert 'href="#id_login"' in html
    assert "Enter email address" in html
    assert "Enter password" in html


def test_the_invitation_service_checks_the_token_itself(facilitator, org_a):
    """Not only the page: setting a password through the service needs a good, unused token."""
    person = PersonFactory(organisation=org_a, email="invited@example.org")
    invitation = services.person_invite(user=facilitator, person=person)
    login = User.objects.get(email="invited@example.org")
    uid = urlsafe_base64_encode(force_bytes(login.pk))
    with pytest.raises(PortalError, match="expired or has already been used"):
        services.invitation_accept(uidb64=uid, token="not-the-token", password="a-long-pass-99")
    login.refresh_from_db()
    assert not login.has_usable_password()
    with pytest.raises(PortalError, match="expired or has already been used"):
        services.invitation_accept(uidb64="bm9ib2R5", token="anything", password="a-long-pass-99")
    token = default_token_generator.make_token(login)
    with pytest.raises(PortalError) as weak:
        services.invitation_accept(uidb64=uid, token=token, password="123")
    assert weak.value.field == "new_password1"
    services.invitation_accept(uidb64=uid, token=token, password="a-long-pass-99")
    login.refresh_from_db()
    assert login.check_password("a-long-pass-99")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # The same link cannot set the password again.
    with pytest.raises(PortalError, match="expired or has already been used"):
        services.invitation_accept(uidb64=uid, token=token, password="another-long-pass-99")
