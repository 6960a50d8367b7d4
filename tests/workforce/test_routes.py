"""Routes into work: kept by the organisation's own workforce people, counted not named, and
summed per anchor for the overview in one query."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from anchors.common.errors import PortalError
from tests.workforce.factories import RouteActivityFactory, RouteProgrammeFactory
from workforce.models import RouteActivity, RouteProgramme
from workforce.selectors.routes import route_totals
from workforce.services.routes import route_activity_save, route_programme_create

pytestmark = pytest.mark.django_db


def test_lead_adds_a_route_and_counts_a_period(anchors, period, wf_lead_a):
    org_a, _ = anchors
    programme = route_programme_create(
        user=wf_lead_a,
        organisation=org_a,
        data={"kind": "volunteering", "partner": "Hackney CVS", "activity": "Ward volunteers"},
    )
    activity = route_activity_save(
        user=wf_lead_a, programme=programme, period=period, people_reached=30, progressions=4
    )
    again = route_activity_save(
        user=wf_lead_a, programme=programme, period=period, people_reached=32, progressions=5
    )
    assert activity.pk == again.pk
    assert RouteActivity.objects.get().people_reached == 32
    with pytest.raises(PortalError, match="cannot be more than the people reached") as caught:
        route_activity_save(
            user=wf_lead_a, programme=programme, period=period, people_reached=3, progressions=5
        )
    assert caught.value.field == "progressions"


def test_another_anchors_lead_cannot_change_its_routes(client_for, anchors, period, wf_lead_a):
    _, org_b = anchors
    programme = RouteProgrammeFactory(organisation=org_b)
    with pytest.raises(PermissionDenied):
        route_programme_create(
            user=wf_lead_a, organisation=org_b, data={"kind": "volunteering", "partner": "X"}
        )
    with pytest.raises(PermissionDenied):
        route_activity_save(
            user=wf_lead_a, programme=programme, period=period, people_reached=1, progressions=0
        )
    client = client_for(wf_lead_a)
    assert client.get(reverse("workforce:route_edit", args=[programme.pk])).status_code == 403
    response = client.post(
        reverse("workforce:route_activity", args=[programme.pk]),
        {"period": period.pk, "people_reached": "9", "progressions": "1"},
    )
    assert response.status_code == 403
    assert RouteProgramme.objects.count() == 1
    assert not RouteActivity.objects.exists()
    # Everyone in the collaborative reads them.
    assert client.get(reverse("workforce:route_detail", args=[programme.pk])).status_code == 200


def test_route_totals_per_anchor(django_assert_max_num_queries, anchors, period):
    org_a, org_b = anchors
    for org in (org_a, org_b):
        for kind in ("volunteering", "school_college"):
            RouteActivityFactory(
                programme=RouteProgrammeFactory(organisation=org, kind=kind),
                period=period,
                people_reached=10,
                progressions=2,
            )
    with django_assert_max_num_queries(1):
        lines = route_totals(collaborative=org_a.collaborative, period=period)
    assert len(lines) == 4
    assert sum(line.people_reached for line in lines) == 40
    assert sum(line.progressions for line in lines) == 8
