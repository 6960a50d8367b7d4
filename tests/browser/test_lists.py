"""Long lists on a large collaborative, in a real browser: the actions list and the facilitator's
anchors × metrics grid come in pages with GOV.UK pagination, keep their filters from page to page,
and pass axe. ``SCREENSHOTS=1`` saves docs/screenshots/actions_paginated.png and
metrics_overview_paginated.png.

The data comes from benchmarks.builder.build_large (bulk inserts): 30 anchors, 400 workshops,
3,000 actions and 20 metrics × 4 quarters here, enough for several pages of everything.
"""

import re

import pytest
from playwright.sync_api import expect

from benchmarks.builder import build_large
from tests.browser.conftest import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def large(testborough):
    return build_large(
        testborough.collaborative,
        facilitator=testborough.facilitator,
        organisations=30,
        workshops=400,
        actions=3000,
        metrics=20,
        periods=4,
    )


def test_actions_come_in_pages_that_keep_the_filters(page, large):
    sign_in(page, "fac@example.org")
    page.goto("/actions/")
    caption = page.locator("caption")
    expect(caption).to_contain_text(re.compile(r"Showing 1 to 50 of 2,000 actions"))
    expect(page.locator("tbody tr")).to_have_count(50)
    assert serious_violations(page) == []
    screenshot(page, "actions_paginated")

    # Filter to one anchor's open actions, then go to page 2: the filter stays.
    page.get_by_label("Organisation").select_option(label="Anchor 03")
    page.get_by_role("button", name="Apply filters").click()
    expect(caption).to_contain_text(re.compile(r"of [\d,]+ actions"))
    first_page_text = caption.inner_text()
    total = int(re.search(r"of ([\d,]+) actions", first_page_text).group(1).replace(",", ""))
    owners = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert owners
    assert all("Anchor 03" in o for o in owners)
    if total > 50:
        page.get_by_role("navigation", name="Pages of actions").get_by_role(
            "link", name="Next"
        ).click()
        expect(caption).to_contain_text(f"Showing 51 to {min(100, total)} of {total:,} actions")
        assert "organisation=" in page.url
        assert "page=2" in page.url
        owners = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
        assert all("Anchor 03" in o for o in owners)
        expect(page.get_by_label("Organisation")).to_have_value(str(large.organisations[2].pk))


def test_the_facilitators_grid_pages_by_anchor(page, large):
    sign_in(page, "fac@example.org")
    period = large.periods[-1]
    page.goto(f"/metrics/submit/{period.pk}/")
    grid = page.locator("#grid table")
    expect(grid.locator("caption")).to_contain_text("Showing 1 to 10 of 28 anchors")
    # Ten anchors' columns (plus the metric column), every metric's row.
    expect(grid.locator("thead tr").first.locator("th")).to_have_count(11)
    expect(grid.locator("tbody tr")).to_have_count(20)
    assert serious_violations(page) == []
    screenshot(page, "metrics_overview_paginated")
    page.get_by_role("navigation", name="Pages of anchors").get_by_role(
        "link", name="Page 3"
    ).click()
    # The two inactive anchors (29 and 30) report nothing: the last page ends at Anchor 28.
    expect(grid.locator("caption")).to_contain_text("Showing 21 to 28 of 28 anchors")
    expect(grid.locator("thead tr").first).to_contain_text("Anchor 28")
    assert "anchors_page=3" in page.url
