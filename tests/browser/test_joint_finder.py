"""The joint-tender finder in a real browser, on the demo collaborative: the matches with why they
matched, each timeline drawn by plotly under the real Content-Security-Policy, no serious
accessibility failure, and a lead raising a match as a joint-procurement proposal.

SCREENSHOTS=1 saves docs/screenshots/joint_finder.png and pipeline.png.
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from anchors import demo as anchors_demo
from metrics import demo as metrics_demo
from procurement import demo as procurement_demo
from procurement.models import JointProposal
from tests.browser.conftest import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def city_and_hackney(transactional_db):
    collaborative = anchors_demo.load_into()
    metrics_demo.load(collaborative=collaborative)  # the quarters the demo spend falls in
    procurement_demo.load(collaborative=collaborative)
    return collaborative


def test_finder_shows_matches_with_timelines_and_a_lead_raises_one(page, city_and_hackney):
    sign_in(page, "lead.hackney@example.org", settings.DEMO_PASSWORD)
    page.goto("/procurement/pipeline/")
    expect(page.get_by_role("heading", name="Tender pipeline", level=1)).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "pipeline")

    page.get_by_role("link", name="Joint tenders").click()
    expect(page.get_by_role("heading", name="Joint-tender finder", level=1)).to_be_visible()
    matches = page.locator("section.app-match")
    assert matches.count() >= 2
    first = matches.first
    expect(first).to_contain_text("Why it matched")
    expect(first).to_contain_text("Same CPV group")
    # plotly drew the timeline (an SVG inside the chart's box), under the real policy.
    expect(first.locator(".app-chart__canvas .main-svg").first).to_be_visible()
    expect(page.get_by_text("ELFT, GP Confederation and Hackney Council")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "joint_finder")

    first.get_by_role("button", name="Raise as a joint-procurement proposal").click()
    expect(
        page.get_by_text("Raised as a joint-procurement proposal: an action for the facilitator.")
    ).to_be_visible()
    assert JointProposal.objects.count() == 1
    expect(page.locator("section.app-match").first).to_contain_text(
        "Raised as a joint-procurement proposal on"
    )


def test_local_what_if_on_the_demo(page, city_and_hackney):
    sign_in(page, "lead.hackney@example.org", settings.DEMO_PASSWORD)
    page.goto("/procurement/what-if/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Local what-if")
    assert serious_violations(page) == []
    screenshot(page, "local_what_if")
