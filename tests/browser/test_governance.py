"""Governance in a real browser, on the demo collaborative under the real Content-Security-Policy:
a senior sponsor finds the escalations waiting for them (one moved up automatically because
nobody acknowledged it), opens it, and records a decision.

SCREENSHOTS=1 saves docs/screenshots/escalation.png and governance.png.
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from anchors import demo as anchors_demo
from governance import demo as governance_demo
from governance.models import Decision, Escalation
from tests.browser.conftest import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser

OVERDUE = "Align tender timetables for facilities management"


@pytest.fixture
def city_and_hackney(transactional_db):
    collaborative = anchors_demo.load_into()
    governance_demo.load(collaborative=collaborative)
    return collaborative


def test_a_sponsor_opens_an_escalation_waiting_for_them_and_decides_it(page, city_and_hackney):
    sign_in(page, "sponsor.hackney@example.org", settings.DEMO_PASSWORD)
    page.goto("/governance/")
    expect(page.get_by_role("heading", name="Governance", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Anchor senior leaders' board")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "governance")

    page.get_by_role("link", name="Escalations").first.click()
    waiting = page.locator(".govuk-inset-text", has_text="Waiting for your decision")
    expect(waiting).to_be_visible()
    waiting.get_by_role("link", name=OVERDUE).click()

    expect(page.get_by_role("heading", name=OVERDUE, level=1)).to_be_visible()
    expect(page.get_by_text("Moved up automatically 1 time")).to_be_visible()
    expect(page.get_by_text("not acknowledged within 10 days")).to_be_visible()
    expect(page.get_by_role("region", name="Waiting for your decision")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "escalation")

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("What was decided").fill(
        "Align the three facilities management timetables for one joint tender in 2027."
    )
    page.get_by_label("Under whose authority").fill("Anchor senior leaders' board")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_text("Decision recorded in the decision log.")).to_be_visible()
    expect(page.locator("h1 .govuk-tag")).to_have_text("Decided")
    expect(page.get_by_text("Align the three facilities management timetables")).to_be_visible()
    escalation = Escalation.objects.get(title=OVERDUE)
    assert escalation.state == Escalation.State.DECIDED
    assert Decision.objects.get(escalation=escalation).decided_by.user.email == (
        "sponsor.hackney@example.org"
    )
