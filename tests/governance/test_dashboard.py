"""The collective-impact dashboard: every member sees it, a sponsor sees what waits for their
decision first, every chart has its table and download, and the queries do not grow with the
number of organisations, metrics, periods or escalations."""

import pytest
from django.urls import reverse

from anchors.models import Theme
from tests.governance.report_fixtures import build

pytestmark = pytest.mark.django_db

URL = "/governance/dashboard/"


def _build(collaborative, org_a, org_b, facilitator, sponsor_a, n=1):
    return build(
        collaborative, orgs=[org_a, org_b], facilitator=facilitator, sponsor=sponsor_a, n=n
    )


def test_the_url(db):
    assert reverse("governance:dashboard") == URL


def test_a_sponsor_sees_waiting_for_your_decision_first(
    collaborative, org_a, org_b, facilitator, sponsor_a, client_for
):
    data = _build(collaborative, org_a, org_b, facilitator, sponsor_a)
    html = client_for(sponsor_a).get(URL).content.decode()
    main = html[html.index('id="main-content"') :]
    assert main.index("Waiting for your decision") < main.index("<h1")
    assert data["escalations"][0].title in main
    assert reverse("governance:escalation_detail", args=[data["escalations"][0].pk]) in main


def test_others_see_no_decisions_waiting_for_them(
    collaborative, org_a, org_b, facilitator, sponsor_a, hwb_member, client_for
):
    _build(collaborative, org_a, org_b, facilitator, sponsor_a)
    html = client_for(hwb_member).get(URL).content.decode()
    assert "Waiting for your decision" not in html
    assert "Metrics against targets" in html


def test_every_member_sees_the_sections_with_tables(
    collaborative, org_a, org_b, facilitator, sponsor_a, viewer, client_for
):
    data = _build(collaborative, org_a, org_b, facilitator, sponsor_a)
    html = client_for(viewer).get(URL + f"?period={data['periods'][1].pk}").content.decode()
    for heading in (
        "Metrics against targets",
        "Procurement status",
        "Workstream health",
        "Escalations",
        "Joint-tender matches in the next 12 months",
        "Local hiring from deprived neighbourhoods",
        "Collective-impact self-assessment",
    ):
        assert heading in html
    # Each chart has its table: the metric's RAG in words, not colour alone.
    assert "LOC-00 Local jobs 0" in html
    assert "Red" in html
    # The workforce app fills the section: starters by anchor and routes into work.
    assert "Workforce figures are not collected in the portal yet" not in html
    assert "New starters by anchor" in html
    assert "From IMD deciles 1–2" in html
    assert "Routes into work" in html


def test_the_period_and_theme_filters(
    collaborative, org_a, org_b, facilitator, sponsor_a, viewer, client_for
):
    data = _build(collaborative, org_a, org_b, facilitator, sponsor_a)
    metric = data["metrics"][0]
    theme = collaborative_theme(collaborative)
    metric.themes.add(theme)
    client = client_for(viewer)
    html = client.get(URL + f"?period={data['periods'][0].pk}&theme={theme.pk}").content.decode()
    assert "2025/26 Q1" in html
    assert "LOC-00" in html
    assert "LOC-01" not in html


def collaborative_theme(collaborative):
    return Theme.objects.create(collaborative=collaborative, name="Social Value")


@pytest.mark.parametrize(
    "key", ["metrics", "procurement", "escalations", "self-assessment", "workstreams", "matches"]
)
def test_every_chart_and_table_downloads_as_csv(
    key, collaborative, org_a, org_b, facilitator, sponsor_a, viewer, client_for
):
    _build(collaborative, org_a, org_b, facilitator, sponsor_a)
    response = client_for(viewer).get(URL + f"?download={key}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_outsiders_and_anonymous_people_cannot_see_it(client, outsider, client_for):
    assert client.get(URL).status_code in (302, 403)
    assert client_for(outsider).get(URL).status_code == 403


@pytest.mark.parametrize("n", [1, 10])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    n,
    collaborative,
    org_a,
    org_b,
    facilitator,
    sponsor_a,
    client_for,
    django_assert_max_num_queries,
):
    """1× and 10× organisations, metrics, periods, escalations, decisions: the same bound."""
    data = _build(collaborative, org_a, org_b, facilitator, sponsor_a, n=n)
    client = client_for(sponsor_a)
    client.get(URL)  # warm the session and the cached joint-tender matches
    # A quarter not shown yet: every section read. Sign-in and roles (5), the quarters and themes
    # (2), the sponsor's escalations, the sections' version, the page's header (1); metrics (3),
    # procurement status (4), workstreams (1), escalations (1), joint tenders (2), self-assessment
    # (1), and 6 for the workforce section (settings twice, starters, counts, anchors, routes).
    url = URL + f"?period={data['periods'][1].pk}"
    with django_assert_max_num_queries(28):
        response = client.get(url)
    assert response.status_code == 200
    # Shown again, nothing written since: the shared sections come from the cache.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
