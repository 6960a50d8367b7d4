"""Accounts: email login, no sign-up, invitations, password reset, MFA, rate limits."""

import re
from io import StringIO
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from anchors import services
from anchors.common.errors import PortalError
from anchors.demo.organisations import demo_totp_secret
from anchors.models import Invitation, Organisation, User
from tests.anchors.authenticators import (
    activate_totp,
    codes_around_now,
    forget_used_code,
    give_totp,
    reauthenticate,
    sign_in,
    totp_code,
    without_mfa,
)
from tests.anchors.factories import PASSWORD, PersonFactory, UserFactory
from tests.anchors.test_security import _plain_urls

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
    give_totp(facilitator)  # facilitators must use two-factor authentication
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
    give_totp(facilitator)
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


# Issue 8: one way in (the admin through allauth, with MFA) ---------------------------------------

ATTACKER, REAL_USER, ELSEWHERE = "203.0.113.9", "198.51.100.7", "192.0.2.44"
TOO_MANY = "Too many failed login attempts"
RATES = settings.ACCOUNT_RATE_LIMITS


@pytest.fixture
def bare_facilitator(facilitator):
    """The facilitator before they have set up two-factor authentication."""
    return without_mfa(facilitator)


@pytest.fixture
def bare_superuser(superuser):
    """An administrator before they have set up two-factor authentication."""
    return without_mfa(superuser)


