"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

They skip with a reason where /usr/bin/chromium is absent, and fail instead when REQUIRE_BROWSER is
set (as .ci/run does after installing Chromium), so CI can never pass by skipping them.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import sync_playwright

from anchors.models import Organisation, Role, User
from tests.anchors.authenticators import forget_used_code, totp_code
from tests.anchors.factories import (
    PASSWORD,
    CollaborativeFactory,
    OrganisationFactory,
    login_for,
)

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# (factories, assertions on rows) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"  # test-only: not collected
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: browser tests need Debian's chromium "
            "package (apt-get install -y chromium); .ci/run installs it."
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Every page records what the Content-Security-Policy blocked (the browser tests run under the
# real policy, never with it bypassed); the test fails if anything was.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.__cspViolations.push(event.violatedDirective + " blocked " + blocked);
});
"""


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    tab = context.new_page()
    console = []
    tab.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    stylesheet = tab.request.get("/static/vendor/govuk-frontend/govuk-frontend.min.css")
    assert stylesheet.ok, "the live server does not serve the design system's CSS"
    tab.csp_console = console
    yield tab
    blocked = csp_violations(tab)
    context.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


def csp_violations(page):
    """What the Content-Security-Policy blocked on this page so far (console and events)."""
    try:
        events = page.evaluate("window.__cspViolations || []")
    except Exception:  # noqa: BLE001 - a page mid-navigation has no window to ask
        events = []
    return [*page.csp_console, *events]


@pytest.fixture
def testborough(transactional_db):
    """The collaborative every browser test starts from: a demo collaborative, its backbone, and
    the facilitator's login (fac@example.org, PASSWORD)."""
    collaborative = CollaborativeFactory(name="Testborough Anchor Collaborative", is_demo=True)
    backbone = OrganisationFactory(
        collaborative=collaborative,
        name="Backbone Ltd",
        short_name="Backbone",
        kind=Organisation.Kind.VCSE,
        role=Organisation.CollaborativeRole.BACKBONE,
    )
    facilitator = login_for(organisation=backbone, role=Role.FACILITATOR, email="fac@example.org")
    facilitator.person.name, facilitator.person.job_title = "Sam Facilitator", "Facilitator"
    facilitator.person.save()
    return SimpleNamespace(collaborative=collaborative, backbone=backbone, facilitator=facilitator)


def sign_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")
    totp = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).first()
    if totp is not None and "/accounts/2fa/authenticate/" in page.url:
        code = totp_code(totp.data["secret"])
        forget_used_code(User.objects.get(email=email), code)
        page.locator("input[name=code]").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("domcontentloaded")


def fill_date(page, field_id, value):
    """Type a date into a GOV.UK date input: the day, month and year boxes."""
    for part, text in enumerate((value.day, value.month, value.year)):
        page.locator(f"#{field_id}_{part}").fill(str(text))


def serious_violations(page):
    """Run axe-core on the page; return its serious and critical violations.

    axe is evaluated through the DevTools protocol, not added as a <script>, so it runs under
    the page's real Content-Security-Policy without weakening it."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    """Save a full-page PNG under docs/screenshots/ when SCREENSHOTS=1 (README pictures)."""
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
