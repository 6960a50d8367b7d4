"""Workforce test set-up (local hiring part): open periods, core anchors, and workforce leads of
two anchors."""

import pytest

from anchors.models import Organisation, Role
from tests.anchors.factories import login_for
from tests.metrics.factories import PeriodFactory


@pytest.fixture
def period(collaborative):
    return PeriodFactory(collaborative=collaborative, financial_year=2026, quarter=1)


@pytest.fixture
def earlier(collaborative):
    return PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=4)


@pytest.fixture
def anchors(org_a, org_b):
    for org in (org_a, org_b):
        org.role = Organisation.CollaborativeRole.CORE_ANCHOR
        org.save()
    return org_a, org_b


@pytest.fixture
def wf_lead_a(org_a):
    return login_for(organisation=org_a, role=Role.WORKFORCE_LEAD, email="wf.lead.a@example.org")


@pytest.fixture
def wf_lead_b(org_b):
    return login_for(organisation=org_b, role=Role.WORKFORCE_LEAD, email="wf.lead.b@example.org")
