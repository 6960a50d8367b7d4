"""Procurement in a real browser: a lead updates their organisation's Net Zero position in the
one-form row; the facilitator sees the change on the matrix and its history on the cell's page.
Also a supplier page with its passport.

Runs on the demo collaborative (anchors and procurement demo loaders). SCREENSHOTS=1 saves
docs/screenshots/procurement_status.png, procurement_cell.png, procurement_row.png,
procurement_suppliers.png and supplier.png.
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from anchors import demo as anchors_demo
from procurement import demo as procurement_demo
from procurement.models import Supplier
from procurement.selectors.suppliers import passport_gaps
from tests.browser.conftest import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def city_and_hackney(transactional_db):
    collaborative = anchors_demo.load_into()
    procurement_demo.load(collaborative=collaborative)
    return collaborative


def _sign_out(page):
    page.context.clear_cookies()


def test_lead_updates_net_zero_and_facilitator_sees_it_with_history(page, city_and_hackney):
    sign_in(page, "lead.hackney@example.org", settings.DEMO_PASSWORD)
    page.goto("/procurement/")
    expect(page.get_by_role("heading", name="Where each anchor stands", level=1)).to_be_visible()
    # The lead may update their own row only.
    expect(page.get_by_role("link", name="Update ELFT’s positions")).to_have_count(0)
    page.get_by_role("link", name="Update Hackney Council’s positions").first.click()
    expect(page.get_by_role("heading", name="Update your positions", level=1)).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("Maturity – Net Zero").select_option("5")
    page.get_by_label("Where you are – Net Zero").fill(
        "Net zero criteria in every procurement; supplier emissions reported to Cabinet."
    )
    page.get_by_label("Next step – Net Zero").fill("Share the reporting template with ELFT.")
    screenshot(page, "procurement_row")
    page.get_by_role("button", name="Save all positions").click()
    expect(page.get_by_text("Hackney Council: 1 position updated.")).to_be_visible()

    _sign_out(page)
    sign_in(page, "facilitator@example.org", settings.DEMO_PASSWORD)
    page.goto("/procurement/")
    cell = page.get_by_role("link", name="Hackney Council, Net Zero")
    expect(cell).to_contain_text("5 Embedded and reported")
    expect(page.get_by_text("not updated for 90 days or more")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "procurement_status")

    cell.click()
    expect(page.get_by_role("heading", name="Net Zero", level=1)).to_be_visible()
    timeline = page.locator(".app-timeline")
    first = timeline.locator(".app-timeline__item").first
    expect(first).to_contain_text("Priya Shah")
    expect(first).to_contain_text("Changed: Maturity, Where we are, Next step")
    expect(first).to_contain_text("supplier emissions reported to Cabinet")
    # The earlier positions are still there, oldest last.
    expect(timeline.locator(".app-timeline__item")).to_have_count(4)
    expect(timeline.locator(".app-timeline__item").last).to_contain_text("First recorded")
    assert serious_violations(page) == []
    screenshot(page, "procurement_cell")


def test_supplier_page_shows_passport_gaps(page, city_and_hackney):
    suppliers = Supplier.objects.filter(collaborative=city_and_hackney, buyer_links__isnull=False)
    gaps = passport_gaps([s.pk for s in suppliers])
    supplier = next(
        s
        for s in suppliers.order_by("name")
        if {g.state for g in gaps[s.pk]} == {"missing", "expired"} and s.is_local
    )
    sign_in(page, "lead.elft@example.org", settings.DEMO_PASSWORD)
    page.goto("/procurement/suppliers/")
    expect(page.get_by_role("heading", name="Suppliers", level=1)).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "procurement_suppliers")
    page.get_by_role("link", name=supplier.name).click()
    expect(page.get_by_role("heading", name=supplier.name, level=1)).to_be_visible()
    expect(page.get_by_text("Review overdue").first).to_be_visible()
    expect(page.get_by_text("Missing", exact=True).first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "supplier")


def test_events_and_resources_pages_pass_axe(page, city_and_hackney):
    sign_in(page, "lead.hackney@example.org", settings.DEMO_PASSWORD)
    page.goto("/procurement/events/")
    expect(page.get_by_role("heading", name="Supplier engagement events", level=1)).to_be_visible()
    page.get_by_role("link", name="Meet the buyer: health and care").click()
    expect(page.get_by_role("heading", name="Suppliers who attended")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Change the event and attendance").click()
    expect(page.get_by_role("group", name="Suppliers who attended")).to_be_visible()
    assert serious_violations(page) == []
    page.goto("/procurement/resources/")
    page.get_by_role("link", name="Social value questions for tenders over £100k").click()
    expect(page.get_by_role("link", name="Download version 2")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "procurement_resource")
    page.goto("/procurement/resources/new/")
    page.get_by_label("Title").fill("Net zero clause")
    page.get_by_label("Policy").check()
    page.get_by_label("File").set_input_files(
        files=[{"name": "clause.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}]
    )
    page.get_by_role("button", name="Share the document").click()
    expect(page.get_by_text("its content is not a PDF").first).to_be_visible()
    assert serious_violations(page) == []
