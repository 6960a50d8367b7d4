"""Schemathesis fuzzes every operation of the schema, against the WSGI app, as the facilitator
with a token: no server error and no response that breaks the schema. Bounded: a few examples an
operation and a time budget for the whole run."""

import json
import time

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.api.factories import api_token_for

pytestmark = pytest.mark.django_db

EXAMPLES = 12
BUDGET_SECONDS = 75


@pytest.fixture
def wsgi_in_the_test_transaction():
    """The WSGI app, called inside the test's transaction. The handler closes "old" connections
    around each request, which would close the test's transaction (on PostgreSQL; SQLite's
    in-memory test database ignores it), so the signal is disconnected — when the app is asked
    for, since Django's test client connects it again after each of its own requests."""

    def app():
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return get_wsgi_application()

    yield app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_fuzzing_finds_no_server_error_and_no_broken_schema(
    side, facilitator, client_for, wsgi_in_the_test_transaction
):
    raw = client_for(facilitator).get(reverse("anchors:api_schema") + "?format=json").content
    schema = schemathesis.openapi.from_dict(json.loads(raw))
    schema.app = wsgi_in_the_test_transaction()  # after the test client's last request
    _, token = api_token_for(facilitator)
    # The test client does not decompress: ask for the body as it is (real clients accept gzip).
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    run = 0
    for operation in operations:
        if time.monotonic() - started > BUDGET_SECONDS:
            break

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @hypothesis.given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        check()
        run += 1
    print(f"\nFuzzed {run} of {len(operations)} operations in {time.monotonic() - started:.0f} s")
    assert run >= len(operations) * 0.9
