"""Exports in a real browser: a list page offers CSV and Excel of what it shows; an export over
the limit goes to the background and its page (no script) offers the file when it is ready;
both pages pass axe. ``SCREENSHOTS=1`` saves docs/screenshots/export_links.png and
export_ready.png."""

import pytest
from playwright.sync_api import expect

from benchmarks.builder import build_large
from tests.browser.conftest import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_long_export_is_prepared_and_offered_on_its_page(page, testborough, settings):
    build_large(
        testborough.collaborative,
        facilitator=testborough.facilitator,
        organisations=3,
        workshops=6,
        actions=40,
        metrics=3,
        periods=2,
    )
    settings.EXPORT_STREAM_MAX_ROWS = 10  # a long export, in this small collaborative
    sign_in(page, "fac@example.org")
    page.goto("/actions/?state=")
    links = page.locator(".app-export-links")
    expect(links).to_contain_text("Download these actions: CSV")
    expect(links.get_by_role("link", name="CSV of these actions")).to_have_attribute(
        "href", "/actions/?state=&format=csv"
    )
    assert serious_violations(page) == []
    page.goto("/workstreams/")  # a short list, for the picture
    expect(page.locator(".app-export-links")).to_contain_text("Download the workstreams: CSV")
    screenshot(page, "export_links")
    page.goto("/actions/?state=")

    links.get_by_role("link", name="Excel of these actions").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/exports/" in page.url
    expect(page.locator("h1")).to_have_text("Your export is ready")
    assert serious_violations(page) == []
    screenshot(page, "export_ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel of Actions").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto("/exports/")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert serious_violations(page) == []
