"""Every page of the demo, as each demo role: a crawl from home following every link on the
portal's own pages finds no server error, no link the role is refused, and no wide table whose
scroll box a keyboard cannot reach."""

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command

from anchors.models import User

pytestmark = pytest.mark.django_db

ROLES = [
    "facilitator@example.org",
    "lead.hackney@example.org",
    "sponsor.hackney@example.org",
    "hwb@example.org",
]
LINK = re.compile(r'href="(/[^"]*)"')
SCROLL_BOX = re.compile(r'<div class="app-table-scroll"([^>]*)>')
SKIP = ("/static/", "/media/", "/admin/", "/accounts/logout", "/accounts/2fa", "/healthz")
LIMIT = 120  # pages per role: every kind of page is reached well before this


def crawl(client, limit=LIMIT):
    seen, queue, problems = set(), ["/"], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500 or response.status_code in (403, 404):
            problems.append((url, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        # Wide tables scroll sideways; a keyboard can reach the scroll box only if it is
        # focusable, and a screen reader names it.
        for attributes in SCROLL_BOX.findall(html):
            if 'tabindex="0"' not in attributes or "aria-label=" not in attributes:
                problems.append((url, "scroll box not reachable by keyboard"))
        for href in LINK.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            path = urlparse(href).path
            if href and not path.startswith(SKIP) and "download=" not in href and href not in seen:
                queue.append(href)
    return seen, problems


@pytest.mark.parametrize("email", ROLES)
def test_every_linked_page_serves_for_each_demo_role(email, client):
    call_command("load_demo", force=True, quiet_logins=True)
    client.force_login(User.objects.get(email=email))
    seen, problems = crawl(client)
    assert len(seen) > 25, seen
    assert problems == [], problems
