"""Home, "what needs me now": a lead sees what was returned to them, with the reason; the
facilitator sees what waits for them to verify. Declared by metrics, drawn by anchors."""

import pytest
from django.urls import reverse
from django.utils import timezone

from metrics.models import MetricValue
from tests.anchors.factories import OrganisationFactory
from tests.metrics.factories import ValueFactory

pytestmark = pytest.mark.django_db
S = MetricValue.State


def _home(client_for, user):
    return client_for(user).get(reverse("anchors:home")).content.decode()


def test_a_lead_sees_values_returned_to_them_with_the_reason(
    client_for, framework, lead_a, lead_b, facilitator, org_a
):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=S.RETURNED,
        return_reason="The count includes withdrawn starts.",
        returned_by=facilitator,
        returned_at=timezone.now(),
    )
    html = _home(client_for, lead_a)
    assert "Metric values returned to you (1)" in html
    assert "The count includes withdrawn starts." in html
    assert value.get_absolute_url() in html
    # Another organisation's lead is not told about it.
    other = _home(client_for, lead_b)
    assert "Nothing has been returned to you." in other
    assert "withdrawn starts" not in other


def test_the_facilitator_sees_what_waits_to_be_verified(
    client_for, framework, facilitator, hwb_member, org_a, org_b
):
    for org in (org_a, org_b):
        ValueFactory(
            metric=framework["amount"],
            organisation=org,
            period=framework["period"],
            state=S.SUBMITTED,
        )
    ValueFactory(  # in a closed period: not waiting on this page
        metric=framework["amount"],
        organisation=org_a,
        period=framework["closed"],
        state=S.SUBMITTED,
    )
    html = _home(client_for, facilitator)
    assert "Metric values waiting for you to verify" in html
    assert "2 values</strong> for 2025/26 Q1" in html
    assert reverse("metrics:submit", args=[framework["period"].pk]) in html
    hwb = _home(client_for, hwb_member)
    assert "waiting for you to verify" not in hwb
    assert "returned to you" not in hwb


@pytest.mark.parametrize("anchors", [2, 30])
def test_the_home_page_runs_the_same_queries_however_many_values(
    anchors, client_for, framework, facilitator, django_assert_max_num_queries
):
    collaborative = framework["period"].collaborative
    for n in range(anchors):
        org = OrganisationFactory(collaborative=collaborative, short_name=f"Org {n}")
        ValueFactory(
            metric=framework["amount"],
            organisation=org,
            period=framework["period"],
            state=S.SUBMITTED,
        )
    client = client_for(facilitator)
    client.get(reverse("anchors:home"))
    with django_assert_max_num_queries(16):
        client.get(reverse("anchors:home"))