def _signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("with_totp", [False, True])
def test_posting_a_password_to_the_admin_login_never_signs_in(client, bare_superuser, with_totp):
    """Django's admin form used to take the password alone: no rate limit, no TOTP step."""
    if with_totp:
        give_totp(bare_superuser)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": bare_superuser.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_admin_login_has_no_password_form_and_sends_to_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/anchors/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fanchors%2Fuser%2F"
    # Django's own redirect of a signed-out visitor ends at allauth's sign-in too.
    final = client.get("/admin/", follow=True)
    assert final.redirect_chain[-1][0].startswith("/accounts/login/")
    assert 'name="password"' in final.content.decode()
    # An address off the site is never a destination.
    off_site = client.get("/admin/login/?next=https://evil.example/")
    assert off_site["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_superuser_with_totp_must_pass_the_totp_step_before_the_admin_opens(client, superuser):
    secret = give_totp(superuser)
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": superuser.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    code = totp_code(secret)
    forget_used_code(superuser, code)
    done = client.post(reverse("mfa_authenticate"), {"code": code})
    assert done.status_code == 302
    assert done["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Site administration" in page.content.decode()


def test_the_admin_refuses_a_session_that_did_not_sign_in_through_allauth(client, superuser):
    give_totp(superuser)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Sign in again to use the administration" in page.content.decode()
    assert 'name="password"' not in page.content.decode()


def test_the_admin_sign_in_page_tells_a_non_administrator_they_have_no_access(client_for, lead_a):
    client = client_for(lead_a)
    sign_in(client, lead_a)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "You cannot use the administration" in response.content.decode()


def test_a_superuser_without_totp_is_sent_to_set_it_up_before_the_admin(client, bare_superuser):
    sign_in(client, bare_superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("anchors:mfa_required"))


# Issue 8: MFA can be switched on (verified email) -------------------------------------------------


def test_after_accepting_an_invitation_the_person_can_switch_totp_on(
    client, facilitator, org_a, django_capture_on_commit_callbacks
):
    person = PersonFactory(organisation=org_a, email="invited@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.person_invite(user=facilitator, person=person)
    path = re.search(r"https?://[^/]+(/invitations/\S+/)", mail.outbox[0].body).group(1)
    accepted = client.post(
        path, {"new_password1": "a-long-new-pass-99", "new_password2": "a-long-new-pass-99"}
    )
    assert accepted.status_code == 302
    login = User.objects.get(email="invited@example.org")
    address = EmailAddress.objects.get(user=login)
    assert (address.email, address.verified, address.primary) == (login.email, True, True)

    assert sign_in(client, login, password="a-long-new-pass-99").status_code == 302
    reauthenticate(client, password="a-long-new-pass-99")  # allauth asks before MFA changes
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=login, type=Authenticator.Type.TOTP).exists()


def test_a_login_made_with_createsuperuser_has_a_verified_email(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-pass-99")
    call_command("createsuperuser", interactive=False, email="Root@Example.org", verbosity=0)
    login = User.objects.get(email="root@example.org")
    assert EmailAddress.objects.filter(user=login, verified=True, primary=True).exists()


def test_an_invited_login_is_not_verified_until_the_invitation_is_accepted(facilitator, org_a):
    person = PersonFactory(organisation=org_a, email="waiting@example.org")
    services.person_invite(user=facilitator, person=person)
    login = User.objects.get(email="waiting@example.org")
    assert not EmailAddress.objects.filter(user=login, verified=True).exists()


# Issue 8: MFA required for the facilitator, administrators and staff -----------------------------

# Pages that stay open to someone who still has to enrol.
OPEN_WHILE_ENROLLING = ("/account/", "/accounts/", "/accessibility/", "/healthz", "/admin/login/")


def _portal_pages():
    pages = sorted(set(_plain_urls()))
    return [url for url in pages if not url.startswith(OPEN_WHILE_ENROLLING)]


def test_a_facilitator_without_mfa_is_sent_to_the_enrolment_step_from_every_portal_page(
    client_for, bare_facilitator, org_a, work
):
    client = client_for(bare_facilitator)
    pages = [
        *_portal_pages(),
        reverse("anchors:organisation_detail", args=[org_a.pk]),
        reverse("anchors:workshop_detail", args=[work["workshop"].pk]),
        reverse("anchors:workstream_detail", args=[work["workstream"].pk]),
    ]
    assert "/" in pages
    assert "/organisations/" in pages
    assert "/admin/" in pages
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/account/two-factor-required/?next={quote(url, safe='')}"


def test_a_facilitator_without_mfa_cannot_write_either(client_for, bare_facilitator, collaborative):
    response = client_for(bare_facilitator).post(
        reverse("anchors:organisation_create"),
        {"name": "Gamma", "short_name": "Gamma", "kind": "other", "role": "core_anchor"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor-required/")
    assert not Organisation.objects.filter(name="Gamma").exists()


def test_the_enrolment_step_explains_why_and_links_to_totp_activation(client_for, bare_facilitator):
    client = client_for(bare_facilitator)
    page = client.get("/account/two-factor-required/?next=/workstreams/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Set up two-factor authentication" in html
    assert "Facilitator" in html
    assert 'href="/accounts/2fa/totp/activate/"' in html
    assert 'href="/workstreams/"' in html
    assert "govuk-button" in html
    # Their account, allauth's pages and sign-out stay open.
    assert client.get("/account/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/password/change/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert not _signed_in(client)


def test_after_enrolling_the_facilitator_reaches_every_page(client, bare_facilitator):
    assert sign_in(client, bare_facilitator).status_code == 302
    assert client.get("/").status_code == 302  # sent to enrol first
    done = activate_totp(client)
    assert done.status_code == 302
    for url in ("/", "/organisations/", "/people/", "/workstreams/"):
        assert client.get(url).status_code == 200, url
    # Back at the enrolment step: nothing to do, carry on.
    again = client.get("/account/two-factor-required/?next=/workstreams/")
    assert again.status_code == 302
    assert again["Location"] == "/workstreams/"


def test_a_facilitator_with_mfa_signs_in_with_the_code_and_is_not_asked_again(client, facilitator):
    secret = give_totp(facilitator)
    assert sign_in(client, facilitator, secret=secret).status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/organisations/").status_code == 200


@pytest.mark.parametrize("who", ["lead_a", "sponsor_a", "hwb_member", "viewer", "outsider"])
def test_people_in_roles_not_listed_are_not_asked_for_mfa(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/").status_code == 200
    assert client.get("/people/").status_code in (200, 403)  # as their role allows


def test_a_turned_off_authenticator_sends_the_facilitator_back_to_enrol(client, facilitator):
    secret = give_totp(facilitator)
    sign_in(client, facilitator, secret=secret)
    assert client.get("/").status_code == 200
    reauthenticate(client)
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=facilitator).exists()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor-required/")


def test_staff_and_administrators_must_enrol_whatever_their_roles(bare_superuser, db):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    for user in (bare_superuser, staff):
        client = Client()
        assert sign_in(client, user).status_code == 302
        response = client.get("/")
        assert response.status_code == 302, user
        assert response["Location"].startswith("/account/two-factor-required/")
        page = client.get("/account/two-factor-required/")
        assert "Administrators" in page.content.decode()


def test_the_setting_lists_the_roles_that_must_use_mfa(client_for, lead_a, settings):
    settings.MFA_REQUIRED_ROLES = ["facilitator", "procurement_lead"]
    response = client_for(lead_a).get("/")
    assert response.status_code == 302
    page = client_for(lead_a).get(response["Location"])
    assert "Procurement lead" in page.content.decode()


def test_the_enrolment_step_asks_to_confirm_an_unverified_address_first(
    client_for, bare_facilitator
):
    EmailAddress.objects.filter(user=bare_facilitator).update(verified=False)
    html = client_for(bare_facilitator).get("/account/two-factor-required/").content.decode()
    assert "Confirm your email address" in html


# Issue 8: the demo logins that need MFA come with it ---------------------------------------------


def test_the_demo_facilitator_and_admin_have_the_printed_authenticator_key(client, db):
    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    secret = demo_totp_secret()
    spaced = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert out.getvalue().count(spaced) == 2
    facilitator = User.objects.get(email="facilitator@example.org")
    assert EmailAddress.objects.filter(user=facilitator, verified=True, primary=True).exists()
    assert sign_in(client, facilitator, password=settings.DEMO_PASSWORD, secret=secret)
    assert client.get("/").status_code == 200
    lead = User.objects.get(email="lead.hackney@example.org")
    assert not Authenticator.objects.filter(user=lead).exists()
    # Loading again changes nothing.
    call_command("load_demo", force=True, quiet_logins=True)
    assert Authenticator.objects.filter(user=facilitator).count() == 1


def test_demo_code_prints_the_code_an_app_with_the_demo_key_shows(db):
    out = StringIO()
    expected = codes_around_now(demo_totp_secret())
    call_command("demo_code", force=True, stdout=out)
    printed = out.getvalue()
    # The code of the period the command ran in (the test cannot know which side of a period's
    # end that fell on, so it allows the period it started in and the next).
    assert any(code in printed for code in expected), printed
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo_code")


# Issue 8: a lockout an attacker cannot use against the real person -------------------------------


def _fail(client, email, ip):
    return client.post(
        "/accounts/login/", {"login": email, "password": "wrong"}, REMOTE_ADDR=ip
    ).content.decode()


def test_an_attackers_failures_do_not_stop_the_real_user_signing_in_from_elsewhere(client, lead_a):
    attacker = Client()
    for _ in range(6):
        _fail(attacker, lead_a.email, ATTACKER)
    response = client.post(
        "/accounts/login/", {"login": lead_a.email, "password": PASSWORD}, REMOTE_ADDR=REAL_USER
    )
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_attacker_is_still_limited_from_their_own_address(client, lead_a, lead_b):
    for _ in range(5):
        assert TOO_MANY not in _fail(client, lead_a.email, ATTACKER)
    # The sixth try is refused before the password is even checked, right or wrong.
    assert TOO_MANY in _fail(client, lead_a.email, ATTACKER)
    right = client.post(
        "/accounts/login/", {"login": lead_a.email, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert TOO_MANY in right.content.decode()
    assert not _signed_in(client)
    # Ten failures a minute from one address, whichever accounts they try.
    for n in range(4):
        _fail(client, f"nobody{n}@example.org", ATTACKER)
    assert TOO_MANY in _fail(client, lead_b.email, ATTACKER)


def test_the_account_wide_cap_stops_new_browsers_but_not_one_that_signed_in_before(
    lead_a, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "3/h/key",
    }
    known = Client()
    assert sign_in(known, lead_a, REMOTE_ADDR=REAL_USER).status_code == 302
    assert known.cookies.get("portal_known_device")
    known.post("/accounts/logout/", REMOTE_ADDR=REAL_USER)
    # A spread-out attack: three addresses, one failure each.
    for ip in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        _fail(Client(), lead_a.email, ip)
    new_browser = Client()
    refused = sign_in(new_browser, lead_a, REMOTE_ADDR=ELSEWHERE)
    assert TOO_MANY in refused.content.decode()
    assert not _signed_in(new_browser)
    assert sign_in(known, lead_a, REMOTE_ADDR=ELSEWHERE).status_code == 302
    assert _signed_in(known)


def test_a_password_reset_lets_the_person_in_from_a_new_browser_again(lead_a, settings):
    settings.ACCOUNT_RATE_LIMITS = {**RATES, "login_failed_account": "2/h/key"}
    for ip in ("203.0.113.1", "203.0.113.2"):
        _fail(Client(), lead_a.email, ip)
    browser = Client()
    assert TOO_MANY in sign_in(browser, lead_a, REMOTE_ADDR=ELSEWHERE).content.decode()
    browser.post("/accounts/password/reset/", {"email": lead_a.email}, REMOTE_ADDR=ELSEWHERE)
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form_url = browser.get(link.group(1), REMOTE_ADDR=ELSEWHERE)["Location"]
    browser.post(
        form_url,
        {"password1": "reset-pass-long-77", "password2": "reset-pass-long-77"},
        REMOTE_ADDR=ELSEWHERE,
    )
    signed_in = sign_in(browser, lead_a, password="reset-pass-long-77", REMOTE_ADDR=ELSEWHERE)
    assert signed_in.status_code == 302
    assert _signed_in(browser)


def test_a_forged_known_browser_cookie_is_ignored(lead_a, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "1/h/key",
    }
    _fail(Client(), lead_a.email, ATTACKER)
    forger = Client()
    forger.cookies["portal_known_device"] = "forged"
    assert TOO_MANY in sign_in(forger, lead_a, REMOTE_ADDR=ELSEWHERE).content.decode()


# Issue 8: the password reset page emails only known addresses ------------------------------------


def test_password_reset_emails_nothing_to_an_unknown_address_and_says_the_same(client, lead_a):
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert mail.outbox == []
    known = client.post("/accounts/password/reset/", {"email": lead_a.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [lead_a.email]
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    done = client.get(unknown["Location"]).content.decode()
    assert "nobody@example.org" not in done


@pytest.mark.parametrize("debug", [True, False])
def test_the_demo_code_is_shown_on_the_two_factor_step_only_in_a_debug_demo(client, debug):
    call_command("load_demo", force=True, quiet_logins=True)
    with override_settings(DEBUG=debug):
        client.post(
            "/accounts/login/",
            {"login": "facilitator@example.org", "password": settings.DEMO_PASSWORD},
        )
        html = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Enter the code from your authenticator app" in html
    assert ("Demo only:" in html) is debug
