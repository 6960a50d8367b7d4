"""The portal keeps serving when Redis (cache) or the broker is down, and loses no work.

The cache points at a closed port (connection refused at once: the tests stay fast); the broker
too, with tasks sent through it rather than run eagerly.
"""

import logging
import re
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from celery import current_app
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from anchors.common.cache import ResilientRedisCache
from anchors.common.locking import version_of
from anchors.common.outbox import relay
from anchors.common.outbox.models import OutboxMessage
from anchors.models import Invitation
from config.settings.integrations import caches_for
from metrics.models import MetricValue
from tests.anchors.factories import PASSWORD, PersonFactory
from tests.metrics.factories import MetricFactory, PeriodFactory, ValueFactory

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    """The production cache configuration, with Redis unreachable."""
    settings.CACHES = caches_for(CLOSED_PORT, connect_timeout=0.2, timeout=0.2)
    _clear_fallback()
    yield
    _clear_fallback()


def _clear_fallback():
    """The per-process memory the cache falls back to outlives a test: empty it."""
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        backend.clear()


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks go through a broker, and the broker is unreachable; restored afterwards."""
    conf = current_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, CLOSED_PORT
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_PORT)  # Celery prefers it to its setting
    current_app.amqp._producer_pool = None  # a pool made for another broker URL would be reused
    yield
    conf.task_always_eager, conf.broker_url = saved
    monkeypatch.undo()
    current_app.amqp._producer_pool = None


@pytest.fixture
def enrolled(facilitator):
    """The facilitator has an authenticator app (the portal asks facilitators to enrol)."""
    Authenticator.objects.get_or_create(
        user=facilitator,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": generate_totp_secret()}},
    )
    return facilitator


@pytest.fixture
def submitted(collaborative, org_a, lead_a):
    metric = MetricFactory(collaborative=collaborative, code="APP-STARTS")
    period = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=1)
    return ValueFactory(
        metric=metric,
        organisation=org_a,
        period=period,
        state=MetricValue.State.SUBMITTED,
        submitted_by=lead_a,
        entered_by=lead_a,
    )


# -- the cache ------------------------------------------------------------------------------


def test_sessions_do_not_depend_on_the_cache():
    assert "cache" not in django_settings.SESSION_ENGINE


def test_with_the_cache_down_the_login_page_serves_and_sign_in_works(client, cache_down, lead_a):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "Sign in" in page.content.decode()
    response = client.post("/accounts/login/", {"login": lead_a.email, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Alpha" in home.content.decode()


def test_with_the_cache_down_signed_in_pages_serve(client_for, cache_down, lead_a):
    client = client_for(lead_a)
    for url in ("/", "/organisations/", "/people/"):
        assert client.get(url).status_code == 200, url


def test_with_the_cache_down_the_404_page_serves(client_for, cache_down, lead_a):
    response = client_for(lead_a).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_with_the_cache_down_the_500_page_serves(client_for, cache_down, lead_a):
    client = client_for(lead_a)
    client.raise_request_exception = False
    with mock.patch("anchors.views.home.render", side_effect=RuntimeError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_with_the_cache_down_failed_logins_are_still_limited_per_process(
    client, cache_down, lead_a, caplog
):
    caplog.set_level(logging.ERROR, logger="anchors.common.cache")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": lead_a.email, "password": "wrong"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": lead_a.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_an_unreachable_cache_is_logged_once_saying_rate_limits_count_per_process(
    client, settings, lead_a, caplog
):
    settings.CACHES = caches_for("redis://127.0.0.1:1/1", connect_timeout=0.2, timeout=0.2)
    _clear_fallback()
    with caplog.at_level(logging.ERROR, logger="anchors.common.cache"):
        for _ in range(3):
            client.post("/accounts/login/", {"login": lead_a.email, "password": "wrong"})
    lines = [r.getMessage() for r in caplog.records if r.name == "anchors.common.cache"]
    assert len(lines) == 1
    assert "rate limits count per process" in lines[0]


# -- the broker -----------------------------------------------------------------------------


def test_with_the_broker_down_a_returned_value_is_saved_and_its_email_waits(
    client_for, enrolled, submitted, broker_down, django_capture_on_commit_callbacks
):
    client = client_for(enrolled)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("metrics:value_return", args=[submitted.pk]),
            {"reason": "Counts withdrawn starts.", "version": version_of(submitted)},
        )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "APP-STARTS for Alpha returned with your reason." in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == MetricValue.State.RETURNED
    assert mail.outbox == []
    (message,) = OutboxMessage.objects.all()
    assert (message.task, message.args, message.done_at, message.sent_at) == (
        "metrics.notify_value_returned",
        [submitted.pk],
        None,
        None,
    )
    assert message.last_error.startswith("hand-over: OperationalError")

    # The broker is back (here: tasks run in-process again) and the relay runs: one email.
    current_app.conf.task_always_eager = True
    message.next_attempt_at = message.created_at
    message.save()
    assert relay.relay_pending() == {"sent": 1, "failed": 0}
    assert relay.relay_pending() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1
    assert "Counts withdrawn starts." in mail.outbox[0].body
    message.refresh_from_db()
    assert message.done_at is not None


def test_with_the_broker_down_an_invitation_is_made_and_its_link_emailed_later(
    client_for, enrolled, org_a, broker_down, django_capture_on_commit_callbacks
):
    person = PersonFactory(organisation=org_a, email="new.lead@example.org", name="New Lead")
    client = client_for(enrolled)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("anchors:person_invite", args=[person.pk]))
    assert response.status_code == 302
    assert Invitation.objects.filter(person=person).count() == 1
    assert mail.outbox == []
    (message,) = OutboxMessage.objects.filter(done_at__isnull=True)
    assert message.task == "anchors.send_invitation_email"

    current_app.conf.task_always_eager = True
    OutboxMessage.objects.update(next_attempt_at=message.created_at)
    relay.relay_pending()
    assert [m.to for m in mail.outbox] == [["new.lead@example.org"]]
    path = re.search(r"https?://[^/]+(/invitations/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "Set your password" in page.content.decode()
