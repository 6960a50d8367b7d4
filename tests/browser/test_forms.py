"""GOV.UK form patterns in a real browser: the date input (day, month, year boxes) keeps a saved
date, names the part at fault, and its error summary link lands on that box.

SCREENSHOTS=1 saves docs/screenshots/date_input.png and date_input_error.png.
"""

import datetime

import pytest
from playwright.sync_api import expect

from metrics.models import ReportingPeriod
from tests.browser.conftest import screenshot, serious_violations, sign_in
from tests.metrics.factories import PeriodFactory

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def period(testborough):
    return PeriodFactory(
        collaborative=testborough.collaborative,
        financial_year=2026,
        quarter=3,
        deadline=datetime.date(2027, 1, 30),
    )


def test_date_input_keeps_the_saved_date_and_names_the_part_at_fault(page, period):
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto(f"/metrics/periods/{period.pk}/edit/")
    deadline = page.get_by_role("group", name="Submission deadline")
    expect(deadline.get_by_label("Day")).to_have_value("30")
    expect(deadline.get_by_label("Month")).to_have_value("1")
    expect(deadline.get_by_label("Year")).to_have_value("2027")
    expect(deadline.get_by_text("For example, 27 3 2025")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "date_input")

    deadline.get_by_label("Month").fill("")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    message = "Submission deadline must include a month"
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(deadline.get_by_text(message)).to_be_visible()
    expect(deadline.get_by_label("Month")).to_have_class(
        "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"
    )
    expect(deadline.get_by_label("Day")).to_have_value("30")  # what was typed is kept
    assert serious_violations(page) == []
    screenshot(page, "date_input_error")
    summary.get_by_role("link", name=message).click()
    expect(deadline.get_by_label("Month")).to_be_focused()

    deadline.get_by_label("Day").fill("26")
    deadline.get_by_label("Month").fill("Feb")  # month names are accepted too
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{period.label} updated.")).to_be_visible()
    period.refresh_from_db()
    assert period.deadline == datetime.date(2027, 2, 26)
    assert period.state == ReportingPeriod.State.OPEN
