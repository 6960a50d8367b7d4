import pytest
from django.test import Client

from tests.api.factories import api_token_for, bearer
from tests.worlds import _side


@pytest.fixture
def api_client():
    """api_client(user) -> a client sending that user's new API token (None: no token)."""

    def _make(user):
        client = Client()
        if user is not None:
            _, raw = api_token_for(user)
            client.defaults.update(bearer(raw))
        return client

    return _make


@pytest.fixture
def side(collaborative, backbone, org_a, org_b, role_users):
    """One collaborative with every app's objects (half of tests/worlds.py's world)."""
    found = _side(
        collaborative,
        org_a=org_a,
        org_b=org_b,
        lead_a=role_users["lead_a"],
        lead_b=role_users["lead_b"],
        sponsor_a=role_users["sponsor_a"],
        label="Here",
    )
    return {**found["own"], **found["shared"], "other": found["other"]}
