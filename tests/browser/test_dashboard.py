"""The dashboard and the quarterly HWB report in a real browser, on the demo collaborative,
under the real Content-Security-Policy: a senior sponsor sees what waits for their decision
first and opens it; an HWB member opens the published report (drafts are not listed) and
downloads its PDF.

SCREENSHOTS=1 saves docs/screenshots/dashboard.png, report.png and report_pdf.png (the PDF's first
page, drawn by poppler's pdftoppm where it is installed).
"""

import os
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from governance.models import Escalation, Report
from tests.browser.conftest import SCREENSHOTS, screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins", verbosity=0)
    settings.DEBUG = False


def test_a_sponsor_sees_what_waits_for_their_decision_first(page, demo):
    waiting = (
        Escalation.objects.filter(
            state__in=Escalation.OPEN_STATES, addressed_sponsor__user__isnull=False
        )
        .select_related("addressed_sponsor__user")
        .order_by("raised_on", "pk")
        .first()
    )
    sign_in(page, waiting.addressed_sponsor.user.email, settings.DEMO_PASSWORD)
    page.goto("/governance/dashboard/")
    banner = page.get_by_role("region", name="Waiting for your decision")
    expect(banner).to_be_visible()
    # First: the banner is above the page's heading, inside the first screen of a laptop.
    top = banner.bounding_box()["y"]
    assert top < page.get_by_role("heading", name="Dashboard", level=1).bounding_box()["y"]
    expect(page.get_by_text("metrics on target (green)")).to_be_in_viewport()
    # plotly drew the charts under the real policy.
    expect(page.locator("#chart-metrics .main-svg").first).to_be_visible()
    expect(page.locator("#chart-procurement .main-svg").first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "dashboard")

    first = banner.get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def test_an_hwb_member_reads_the_published_report_and_downloads_its_pdf(page, demo):
    published = Report.objects.get(state=Report.State.PUBLISHED)
    draft = Report.objects.get(state=Report.State.DRAFT)
    sign_in(page, "hwb@example.org", settings.DEMO_PASSWORD)
    page.goto("/governance/reports/")
    expect(page.get_by_role("link", name=published.title)).to_be_visible()
    expect(page.get_by_text(draft.title)).to_have_count(0)
    page.get_by_role("link", name=published.title).click()
    expect(page.get_by_role("heading", name=published.title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="The board's questions")).to_be_visible()
    expect(page.get_by_text("Where should the governance structures sit")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "report")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the report as a PDF").click()
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    if os.environ.get("SCREENSHOTS") and shutil.which("pdftoppm"):
        # The PDF's first page as a picture (poppler-utils), beside the HTML screenshot.
        subprocess.run(  # noqa: S603 - a fixed program on a file the test just downloaded
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(SCREENSHOTS / "report_pdf"),
            ],
            check=True,
        )
