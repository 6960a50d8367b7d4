"""Every metrics edit service refuses a save without the version it was opened at: the lock lives
in the services, so no client can skip it (the pages always send it)."""

import datetime

import pytest

from anchors.common.errors import StaleEditError
from metrics import services
from metrics.models import MetricValue
from tests.metrics.factories import ValueFactory

pytestmark = pytest.mark.django_db


def _submitted(framework, org, lead):
    return ValueFactory(
        metric=framework["amount"],
        organisation=org,
        period=framework["period"],
        state=MetricValue.State.SUBMITTED,
        submitted_by=lead,
    )


EDITS = {
    "metric_update": lambda f, v, user: services.metric_update(
        user=user, metric=f["amount"], data={"name": "x"}, version_note="x", version=None
    ),
    "period_update": lambda f, v, user: services.period_update(
        user=user,
        period=f["period"],
        deadline=datetime.date(2025, 8, 1),
        state="open",
        version=None,
    ),
    "value_verify": lambda f, v, user: services.value_verify(user=user, value=v, version=None),
    "value_return": lambda f, v, user: services.value_return(
        user=user, value=v, reason="Check it", version=None
    ),
    "values_verify": lambda f, v, user: services.values_verify(
        user=user, period=f["period"], versions={v.pk: None}
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_edit_service_requires_a_version(name, framework, facilitator, lead_a, org_a):
    value = _submitted(framework, org_a, lead_a)
    with pytest.raises(StaleEditError, match="did not say which version"):
        EDITS[name](framework, value, facilitator)
    value.refresh_from_db()
    assert value.state == MetricValue.State.SUBMITTED
