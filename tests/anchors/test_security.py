"""Security headers on every page: CSP with a per-request nonce, framing, referrer, nosniff."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.anchors.authenticators import give_totp, sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def facilitator(facilitator):
    """The facilitator, with the authenticator their role requires, so pages open for them."""
    give_totp(facilitator)
    return facilitator


@pytest.fixture
def client_for(client_for):
    """As the shared ``client_for``, but staff sign in through allauth with their authenticator,
    as the admin requires, so the admin's own pages are checked too."""

    def _login(user):
        client = client_for(user)
        if user is not None and user.is_staff:
            client.logout()
            sign_in(client, user, secret=give_totp(user))
        return client

    return _login


def _plain_urls(resolver=None, prefix="", namespace=None):
    """Every named URL of the project that takes no arguments (admin and allauth included)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns and namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from _plain_urls(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            try:
                yield reverse(name)
            except Exception:  # noqa: BLE001, S112 - patterns needing arguments are covered below
                continue


def assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    script_src = directives.get("script-src", "")
    assert "'unsafe-inline'" not in script_src, url
    assert "'self'" in script_src, url
    assert directives.get("frame-ancestors") == "'none'", url
    assert directives.get("object-src") == "'none'", url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", url
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("text/html"):
        html = response.content.decode()
        nonces = set(re.findall(r'<script[^>]*nonce="([^"]+)"', html))
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        for attrs in inline:
            if "application/json" in attrs or "text/template" in attrs:
                continue
            assert "nonce=" in attrs, f"inline script without nonce on {url}"
        for nonce in nonces:
            assert f"'nonce-{nonce}'" in script_src, url


def test_headers_on_every_plain_page(client_for, facilitator, superuser, org_a, lead_a):
    urls = sorted(set(_plain_urls()))
    assert "/organisations/" in urls
    assert "/healthz" in urls
    for user in (None, facilitator, superuser):
        client = client_for(user)
        for url in urls:
            if "logout" in url:
                continue
            response = client.get(url)
            assert response.status_code < 500, url
            assert_security_headers(response, url)


def test_headers_on_detail_pages(client_for, facilitator, org_a, lead_a):
    client = client_for(facilitator)
    person = lead_a.person
    for url in [
        reverse("anchors:organisation_detail", args=[org_a.pk]),
        reverse("anchors:organisation_edit", args=[org_a.pk]),
        reverse("anchors:organisation_profile", args=[org_a.pk]),
        reverse("anchors:person_detail", args=[person.pk]),
        reverse("anchors:person_edit", args=[person.pk]),
        reverse("anchors:membership_add", args=[person.pk]),
        reverse("anchors:person_invite", args=[person.pk]),
        "/organisations/999999/",
    ]:
        assert_security_headers(client.get(url), url)


def test_html_pages_carry_a_fresh_nonce(client_for, facilitator):
    client = client_for(facilitator)
    first = client.get("/organisations/")
    second = client.get("/organisations/")
    nonce_1 = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    nonce_2 = re.search(r'nonce="([^"]+)"', second.content.decode()).group(1)
    assert nonce_1 != nonce_2
    assert f"'nonce-{nonce_1}'" in first.headers["Content-Security-Policy"]


def test_no_asset_is_loaded_from_another_host(client_for, facilitator):
    html = client_for(facilitator).get("/organisations/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//(?!127\.0\.0\.1|localhost)[^"]*\.(js|css)', html)


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_a_weak_secret(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "short",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# Issue 8: nothing a signed-in person sees is kept by a cache -------------------------------------


def test_signed_in_pages_are_not_stored(client_for, facilitator, lead_a, org_a, work, superuser):
    client = client_for(facilitator)
    for url in (
        "/",
        "/organisations/",
        reverse("anchors:organisation_detail", args=[org_a.pk]),
        reverse("anchors:workshop_detail", args=[work["workshop"].pk]),
        "/account/",
        "/accounts/2fa/",
        "/organisations/999999/",  # an error page too
    ):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store", url
    # Redirects and downloads while signed in, and the admin.
    assert client_for(lead_a).get("/people/new/")["Cache-Control"] == "no-store"
    admin = client_for(superuser).get("/admin/anchors/securityevent/")
    assert admin.status_code == 200
    assert admin["Cache-Control"] == "no-store"


def test_sign_in_and_static_files_keep_their_own_caching(settings, db):
    """Signed out, nothing is private, so the middleware leaves pages as their views made them:
    allauth's sign-in page keeps its own never-cache header, public pages Django's default (no
    Cache-Control); static files keep WhiteNoise's long caching."""
    client = Client()
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    assert login["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "Cache-Control" not in client.get("/accessibility/")
    settings.WHITENOISE_USE_FINDERS = True  # serve static files as production does, no collect
    static = Client().get("/static/css/portal.css")
    assert static.status_code == 200
    assert "max-age" in static["Cache-Control"]
    assert "no-store" not in static["Cache-Control"]


def test_static_files_are_not_forced_to_no_store_when_signed_in(settings, client_for, lead_a):
    settings.WHITENOISE_USE_FINDERS = True
    client = client_for(lead_a)
    static = client.get("/static/css/portal.css")
    assert static.status_code == 200
    assert "no-store" not in static["Cache-Control"]
