"""The facilitator's day in a real browser: record a workshop, see it listed and on the owner's home
page; the workstream's authorising-environment health; the workshop form without JavaScript."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anchors.models import Action, Organisation, OrganisationUpdate, Participation, Role, Workshop
from tests.anchors.factories import (
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
    WorkstreamFactory,
    WorkstreamStatusChangeFactory,
    login_for,
)
from tests.browser.conftest import fill_date, screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def setting(testborough):
    collaborative = testborough.collaborative
    council = OrganisationFactory(
        collaborative=collaborative,
        name="Testborough Council",
        short_name="Council",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
    )
    trust = OrganisationFactory(
        collaborative=collaborative, name="Testborough NHS Trust", short_name="Trust"
    )
    hospital = OrganisationFactory(
        collaborative=collaborative, name="Testborough Hospital", short_name="Hospital"
    )
    owner = login_for(organisation=council, role=Role.PROCUREMENT_LEAD, email="pat@example.org")
    owner.person.name, owner.person.job_title = "Pat Buyer", "Head of Procurement"
    owner.person.save()
    PersonFactory(organisation=trust, name="Sam Nurse", job_title="Procurement Manager")
    PersonFactory(organisation=hospital, name="Alex Porter", job_title="Head of Estates")
    sponsor = PersonFactory(organisation=council, name="Grace Director", job_title="Director")
    for name in ("Net Zero", "Social Value", "Modern Slavery"):
        ThemeFactory(collaborative=collaborative, name=name)
    workstream = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    WorkstreamStatusChangeFactory(workstream=workstream, reason="All anchors agreed to join.")
    today = timezone.localdate()
    ParticipationFactory(
        workstream=workstream,
        organisation=council,
        lead=owner.person,
        sponsor=sponsor,
        sponsorship=Participation.Sponsorship.SECURED,
        sponsorship_date=today - timedelta(days=200),
        staff_days_per_quarter=6,
        funding=5000,
        joined_on=today - timedelta(days=300),
    )
    ParticipationFactory(
        workstream=workstream,
        organisation=trust,
        sponsorship=Participation.Sponsorship.REQUESTED,
        sponsorship_date=today - timedelta(days=90),
        staff_days_per_quarter=3,
        joined_on=today - timedelta(days=300),
    )
    ParticipationFactory(
        workstream=workstream,
        organisation=hospital,
        sponsorship=Participation.Sponsorship.DECLINED,
        sponsorship_date=today - timedelta(days=40),
        sponsorship_note="Not a priority this financial year.",
        joined_on=today - timedelta(days=120),
    )
    return {"workstream": workstream, "council": council, "trust": trust}


def _error_links_land_on_fields(page):
    links = page.locator(".govuk-error-summary__list a")
    expect(links.first).to_be_visible()
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        expect(page.locator(target), f"{target} is not on the page").to_have_count(1)


def test_facilitator_records_a_workshop_and_owner_sees_the_action(page, setting):
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto("/workshops/new/")
    expect(page.get_by_role("heading", name="Record a workshop", level=1)).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "workshop_form_empty")

    # A first attempt with gaps: the error summary names every field at fault, nothing saved.
    page.get_by_label("Title", exact=True).fill("Workshop 4: social value metrics")
    page.locator("#id_actions-0-description").fill("Share the draft metrics with directors")
    page.get_by_role("button", name="Save workshop").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_text("Enter the date of the workshop.")).to_be_visible()
    expect(summary.get_by_text("Choose who owns action 1.")).to_be_visible()
    title = page.get_by_label("Title", exact=True)
    expect(title).to_have_value("Workshop 4: social value metrics")
    expect(page.locator("#id_actions-0-description")).to_have_value(re.compile("^Share the draft"))
    _error_links_land_on_fields(page)
    assert serious_violations(page) == []
    screenshot(page, "workshop_form_errors")
    assert Workshop.objects.count() == 0

    summary.get_by_role("link", name="Choose who owns action 1.").click()
    assert page.evaluate("document.activeElement.id") == "id_actions-0-owner"

    workshop_day = timezone.localdate() - timedelta(days=1)
    fill_date(page, "id_date", workshop_day)
    page.get_by_label("Workstream", exact=True).select_option(label="Procurement (active)")
    page.get_by_label("Deep-dive topic").fill("Common social value metrics")
    page.get_by_role("checkbox", name="Social Value").check()
    page.get_by_role("checkbox", name=re.compile(r"^Pat Buyer")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Sam Nurse")).check()
    # The update rows start with each core anchor chosen; fill two of them.
    rows = {
        page.locator(f"#id_updates-{i}-organisation").input_value(): i
        for i in range(page.locator(".app-rows--updates .app-rows__row").count())
    }
    council_row = rows[str(setting["council"].pk)]
    trust_row = rows[str(setting["trust"].pk)]
    page.locator(f"#id_updates-{council_row}-current_focus").fill("Social value policy refresh")
    page.locator(f"#id_updates-{council_row}-successes").fill("Two local SMEs won contracts")
    page.locator(f"#id_updates-{trust_row}-challenges").fill("Sign-off takes three months")
    page.locator("#id_actions-0-owner").select_option(label="Pat Buyer, Head of Procurement")
    due = timezone.localdate() + timedelta(days=10)
    fill_date(page, "id_actions-0-due_date", due)
    page.get_by_label("Decisions noted").fill("Draft eight shared measures.")
    page.get_by_role("button", name="Save workshop").click()

    expect(page.get_by_role("heading", name="Workshop 4: social value metrics")).to_be_visible()
    expect(
        page.get_by_text("Workshop “Workshop 4: social value metrics” recorded.")
    ).to_be_visible()
    expect(page.get_by_text("Social value policy refresh")).to_be_visible()
    expect(page.get_by_text("Sign-off takes three months")).to_be_visible()
    assert serious_violations(page) == []
    assert OrganisationUpdate.objects.count() == 2
    assert Action.objects.get().owner.name == "Pat Buyer"

    page.get_by_role("link", name="All workshops").click()
    row = page.get_by_role("row", name=re.compile("Workshop 4: social value metrics"))
    expect(row).to_be_visible()
    cells = row.get_by_role("cell")
    expect(cells.nth(3)).to_have_text("2")  # attendance
    expect(cells.nth(4)).to_have_text("2")  # organisations
    assert serious_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "pat@example.org", PASSWORD)
    page.goto("/")
    panel = page.locator("#panel-my-actions").locator("..")
    expect(panel.get_by_text("Share the draft metrics with directors")).to_be_visible()
    expect(panel.get_by_role("link", name="Workshop 4: social value metrics")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "workshop_owner_home")


def test_workstream_health_view(page, setting):
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto("/workstreams/")
    row = page.get_by_role("row", name=re.compile("Procurement"))
    expect(row.get_by_text("Sponsorship missing")).to_be_visible()
    expect(row.get_by_text("1 of 3 secured")).to_be_visible()
    row.get_by_role("link", name="Procurement").click()
    expect(page.get_by_role("heading", name="Authorising environment")).to_be_visible()
    gaps = page.locator("#health-gaps")
    expect(gaps.get_by_text("Testborough NHS Trust")).to_be_visible()
    expect(gaps.get_by_text("Testborough Hospital")).to_be_visible()
    expect(gaps).not_to_contain_text("Testborough Council")
    assert serious_violations(page) == []
    screenshot(page, "workstream_health")


def test_workshop_form_works_without_javascript(browser, live_server, setting):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        sign_in(page, "fac@example.org", PASSWORD)
        page.goto("/workshops/new/")
        page.get_by_label("Title", exact=True).fill("Workshop without scripts")
        page.locator("#id_new_people-0-name").fill("Jo New")
        page.locator("#id_new_people-0-organisation").select_option(label="Trust")
        expect(page.locator(".app-rows--actions .app-rows__row")).to_have_count(2)
        page.get_by_role("button", name="Add another action").click()
        expect(page.locator(".app-rows--actions .app-rows__row")).to_have_count(3)
        expect(page.get_by_text("Row added. Nothing is saved")).to_be_visible()
        expect(page.get_by_label("Title", exact=True)).to_have_value("Workshop without scripts")
        expect(page.locator("#id_new_people-0-name")).to_have_value("Jo New")
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
        fill_date(page, "id_date", date(2025, 3, 14))
        page.get_by_label("Workstream", exact=True).select_option(label="Procurement (active)")
        page.locator("#id_actions-2-description").fill("Send the notes round")
        page.locator("#id_actions-2-owner").select_option(label="Sam Nurse, Procurement Manager")
        fill_date(page, "id_actions-2-due_date", date(2025, 3, 28))
        page.get_by_role("button", name="Save workshop").click()
        expect(page.get_by_role("heading", name="Workshop without scripts")).to_be_visible()
        expect(page.get_by_text("Jo New")).to_be_visible()
        expect(page.get_by_role("cell", name="Send the notes round", exact=True)).to_be_visible()
    finally:
        context.close()


def test_enter_saves_and_the_error_summary_takes_focus_after_add_another(page, setting):
    """Enter in a text box presses "Save workshop" (not "Add another speaker"); after an "Add
    another" press left #speakers in the address, the error summary still takes the focus."""
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto("/workshops/new/")
    rows = page.locator(".app-rows--speakers .app-rows__row")
    expect(rows).to_have_count(1)
    page.get_by_role("button", name="Add another speaker").click()
    expect(page.get_by_text("Row added. Nothing is saved")).to_be_visible()
    expect(rows).to_have_count(2)
    assert page.url.endswith("#speakers")
    title = page.get_by_label("Title", exact=True)
    title.fill("Workshop 5: circular economy")
    title.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_text("Enter the date of the workshop.")).to_be_visible()
    expect(summary).to_be_focused()
    expect(rows).to_have_count(2)  # Enter did not add another speaker
    expect(page.get_by_text("Row added. Nothing is saved")).to_have_count(0)
    assert Workshop.objects.count() == 0


def test_find_people_on_the_workshop_form_without_losing_what_is_typed(page, setting):
    """Typing a name in "Find people" and pressing Enter narrows the attendee list (the form
    comes back with everything typed); ticked people stay ticked; nothing is saved."""
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto("/workshops/new/")
    page.locator("#id_title").fill("Workshop 5: supplier day")
    attendance = page.locator("#attendance")
    attendance.get_by_label("Pat Buyer").check()
    page.get_by_label("Find people").fill("porter")
    page.get_by_label("Find people").press("Enter")
    expect(attendance.get_by_label("Alex Porter")).to_be_visible()
    expect(attendance.get_by_label("Pat Buyer")).to_be_checked()
    expect(attendance.get_by_label("Sam Nurse")).to_have_count(0)
    expect(page.locator("#id_title")).to_have_value("Workshop 5: supplier day")
    assert Workshop.objects.count() == 0
    assert serious_violations(page) == []
    page.get_by_role("button", name="Show everyone").click()
    expect(attendance.get_by_label("Sam Nurse")).to_be_visible()
