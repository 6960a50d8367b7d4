"""Personal API tokens: made on "Your account" (shown once, kept hashed), used as a bearer,
refused once revoked or expired (401 with WWW-Authenticate), limited per token (429)."""

import hashlib
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from anchors.models import ApiToken, SecurityEvent
from tests.api.factories import api_token_for, bearer

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"


def test_a_token_is_shown_once_and_kept_only_as_its_hash(client_for, lead_a):
    client = client_for(lead_a)
    page = client.post(reverse("anchors:api_token_create"), {"name": "Power BI", "days": "30"})
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret in page.content.decode()
    token = ApiToken.objects.get(user=lead_a)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.key_hash, token.prefix, token.name}
    assert token.collaborative == lead_a.person.collaborative
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert SecurityEvent.objects.filter(user=lead_a, kind="api_token_created").exists()
    # Never again: the list shows its first characters, not the token.
    listing = client.get(reverse("anchors:api_token_list")).content.decode()
    assert "Power BI" in listing
    assert token.prefix in listing
    assert secret not in listing
    # And it works.
    response = client_for(None).get(ORGANISATIONS, **bearer(secret))
    assert response.status_code == 200


def test_the_form_names_the_field_at_fault_and_writes_nothing(client_for, lead_a):
    client = client_for(lead_a)
    page = client.post(reverse("anchors:api_token_create"), {"name": "", "days": "400"})
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.errors) == {"name", "days"}
    assert not ApiToken.objects.exists()


def test_your_account_leads_to_the_tokens(client_for, lead_a):
    api_token_for(lead_a)
    page = client_for(lead_a).get(reverse("anchors:my_account")).content.decode()
    assert "You have 1 active API token." in page
    assert reverse("anchors:api_token_list") in page


def test_last_use_is_shown(client_for, lead_a):
    token, secret = api_token_for(lead_a)
    client_for(None).get(ORGANISATIONS, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None
    listing = client_for(lead_a).get(reverse("anchors:api_token_list")).content.decode()
    assert "Never" not in listing


def test_the_token_keyword_works_too(client, lead_a):
    _, secret = api_token_for(lead_a)
    assert client.get(ORGANISATIONS, HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200


def test_a_revoked_token_is_refused_with_401(client_for, lead_a):
    token, secret = api_token_for(lead_a)
    client = client_for(lead_a)
    response = client.post(reverse("anchors:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert SecurityEvent.objects.filter(user=lead_a, kind="api_token_revoked").exists()
    assert token.history.count() == 2  # created, revoked
    response = client_for(None).get(ORGANISATIONS, **bearer(secret))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_refused_with_401(client, lead_a):
    token, secret = api_token_for(lead_a)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(ORGANISATIONS, **bearer(secret))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "expired" in response.json()["detail"]


def test_an_unknown_token_and_no_token_are_refused_with_401(client, lead_a):
    for headers in (bearer("not-a-token"), {}, {"HTTP_AUTHORIZATION": "Bearer a b"}):
        response = client.get(ORGANISATIONS, **headers)
        assert response.status_code == 401
        assert "Bearer" in response["WWW-Authenticate"]


def test_a_login_made_inactive_loses_its_tokens(client, lead_a):
    _, secret = api_token_for(lead_a)
    lead_a.is_active = False
    lead_a.save()
    assert client.get(ORGANISATIONS, **bearer(secret)).status_code == 401


def test_nobody_revokes_another_persons_token(client_for, lead_a, lead_b, facilitator):
    token, secret = api_token_for(lead_a)
    for user in (lead_b, facilitator):
        response = client_for(user).post(reverse("anchors:api_token_revoke", args=[token.pk]))
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_rate_limit_per_token_answers_429_with_retry_after(client, lead_a, lead_b, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min"},
    }
    _, first = api_token_for(lead_a)
    _, second = api_token_for(lead_b)
    assert [client.get(ORGANISATIONS, **bearer(first)).status_code for _ in range(3)] == [200] * 3
    refused = client.get(ORGANISATIONS, **bearer(first))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # Counted per token: another token is not slowed down.
    assert client.get(ORGANISATIONS, **bearer(second)).status_code == 200


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {}})
def test_the_rate_has_a_default():
    from anchors.common.api.throttling import DEFAULT_RATE, TokenRateThrottle

    assert TokenRateThrottle().get_rate() == DEFAULT_RATE
