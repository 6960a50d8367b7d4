"""Spend upload in a real browser: a lead uploads their council's file as published, sees the
dry run with every problem by row, leaves the listed rows out and imports; no serious
accessibility failure on the upload, preview or done pages.

SCREENSHOTS=1 saves docs/screenshots/spend_preview.png, spend_done.png and spend.png.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from anchors.models import Role
from metrics.models import MetricValue
from procurement.models import SpendLine
from tests.anchors.factories import OrganisationFactory, login_for
from tests.browser.conftest import screenshot, serious_violations, sign_in
from tests.procurement.spend_world import build_metrics, build_period, build_register

pytestmark = pytest.mark.browser
FILE = (
    Path(__file__).resolve().parents[1] / "procurement" / "files" / "spend" / "preview_example.csv"
)


@pytest.fixture
def alpha(testborough):
    collaborative = testborough.collaborative
    organisation = OrganisationFactory(
        collaborative=collaborative, name="Alpha Council", short_name="Alpha"
    )
    lead = login_for(
        organisation=organisation, role=Role.PROCUREMENT_LEAD, email="lead@example.org"
    )
    build_register(collaborative)
    build_metrics(collaborative)
    build_period(collaborative)
    return organisation, lead


def test_lead_uploads_checks_and_imports_a_published_spend_file(page, alpha):
    organisation, lead = alpha
    sign_in(page, lead.email)
    page.goto("/procurement/spend/")
    page.get_by_role("link", name="Upload a spend file").click()
    expect(page.get_by_role("heading", name="Upload a spend file", level=1)).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Spend file").set_input_files(str(FILE))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name="Check preview_example.csv", level=1)).to_be_visible()
    expect(page.get_by_text("headings on row 5")).to_be_visible()
    problems = page.locator("#errors + .app-table-scroll tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("13")
    expect(problems.nth(0)).to_contain_text("A date and an amount are run together")
    expect(problems.nth(1)).to_contain_text("outside the period")
    expect(problems.nth(2)).to_contain_text("total line")
    expect(page.get_by_text("Name withheld (personal data)")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "spend_preview")
    assert not SpendLine.objects.exists()

    page.get_by_label("Leave out rows 13, 14, 15 and import the other 7 lines").check()
    page.get_by_role("button", name="Import 7 lines").click()
    expect(page.get_by_role("heading", name="Spend imported")).to_be_visible()
    expect(page.get_by_text("Draft values written: DIV-SPEND, LOC-SPEND")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "spend_done")
    value = MetricValue.objects.get(organisation=organisation, metric__code="LOC-SPEND")
    assert (value.numerator, value.denominator) == (Decimal("19000.00"), Decimal("40000.00"))

    page.get_by_role("link", name="Back to spend").click()
    shares = page.locator("#shares tbody tr").first
    expect(shares).to_contain_text("Alpha")
    expect(shares).to_contain_text("47.5%")
    expect(shares).to_contain_text("32.5%")
    assert serious_violations(page) == []
    screenshot(page, "spend")
