"""The security-event log: each kind of event is recorded by the real path that causes it, the
person sees their own on "Your account", and the administrator sees all, read-only."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from anchors import services
from anchors.models import SecurityEvent, User
from tests.anchors.authenticators import activate_totp, give_totp, reauthenticate, sign_in
from tests.anchors.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
HERE = "198.51.100.20"


def events(user, kind):
    return list(SecurityEvent.objects.filter(user=user, kind=kind))


def _invite(client, facilitator, org_a, capture, email="new.person@example.org"):
    """The facilitator invites a person through the page; returns the login and the link path."""
    person = PersonFactory(organisation=org_a, email=email, name="New Person")
    sign_in(client, facilitator, secret=give_totp(facilitator), REMOTE_ADDR=HERE)
    with capture(execute=True):
        response = client.post(reverse("anchors:person_invite", args=[person.pk]), REMOTE_ADDR=HERE)
    assert response.status_code == 302
    path = re.search(r"https?://[^/]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    return User.objects.get(email=email), path


def test_an_invitation_records_the_login_created_and_its_acceptance_the_password_set(
    client, facilitator, org_a, django_capture_on_commit_callbacks
):
    login, path = _invite(client, facilitator, org_a, django_capture_on_commit_callbacks)
    (created,) = events(login, Kind.LOGIN_CREATED)
    assert created.detail.startswith("Invited")
    assert facilitator.get_full_name() in created.detail
    assert created.ip_address == HERE
    client.post("/accounts/logout/")
    response = client.post(
        path,
        {"new_password1": "a-long-new-pass-99", "new_password2": "a-long-new-pass-99"},
        REMOTE_ADDR="192.0.2.5",
    )
    assert response.status_code == 302
    (password_set,) = events(login, Kind.PASSWORD_SET)
    assert password_set.detail == "Invitation accepted"
    assert password_set.ip_address == "192.0.2.5"
    assert "a-long-new-pass-99" not in password_set.detail


def test_a_password_reset_through_the_emailed_link_records_the_password_set(client, lead_a):
    client.post("/accounts/password/reset/", {"email": lead_a.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    form_url = form.redirect_chain[-1][0]
    done = client.post(
        form_url, {"password1": "reset-pass-long-77", "password2": "reset-pass-long-77"}
    )
    assert done.status_code == 302
    (event,) = events(lead_a, Kind.PASSWORD_SET)
    assert event.detail == "Reset through an emailed link"
    # The reset reached the mailbox: allauth now counts the address as verified.
    assert EmailAddress.objects.get(user=lead_a, primary=True).verified


def test_changing_the_password_records_it(client, lead_a):
    sign_in(client, lead_a, REMOTE_ADDR=HERE)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "changed-pass-55", "password2": "changed-pass-55"},
        REMOTE_ADDR=HERE,
    )
    assert response.status_code == 302
    (event,) = events(lead_a, Kind.PASSWORD_CHANGED)
    assert event.ip_address == HERE
    assert "changed-pass-55" not in event.detail


def test_a_changed_login_email_is_recorded_and_the_old_address_forgotten(
    client_for, facilitator, lead_a, org_a
):
    give_totp(facilitator)
    client = client_for(facilitator)
    url = reverse("anchors:person_edit", args=[lead_a.person.pk])
    html = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    response = client.post(
        url,
        {
            "name": lead_a.person.name,
            "job_title": "",
            "organisation": org_a.pk,
            "email": "lead.a.new@example.org",
            "version": version,
        },
        REMOTE_ADDR=HERE,
    )
    assert response.status_code == 302
    (event,) = events(lead_a, Kind.EMAIL_CHANGED)
    assert "lead.a.new@example.org" in event.detail
    assert facilitator.get_full_name() in event.detail
    assert event.ip_address == HERE
    addresses = list(EmailAddress.objects.filter(user=lead_a).values_list("email", flat=True))
    assert addresses == ["lead.a.new@example.org"]
    # The old mailbox can no longer reset the password.
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": "lead.a@example.org"})
    assert mail.outbox == []


def test_turning_totp_on_and_off_and_regenerating_codes_is_recorded(
    client, lead_a, django_capture_on_commit_callbacks
):
    sign_in(client, lead_a, REMOTE_ADDR=HERE)
    # allauth sends its "authenticator added" and "reset" signals once the change commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert activate_totp(client).status_code == 302
    (on,) = events(lead_a, Kind.MFA_ENABLED)
    assert on.detail == "authenticator app"
    with django_capture_on_commit_callbacks(execute=True):
        generated = client.post("/accounts/2fa/recovery-codes/generate/")
    assert generated.status_code == 302
    assert len(events(lead_a, Kind.RECOVERY_CODES_REGENERATED)) == 1
    reauthenticate(client)
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=lead_a).exists()
    (off,) = events(lead_a, Kind.MFA_DISABLED)
    assert off.detail == "authenticator app"


def test_a_lockout_is_recorded_once_with_the_attackers_address(client, lead_a):
    for _ in range(9):
        client.post(
            "/accounts/login/",
            {"login": lead_a.email, "password": "wrong"},
            REMOTE_ADDR="203.0.113.66",
        )
    (locked,) = events(lead_a, Kind.LOGIN_LOCKED)
    assert locked.ip_address == "203.0.113.66"
    assert "from this address" in locked.detail
    assert "wrong" not in locked.detail


def test_api_tokens_are_recorded_through_the_service(lead_a):
    event = services.security_event_record(
        user=lead_a, kind=Kind.API_TOKEN_CREATED, detail="Token “Power BI” " + "x" * 300
    )
    assert event.ip_address is None
    assert len(event.detail) == 200
    services.security_event_record(user=lead_a, kind="api_token_revoked", detail="Power BI")
    assert [e.kind for e in SecurityEvent.objects.filter(user=lead_a)][:2] == [
        Kind.API_TOKEN_REVOKED,
        Kind.API_TOKEN_CREATED,
    ]
    with pytest.raises(ValueError, match="not_a_kind"):
        services.security_event_record(user=lead_a, kind="not_a_kind")
    assert services.security_event_record(user=None, kind=Kind.API_TOKEN_CREATED) is None


def test_your_account_lists_your_own_events_newest_first_twenty_a_page(client_for, lead_a, lead_b):
    for n in range(25):
        services.security_event_record(
            user=lead_a, kind=Kind.API_TOKEN_CREATED, detail=f"Token number {n:02d}"
        )
    services.security_event_record(user=lead_b, kind=Kind.PASSWORD_CHANGED, detail="Not yours")
    client = client_for(lead_a)
    html = client.get(reverse("anchors:my_account")).content.decode()
    assert "Security events" in html
    assert "26 security events on your login" in html  # 25 tokens and the login's creation
    assert "Token number 24" in html
    assert html.index("Token number 24") < html.index("Token number 23")
    assert "Token number 05" in html
    assert "Token number 04" not in html  # on the second page
    assert "Not yours" not in html
    second = client.get(reverse("anchors:my_account") + "?events=2").content.decode()
    assert "Token number 04" in second
    assert "Login created" in second


def test_the_administrator_sees_every_event_read_only(client, superuser, lead_a):
    services.security_event_record(user=lead_a, kind=Kind.PASSWORD_CHANGED, detail="By lead")
    sign_in(client, superuser, secret=give_totp(superuser))
    listing = client.get("/admin/anchors/securityevent/")
    assert listing.status_code == 200
    assert lead_a.email in listing.content.decode()
    event = SecurityEvent.objects.get(detail="By lead")
    page = client.get(f"/admin/anchors/securityevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get("/admin/anchors/securityevent/add/").status_code == 403
    client.post(f"/admin/anchors/securityevent/{event.pk}/change/", {"detail": "Rewritten"})
    client.post(f"/admin/anchors/securityevent/{event.pk}/delete/", {"post": "yes"})
    event.refresh_from_db()
    assert event.detail == "By lead"
