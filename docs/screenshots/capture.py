"""Screenshots of the demo for the README: run against a server started with `make run`.

    .venv/bin/python docs/screenshots/capture.py [http://127.0.0.1:8000]

Each shot signs in as a demo login, opens a page and saves a full-page PNG beside this file.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PASSWORD = os.environ.get("DEMO_PASSWORD", "anchors-demo")
HERE = Path(__file__).resolve().parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# (login or None, path, file name, action before the shot)
SHOTS = [
    (None, "/accounts/login/", "login", None),
    ("facilitator@example.org", "/", "home_facilitator", None),
    ("facilitator@example.org", "/organisations/", "organisations", None),
    ("facilitator@example.org", "/organisations/?kind=nhs_trust", "organisations_filtered", None),
    ("lead.hackney@example.org", "/", "home_lead", None),
    ("sponsor.hackney@example.org", "/", "home_sponsor", None),
    ("hwb@example.org", "/", "home_hwb", None),
    ("femi.adebayo@example.org", "/workforce/", "workforce_overview", None),
]


def organisation_page(page):
    page.goto(f"{BASE}/organisations/")
    page.get_by_role("link", name="Hackney Council", exact=True).click()


def profile_error(page):
    page.goto(f"{BASE}/organisations/")
    page.get_by_role("link", name="Hackney Council", exact=True).click()
    page.get_by_role("link", name="Update headcount, spend and website").click()
    page.get_by_label("Headcount").fill("-4")
    page.get_by_label("Annual third-party spend (£)").fill("lots")
    page.get_by_role("button", name="Save").click()


def api_tokens(page):
    """Your account's API tokens, with one made just now (its secret is shown only once)."""
    page.goto(f"{BASE}/account/api-tokens/new/")
    page.get_by_label("Name").fill("Power BI (finance team)")
    page.get_by_role("button", name="Create token").click()
    page.goto(f"{BASE}/account/api-tokens/")


def api_docs(page):
    page.goto(f"{BASE}/api/v1/docs/")
    page.locator(".opblock").first.wait_for()


EXTRA = [
    ("lead.hackney@example.org", api_tokens, "account_tokens"),
    ("lead.hackney@example.org", api_docs, "api_docs"),
    ("facilitator@example.org", organisation_page, "organisation"),
    ("lead.hackney@example.org", profile_error, "organisation_profile_error"),
]


def sign_in(page, email):
    page.goto(f"{BASE}/accounts/logout/")
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").first.click()
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def main():
    only = set(os.environ.get("ONLY", "").split(",")) - {""}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        current = None
        for login, path, name, _ in SHOTS:
            if only and name not in only:
                continue
            if login != current:
                context.clear_cookies()
                if login:
                    sign_in(page, login)
                current = login
            page.goto(BASE + path)
            page.screenshot(path=str(HERE / f"{name}.png"), full_page=True)
            print("saved", name)
        for login, action, name in EXTRA:
            if only and name not in only:
                continue
            context.clear_cookies()
            sign_in(page, login)
            current = login
            action(page)
            page.screenshot(path=str(HERE / f"{name}.png"), full_page=True)
            print("saved", name)
        browser.close()


if __name__ == "__main__":
    main()
