"""Shared measurement in a real browser: a lead fills the grid and submits; the facilitator
returns one value with a reason; the lead sees why. Also the import preview and the metric page.

SCREENSHOTS=1 saves docs/screenshots/metrics_*.png.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from anchors.models import Role
from metrics.models import Metric, MetricValue, Target
from tests.anchors.factories import OrganisationFactory, login_for
from tests.browser.conftest import csp_violations, screenshot, serious_violations, sign_in
from tests.metrics.factories import MetricFactory, OutcomeFactory, PeriodFactory

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def measured(testborough):
    collaborative = testborough.collaborative
    anchors = [
        OrganisationFactory(collaborative=collaborative, name=name, short_name=short, kind=kind)
        for name, short, kind in [
            ("Testborough Council", "Council", "local_authority"),
            ("Testborough Hospital NHS Trust", "Hospital", "nhs_trust"),
            ("Testborough Mental Health Trust", "Mental Health", "nhs_trust"),
            ("Testborough GP Federation", "GP Federation", "primary_care"),
        ]
    ]
    lead = login_for(organisation=anchors[0], role=Role.PROCUREMENT_LEAD, email="lead@example.org")
    lead.person.name = "Priya Lead"
    lead.person.save()
    outcome = OutcomeFactory(collaborative=collaborative, name="More spend stays local")
    ratio = MetricFactory(
        collaborative=collaborative,
        outcome=outcome,
        code="LOC-SPEND",
        name="Local spend share",
        ratio=True,
        numerator_label="Spend with local suppliers (£)",
        denominator_label="All third-party spend (£)",
        definition="Share of third-party spend with suppliers trading from Testborough.",
    )
    starts = MetricFactory(
        collaborative=collaborative,
        outcome=OutcomeFactory(collaborative=collaborative, name="Local people get good jobs"),
        code="APP-STARTS",
        name="Apprenticeship starts",
        unit=Metric.Unit.COUNT,
    )
    hours = MetricFactory(
        collaborative=collaborative,
        outcome=starts.outcome,
        code="VOL-HOURS",
        name="Staff volunteering hours",
        unit=Metric.Unit.HOURS,
        proxy_value=Decimal("12.21"),
        proxy_source="National Living Wage from 1 April 2025 (GOV.UK)",
        proxy_year=2025,
    )
    periods = [
        PeriodFactory(collaborative=collaborative, financial_year=2024 + i // 4, quarter=i % 4 + 1)
        for i in range(6)
    ]
    # Five quarters of history from the other anchors; the latest quarter is for the test.
    history = []
    for index, period in enumerate(periods[:-1]):
        period.state = "closed"
        period.save()
        for position, org in enumerate(anchors[1:]):
            history.append(
                MetricValue(
                    collaborative=collaborative,
                    organisation=org,
                    metric=ratio,
                    period=period,
                    numerator=Decimal(18 + 3 * position + 2 * index) * 100_000,
                    denominator=Decimal(100 + 20 * position) * 100_000,
                    state=MetricValue.State.VERIFIED,
                    verified_by=lead,
                    evidence_note="Finance extract",
                )
            )
    MetricValue.objects.bulk_create(history)
    Target.objects.create(
        collaborative=collaborative, metric=ratio, financial_year=2025, value=Decimal(25)
    )
    return {
        "council": anchors[0],
        "ratio": ratio,
        "starts": starts,
        "hours": hours,
        "period": periods[-1],
        "lead": lead,
    }


def test_lead_submits_facilitator_returns_lead_sees_reason(page, measured):
    period, ratio, starts, hours = (
        measured["period"],
        measured["ratio"],
        measured["starts"],
        measured["hours"],
    )
    sign_in(page, "lead@example.org", PASSWORD)
    page.goto(f"/metrics/submit/{period.pk}/")
    expect(
        page.get_by_role("heading", name="Metric values for 2025/26 Q2 (Jul–Sep 2025)")
    ).to_be_visible()
    page.get_by_label("Numerator: Spend with local suppliers (£)").fill("2350000")
    page.get_by_label("Denominator: All third-party spend (£)").fill("9800000")
    page.get_by_label("APP-STARTS value, Count").fill("14")
    page.get_by_label("VOL-HOURS value, Hours").fill("310")
    for metric in (ratio, starts, hours):
        page.locator(f"#id_m{metric.pk}-evidence_note").fill("Finance system extract, 3 Oct")
    assert serious_violations(page) == []
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "metrics_submission_grid")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_text("3 values submitted for the facilitator to check")).to_be_visible()
    assert (
        MetricValue.objects.filter(
            organisation=measured["council"], state=MetricValue.State.SUBMITTED
        ).count()
        == 3
    )

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto(f"/metrics/submit/{period.pk}/")
    expect(page.get_by_text("Anchors × metrics")).to_be_visible()
    page.get_by_role("link", name="14 APP-STARTS for Council").click()
    expect(page.get_by_role("heading", name="APP-STARTS Apprenticeship starts")).to_be_visible()
    page.get_by_role("button", name="Return for revision").click()  # no reason yet
    expect(page.get_by_text("Enter the reason for returning this value").first).to_be_visible()
    page.get_by_label("Why are you returning it?").fill(
        "14 starts is more than your apprenticeship account shows (11). Please check."
    )
    page.get_by_role("button", name="Return for revision").click()
    expect(page.get_by_text("APP-STARTS for Council returned with your reason")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    sign_in(page, "lead@example.org", PASSWORD)
    page.goto(f"/metrics/submit/{period.pk}/")
    expect(page.get_by_role("heading", name="Returned for revision")).to_be_visible()
    expect(
        page.get_by_text(
            "14 starts is more than your apprenticeship account shows (11). Please check."
        ).first
    ).to_be_visible()
    expect(page.get_by_label("APP-STARTS value, Count")).to_be_editable()
    assert serious_violations(page) == []


def test_import_preview_lists_every_error(page, measured, tmp_path):
    period = measured["period"]
    sign_in(page, "lead@example.org", PASSWORD)
    page.goto("/metrics/import/")
    file = tmp_path / "council-q2.csv"
    file.write_text(
        "organisation,metric,period,value,numerator,denominator,evidence_note\n"
        f"Council,LOC-SPEND,{period.code},,2350000,9800000,Finance extract\n"
        f"Council,APP-STARTS,{period.code},fourteen,,,Apprenticeship account\n"
        f"Hospital,VOL-HOURS,{period.code},120,,,Volunteering records\n"
        f"Council,LOC-SPEND,{period.code},,500,400,Duplicate\n"
        f"Council,VOL-HOURS,2019-20-Q1,40,,,Old\n",
        encoding="utf-8",
    )
    page.get_by_label("Upload a CSV or Excel file").set_input_files(str(file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Dry run: nothing has been saved")).to_be_visible()
    expect(page.get_by_text("problems in the file: nothing can be imported")).to_be_visible()
    for text in (
        "Enter a number",
        "only for your own organisation",
        "Repeats row 2",
        "not a reporting period",
    ):
        expect(page.get_by_text(text).first, text).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "metrics_import_preview")
    assert MetricValue.objects.filter(organisation=measured["council"]).count() == 0


def test_chart_draws_under_the_real_content_security_policy(page, measured):
    """The browser enforces the portal's CSP (no bypass): plotly.js, deferred, and charts.js draw
    the figure from its JSON, and nothing is blocked (the page fixture fails on any violation)."""
    sign_in(page, "fac@example.org", PASSWORD)
    response = page.goto(f"/metrics/metric/{measured['ratio'].pk}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    expect(page.locator("#plot-trend svg.main-svg").first).to_be_visible()
    expect(page.locator("#plot-by-anchor svg.main-svg").first).to_be_visible()
    expect(page.locator("#plot-trend .scatterlayer .trace")).to_have_count(1)
    assert csp_violations(page) == []
    # Pages without a chart do not load plotly.js at all.
    page.goto("/metrics/")
    expect(page.locator("script[src*='plotly']")).to_have_count(0)


def test_metric_page_chart_has_its_table(page, measured):
    sign_in(page, "fac@example.org", PASSWORD)
    page.goto(f"/metrics/metric/{measured['ratio'].pk}/")
    expect(page.get_by_role("heading", name="Local spend share", level=1)).to_be_visible()
    expect(page.locator("#plot-trend .main-svg").first).to_be_visible()  # plotly drew it
    expect(page.get_by_text("LOC-SPEND across all anchors, by quarter")).to_be_visible()
    expect(page.get_by_role("link", name="Download these figures (CSV)").first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "metrics_metric_page")
