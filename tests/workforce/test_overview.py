"""The workforce overview: the collective's figures for a period (with the edition they use), by
anchor, by route, routes into work and the trend as a chart with the same figures as a table; a
flat number of queries; the governance dashboard and report show the same section."""

import pytest
from django.urls import reverse

from anchors.models import Organisation
from governance.selectors.figures import local_hiring
from tests.anchors.factories import OrganisationFactory
from tests.metrics.factories import PeriodFactory
from tests.workforce.factories import (
    RouteActivityFactory,
    RouteProgrammeFactory,
    StarterCountFactory,
    StarterFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("workforce:index")


@pytest.fixture
def hiring(collaborative, anchors, period, earlier):
    org_a, org_b = anchors
    for lsoa in ("E01001714", "E01001716", "E01001808", "E01000001"):
        StarterFactory(organisation=org_a, period=period, home_lsoa=lsoa)
    StarterFactory(organisation=org_a, period=earlier, home_lsoa="E01001714")
    StarterCountFactory(
        organisation=org_b, period=period, starters=6, resident_in_area=3, from_deprived_deciles=2
    )
    RouteActivityFactory(
        programme=RouteProgrammeFactory(organisation=org_b, partner="Hackney CVS"),
        period=period,
        people_reached=25,
        progressions=4,
    )
    return org_a, org_b


def test_overview_shows_collective_by_anchor_route_and_trend(client_for, viewer, hiring, period):
    response = client_for(viewer).get(URL + f"?period={period.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "All anchors, " + period.label in html
    # 4 rows of Alpha (2 of them in deciles 1–2) and 6 counted by Beta (2): 4 of 10.
    assert "<strong>40.0%</strong> (4 of 10), by the English Indices of Deprivation 2019" in html
    assert "Counts only" in html
    assert "Hackney CVS" not in html  # routes are summed per anchor here, not listed
    assert "chart-hiring-trend" in html
    assert "New starters across the anchors, by quarter" in html  # the chart's table
    # A viewer is not given links to anchors' starter rows.
    assert reverse("workforce:starter_list", args=[hiring[0].pk]) not in html


def test_overview_trend_download_is_the_table(client_for, viewer, hiring, period):
    response = client_for(viewer).get(URL + f"?period={period.pk}&download=hiring-trend")
    text = response.content.decode()
    assert response.status_code == 200
    assert "New starters" in text.splitlines()[0]


def test_own_lead_gets_a_link_to_their_rows(client_for, wf_lead_a, hiring, period):
    html = client_for(wf_lead_a).get(URL).content.decode()
    assert reverse("workforce:starter_list", args=[hiring[0].pk]) in html
    assert reverse("workforce:starter_list", args=[hiring[1].pk]) not in html


@pytest.mark.parametrize("anchors_count", [2, 12])
def test_overview_runs_a_flat_number_of_queries(
    client_for, collaborative, facilitator, anchors_count, django_assert_max_num_queries
):
    periods = [
        PeriodFactory(collaborative=collaborative, financial_year=2024 + q // 4, quarter=q % 4 + 1)
        for q in range(8)
    ]
    for n in range(anchors_count):
        org = OrganisationFactory(
            collaborative=collaborative,
            role=Organisation.CollaborativeRole.CORE_ANCHOR,
            short_name=f"A{n}",
        )
        for period in periods:
            StarterFactory.create_batch(3, organisation=org, period=period)
        RouteActivityFactory(programme=RouteProgrammeFactory(organisation=org), period=periods[-1])
    client = client_for(facilitator)
    client.get(URL)
    with django_assert_max_num_queries(22):
        response = client.get(URL)
    assert response.status_code == 200


def test_governance_section_comes_from_the_workforce_figures(collaborative, hiring, period):
    section = local_hiring(collaborative=collaborative, period=period)
    assert "10 new starters across the anchors" in section["summary"]
    hiring_table, routes_table = section["tables"]
    assert hiring_table["rows"][-1] == ["All anchors", 10, "70.0%", "40.0%", "IMD 2019"]
    assert routes_table["rows"] == [["Beta", "School or college partnership", 1, 25, 4]]
    assert local_hiring(collaborative=collaborative, period=None) is None


def test_the_dashboard_shows_the_workforce_section(client_for, sponsor_a, hiring, period):
    html = client_for(sponsor_a).get(reverse("governance:dashboard") + f"?period={period.pk}")
    html = html.content.decode()
    assert "New starters by anchor" in html
    assert "Workforce figures are not collected in the portal yet" not in html
