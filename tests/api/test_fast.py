"""The API's fast paths answer exactly as DRF would: ``anchors.common.api.serializers`` (fields
built once, rows read directly) against DRF's own serializers, ``anchors.common.api.related``
(a page's to-many rows in one query) against what the details prefetch, and the filter backend's
skip against an empty filter form — byte for byte, with the same ETag and Last-Modified."""

from datetime import timedelta

import pytest

from anchors.common.api import serializers as fast
from anchors.common.api.filters import PortalFilterBackend
from anchors.common.registry import api_routes
from tests.api.paths import DETAILS, LISTS
from tests.api.test_lists import _more_rows, _queries

pytestmark = pytest.mark.django_db


def _answer(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content, response.get("ETag"), response.get("Last-Modified")


def _paths(side):
    paths = [path for path in LISTS]
    paths += [f"{path}?page_size=3" for path in LISTS if path != "/api/v1/me/"]
    for path, (kind, _) in DETAILS.items():
        found = side.get(kind)
        if found is not None:
            paths.append(path.replace("{id}", str(found.pk)))
    return paths


@pytest.mark.parametrize("who", ["facilitator", "lead_a"])
def test_the_fast_path_answers_as_drf(side, facilitator, lead_a, api_client, monkeypatch, who):
    _more_rows(side, 3)
    client = api_client({"facilitator": facilitator, "lead_a": lead_a}[who])
    paths = _paths(side)
    assert len(paths) > 40
    for path in paths:
        monkeypatch.setattr(fast, "FAST", True)
        quick = _answer(client, path)
        monkeypatch.setattr(fast, "FAST", False)
        assert _answer(client, path) == quick, path


def test_attached_relations_are_what_the_details_prefetch(side, facilitator, api_client):
    """Workstreams' participations, workshops' and metrics' themes: a list row shows them as the
    row's own detail (which prefetches them) does."""
    _more_rows(side, 3)
    client = api_client(facilitator)
    for path, key in (
        ("/api/v1/workstreams/", "participations"),
        ("/api/v1/workshops/", "themes"),
        ("/api/v1/metrics/", "themes"),
    ):
        rows = client.get(path).json()["results"]
        assert any(row[key] for row in rows), path
        for row in rows:
            assert client.get(f"{path}{row['id']}/").json()[key] == row[key], path


def test_a_request_naming_no_filter_is_not_filtered(side, facilitator, api_client, monkeypatch):
    client = api_client(facilitator)
    unfiltered = {path: _answer(client, path) for path in LISTS}
    monkeypatch.setattr(
        PortalFilterBackend, "filter_queryset", PortalFilterBackend.__mro__[1].filter_queryset
    )
    assert {path: _answer(client, path) for path in LISTS} == unfiltered


def test_every_serializer_of_the_api_is_served_fast():
    """A field the fast path does not know sends its serializer through DRF (correct, slower):
    this names it, so the choice is made on purpose."""
    slow = []
    for _, viewset, _ in api_routes():
        classes = {viewset.serializer_class} if viewset.serializer_class else set()
        for action in ("list", "retrieve"):
            view = viewset()
            view.action = action
            view.format_kwarg = None
            try:
                classes.add(view.get_serializer_class())
            except AssertionError:
                pass
        slow += [cls.__name__ for cls in classes if cls and fast.plan_for(cls) is None]
    assert slow == []


def test_the_lists_read_a_fixed_number_of_queries(side, facilitator, api_client, monkeypatch):
    """Beyond what answering /me/ reads (the token, the collaborative, the roles): the page,
    then per list what ``attach`` reads for the page's rows (counts in one query, each to-many
    relation in one)."""
    monkeypatch.setattr("anchors.common.api.auth.LAST_USED_EVERY", timedelta(days=1))
    _more_rows(side, 3)
    client = api_client(facilitator)
    client.get("/api/v1/me/")  # the token's first use
    base = _queries(client, "/api/v1/me/")
    extra = {
        "/api/v1/workshops/": 3,  # page, counts, themes
        "/api/v1/workstreams/": 3,  # page, counts, participations
        "/api/v1/metrics/": 2,  # page, themes
        "/api/v1/people/": 1,
        "/api/v1/actions/": 1,
        "/api/v1/values/": 1,
        "/api/v1/organisations/": 1,
    }
    assert {path: _queries(client, path) - base for path in extra} == extra
