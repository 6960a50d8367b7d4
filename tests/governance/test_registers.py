"""Writes to the registers: permission, validation naming the field, versions, history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from governance.models import Barrier, Condition, DelegatedAuthority, SelfAssessment
from governance.services.registers import (
    assessment_record,
    authority_save,
    barrier_save,
    group_save,
)
from tests.governance.factories import BarrierFactory, governance_tree
from tests.metrics.factories import PeriodFactory

pytestmark = pytest.mark.django_db


def test_an_authority_holder_must_work_for_the_organisation(
    collaborative, facilitator, org_a, lead_b
):
    with pytest.raises(PortalError) as refused:
        authority_save(
            user=facilitator,
            collaborative=collaborative,
            data={
                "organisation": org_a,
                "person": lead_b.person,
                "kind": "share_data",
                "reviewed_on": timezone.localdate(),
            },
        )
    assert refused.value.field == "person"
    assert not DelegatedAuthority.objects.exists()


def test_a_spend_authority_needs_its_limit_named_on_the_page(
    client_for, facilitator, org_a, sponsor_a
):
    today = timezone.localdate()
    response = client_for(facilitator).post(
        reverse("governance:authority_create"),
        {
            "organisation": org_a.pk,
            "person": sponsor_a.person.pk,
            "kind": "spend",
            "reviewed_on_0": today.day,
            "reviewed_on_1": today.month,
            "reviewed_on_2": today.year,
        },
    )
    assert response.status_code == 200
    assert "Enter the most this person can spend, in pounds." in response.content.decode()
    assert not DelegatedAuthority.objects.exists()


def test_only_the_facilitator_manages_the_registers(collaborative, lead_a, sponsor_a):
    for user in (lead_a, sponsor_a):
        with pytest.raises(PermissionDenied):
            barrier_save(
                user=user, collaborative=collaborative, data={"title": "X", "category": "culture"}
            )
    assert not Barrier.objects.exists()


def test_a_group_cannot_report_to_a_group_below_it(collaborative, facilitator):
    tree = governance_tree(collaborative=collaborative)
    hwb = tree["hwb"]
    with pytest.raises(PortalError) as refused:
        group_save(
            user=facilitator,
            collaborative=collaborative,
            group=hwb,
            data={"name": hwb.name, "kind": hwb.kind, "parent": tree["steering"]},
            version=version_of(hwb),
        )
    assert refused.value.field == "parent"


def test_a_barrier_edit_keeps_history_and_refuses_a_stale_save(
    client_for, collaborative, facilitator
):
    barrier = BarrierFactory(collaborative=collaborative, title="Timescales")
    opened = version_of(barrier)
    url = reverse("governance:barrier_edit", args=[barrier.pk])
    data = {
        "version": opened,
        "title": "Timescales",
        "category": "timeline",
        "status": "mitigating",
    }
    client = client_for(facilitator)
    assert client.post(url, data).status_code == 302
    barrier.refresh_from_db()
    assert barrier.status == "mitigating"
    assert barrier.history.count() == 2
    stale = client.post(url, {**data, "status": "resolved"})
    assert "Someone else changed this barrier" in stale.content.decode()
    barrier.refresh_from_db()
    assert barrier.status == "mitigating"


def test_a_representative_rates_all_five_or_nothing(collaborative, org_a, org_b, lead_a):
    period = PeriodFactory(collaborative=collaborative)
    with pytest.raises(PortalError):
        assessment_record(
            user=lead_a,
            organisation=org_a,
            period=period,
            respondent=lead_a.person,
            ratings={"common_agenda": (3, "")},
        )
    assert not SelfAssessment.objects.exists()
    with pytest.raises(PermissionDenied):
        assessment_record(
            user=lead_a,
            organisation=org_b,
            period=period,
            respondent=lead_a.person,
            ratings={c: (3, "") for c in Condition.values},
        )
    assessment_record(
        user=lead_a,
        organisation=org_a,
        period=period,
        respondent=lead_a.person,
        ratings={c: (4, "Good") for c in Condition.values},
    )
    assert SelfAssessment.objects.filter(organisation=org_a, score=4).count() == 5
