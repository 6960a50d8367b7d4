"""The grid, the overview, the metric page and the period page run a fixed number of queries,
whether the collaborative has 2 anchors or 40, and 3 quarters or 12."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anchors.models import Organisation, Role
from metrics.models import MetricValue, Target
from tests.anchors.factories import CollaborativeFactory, OrganisationFactory, login_for
from tests.metrics.factories import MetricFactory, PeriodFactory

pytestmark = pytest.mark.django_db

# The most queries each page may run, whatever the size (session, user, roles, then the page).
# The overview pages by anchor: a count of anchors, and every anchor's totals in one aggregate.
LIMITS = {"grid": 11, "overview": 14, "metric": 14, "period": 11}


def _build(collaborative, backbone, organisations, quarters):
    orgs = [
        OrganisationFactory(collaborative=collaborative, name=f"Anchor {i}", short_name=f"A{i}")
        for i in range(organisations)
    ]
    ratio = MetricFactory(collaborative=collaborative, code="LOC-SPEND", ratio=True)
    metrics = [ratio] + [
        MetricFactory(collaborative=collaborative, outcome=ratio.outcome) for _ in range(5)
    ]
    periods = [
        PeriodFactory(collaborative=collaborative, financial_year=2022 + i // 4, quarter=i % 4 + 1)
        for i in range(quarters)
    ]
    lead = login_for(organisation=orgs[0], role=Role.PROCUREMENT_LEAD)
    values = []
    for org in orgs:
        for metric in metrics:
            for index, period in enumerate(periods):
                state = MetricValue.State.SUBMITTED if index % 3 else MetricValue.State.DRAFT
                values.append(
                    MetricValue(
                        collaborative=collaborative,
                        organisation=org,
                        metric=metric,
                        period=period,
                        value=None if metric.is_ratio else Decimal(index + 1),
                        numerator=Decimal(index) if metric.is_ratio else None,
                        denominator=Decimal(100) if metric.is_ratio else None,
                        state=state,
                        submitted_by=lead if state != MetricValue.State.DRAFT else None,
                        entered_by=lead,
                    )
                )
    MetricValue.objects.bulk_create(values)
    year = periods[-1].financial_year
    Target.objects.create(collaborative=collaborative, metric=ratio, financial_year=year, value=40)
    for org in orgs:
        Target.objects.create(
            collaborative=collaborative,
            metric=ratio,
            financial_year=year,
            organisation=org,
            value=30,
        )
    return {"lead": lead, "ratio": ratio, "period": periods[-1], "org": orgs[0]}


@pytest.mark.parametrize(("organisations", "quarters"), [(2, 3), (40, 12)])
def test_pages_run_a_fixed_number_of_queries(
    organisations,
    quarters,
    collaborative,
    backbone,
    facilitator,
    client_for,
    django_assert_max_num_queries,
):
    built = _build(collaborative, backbone, organisations, quarters)
    period, ratio = built["period"], built["ratio"]
    grid = reverse("metrics:submit", args=[period.pk])
    lead = client_for(built["lead"])
    lead.get(grid)  # warm the session
    with django_assert_max_num_queries(LIMITS["grid"]):
        assert lead.get(grid).status_code == 200
    with django_assert_max_num_queries(LIMITS["metric"]):
        assert lead.get(ratio.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(LIMITS["period"]):
        assert lead.get(period.get_absolute_url()).status_code == 200
    facilitator_client = client_for(facilitator)
    facilitator_client.get(grid)
    with django_assert_max_num_queries(LIMITS["overview"]):
        response = facilitator_client.get(grid)
    assert response.status_code == 200
    # One page of anchors (ten at most), every metric of each.
    html = response.content.decode()
    assert html.count('class="govuk-link app-overview__value"') == min(organisations, 10) * 6
    first = re.search(r'class="govuk-link app-overview__value" href="([^"]+)"', html).group(1)
    assert facilitator_client.get(first).status_code == 200


def _page_queries(client, url):

    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_are_the_same_for_2_and_40_anchors(client_for, collaborative, backbone):
    """Not only under a ceiling: exactly the same number of queries at both sizes."""

    big = CollaborativeFactory(name="Bigborough Anchor Collaborative")
    big_backbone = OrganisationFactory(
        collaborative=big,
        name="Big backbone",
        short_name="BB",
        role=Organisation.CollaborativeRole.BACKBONE,
    )
    counts = {}
    for size, (collab, backbone_org, quarters) in {
        2: (collaborative, backbone, 3),
        40: (big, big_backbone, 12),
    }.items():
        built = _build(collab, backbone_org, size, quarters)
        facilitator = login_for(organisation=backbone_org, role=Role.FACILITATOR)
        period = built["period"]
        grid = reverse("metrics:submit", args=[period.pk])
        lead = client_for(built["lead"])
        counts[size] = {
            "grid": _page_queries(lead, grid),
            "metric": _page_queries(lead, built["ratio"].get_absolute_url()),
            "period": _page_queries(lead, period.get_absolute_url()),
        }
        counts[size]["overview"] = _page_queries(client_for(facilitator), grid)
    assert counts[2] == counts[40], counts
