import pytest
from playwright.sync_api import expect

from tests.anchors.factories import (
    OrganisationFactory,
    PersonFactory,
)
from tests.browser.conftest import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def facilitator_login(testborough):
    council = OrganisationFactory(
        collaborative=testborough.collaborative,
        name="Testborough Council",
        short_name="Council",
        kind="local_authority",
        headcount=4200,
        annual_spend=410000000,
    )
    PersonFactory(organisation=council, name="Pat Buyer", job_title="Head of Procurement")
    return council


def test_facilitator_signs_in_and_opens_organisations(page, facilitator_login):
    page.goto("/organisations/")
    assert "/accounts/login/" in page.url  # anonymous: sent to sign in
    assert serious_violations(page) == []
    screenshot(page, "login")
    sign_in(page, "fac@example.org", "correct-horse-battery-staple")
    page.goto("/organisations/")
    expect(page.get_by_role("heading", name="Organisations", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Testborough Council")).to_be_visible()
    expect(page.get_by_text("Illustrative demo data")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Testborough Council").click()
    expect(page.get_by_role("heading", name="Testborough Council", level=1)).to_be_visible()
    expect(page.get_by_text("Pat Buyer")).to_be_visible()
    assert serious_violations(page) == []


def test_login_error_summary_is_accessible(page, facilitator_login):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert serious_violations(page) == []
