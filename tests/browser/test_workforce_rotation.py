"""The rotating-apprenticeship planner in a real browser, on the demo's paused pilot: Hackney
Council's workforce lead adds a placement that clashes and sees the validator's message (nothing
saved), then shortens one of Hackney's placements, which is saved and leaves a gap the page lists.

SCREENSHOTS=1 saves docs/screenshots/workforce_rotation_clash.png (the refused placement) and
workforce_rotation.png (the planner with the violation shown).
"""

import datetime
import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from anchors import demo as anchors_demo
from tests.browser.conftest import (
    SCREENSHOTS,
    fill_date,
    screenshot,
    serious_violations,
    sign_in,
)
from workforce.demo.programmes import load_programmes
from workforce.demo.rotations import NAME, load_rotations
from workforce.models import Placement, Rotation

pytestmark = pytest.mark.browser


@pytest.fixture
def pilot(transactional_db):
    collaborative = anchors_demo.load_into()
    today = datetime.date.today()
    load_programmes(collaborative, today=today)
    load_rotations(collaborative, today=today)
    return Rotation.objects.get(name=NAME)


def test_workforce_lead_adds_a_clashing_placement_and_sees_the_validators_message(page, pilot):
    sign_in(page, "femi.adebayo@example.org", settings.DEMO_PASSWORD)
    page.goto("/workforce/rotations/")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(
        page.get_by_text("Waiting for sign-off from: City of London Corporation")
    ).to_be_visible()
    assert serious_violations(page) == []

    # CL-PM-01 starts at the City: placing them at Hackney at the same time clashes.
    page.get_by_role("link", name="Add a placement").click()
    expect(page.get_by_role("heading", name="Add a placement", level=1)).to_be_visible()
    # Femi may place only at their own organisation.
    host = page.get_by_label("Host organisation")
    expect(host.locator("option")).to_have_text(["Hackney Council"])
    page.get_by_label("Apprentice").select_option(label="CL-PM-01")
    start = pilot.start_date + datetime.timedelta(weeks=4)
    fill_date(page, "id_start_date", start)
    fill_date(page, "id_end_date", start + datetime.timedelta(weeks=8))
    page.get_by_label("Supervisor (job title)").fill("Strategic Delivery Manager")
    before = Placement.objects.count()
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This placement has not been saved because it clashes")
    expect(summary).to_contain_text("CL-PM-01 is in two placements at once")
    expect(summary).to_contain_text("Hackney Council is over its capacity of 2 apprentices")
    assert Placement.objects.count() == before
    assert serious_violations(page) == []
    screenshot(page, "workforce_rotation_clash")

    # A change that only leaves a gap is saved, and the planner lists the gap.
    page.get_by_role("link", name="Cancel").click()
    ours = (
        Placement.objects.filter(rotation=pilot, host__organisation__short_name="Hackney Council")
        .select_related("apprentice")
        .order_by("start_date", "apprentice__reference")
        .first()
    )
    page.get_by_role(
        "link",
        name=f"Change the placement of {ours.apprentice.reference} from "
        f"{ours.start_date.day} {ours.start_date:%b %Y}",
    ).click()
    fill_date(page, "id_end_date", ours.end_date - datetime.timedelta(weeks=8))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Placement of {ours.apprentice.reference} at Hackney Council saved."))
    violations = page.locator("#violations + .govuk-error-summary")
    expect(violations).to_contain_text("The schedule breaks 1 rule")
    expect(violations).to_contain_text(f"{ours.apprentice.reference} has a gap of 8 weeks")
    expect(page.get_by_text("Breaks a rule")).to_have_count(2)
    assert serious_violations(page) == []
    # The planner's top: state, whose sign-off is missing, the violation, the timeline (the whole
    # page, with every placement and the history, is some 9,000 pixels long).
    if os.environ.get("SCREENSHOTS"):
        page.wait_for_selector("#plot-timeline .main-svg")
        page.screenshot(
            path=str(SCREENSHOTS / "workforce_rotation.png"),
            clip={"x": 0, "y": 0, "width": 1280, "height": 2300},
            full_page=True,
        )
