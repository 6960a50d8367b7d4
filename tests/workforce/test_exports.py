"""The workforce lists as CSV and Excel (``?format=``): programmes, rotations and routes into
work, with the page's filters and column order; only for those who may open the page."""

import pytest

from tests.exporting import check_page_export

pytestmark = pytest.mark.django_db


def test_programmes(client_for, world):
    check_page_export(
        client_for,
        world,
        "/workforce/programmes/",
        columns=[
            "Standard",
            "Occupation",
            "Organisation",
            "Level",
            "Starts",
            "Places",
            "Apprentices in learning",
            "Funding",
            "Transfer from",
            "Status",
        ],
        key="Standard",
    )


def test_rotations(client_for, world):
    check_page_export(
        client_for,
        world,
        "/workforce/rotations/",
        columns=[
            "Rotation",
            "Starts",
            "Ends",
            "State",
            "Hosts signed off",
            "Hosts",
            "Apprentices",
            "Placements",
        ],
        key="Rotation",
    )


def test_routes(client_for, world):
    check_page_export(
        client_for,
        world,
        "/workforce/routes/",
        columns=[
            "Partner",
            "Activity",
            "Ended",
            "Anchor",
            "Kind",
            "People reached (all periods)",
            "Into employment",
        ],
    )
