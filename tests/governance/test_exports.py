"""The governance registers as CSV and Excel (``?format=``): the page's rows with its filters, in
its column order, under the header block; only for those who may open the page."""

import pytest

from tests.exporting import check_page_export

pytestmark = pytest.mark.django_db


def test_escalations(client_for, world):
    download = check_page_export(
        client_for,
        world,
        "/governance/escalations/?state=",
        columns=[
            "Escalation",
            "Ask",
            "From",
            "Addressed to",
            "Sponsor",
            "Moved up automatically",
            "Raised",
            "Needed by",
            "State",
        ],
        key="Escalation",
    )
    assert download.header["Filters"] == "State: All"


def test_decisions(client_for, world):
    check_page_export(
        client_for,
        world,
        "/governance/decisions/",
        columns=[
            "Date",
            "What was decided",
            "Escalation",
            "Who decided",
            "Their organisation",
            "Under whose authority",
            "Follow-up actions",
        ],
    )


def test_delegated_authority(client_for, world):
    check_page_export(
        client_for,
        world,
        "/governance/authority/",
        columns=[
            "Organisation",
            "Who",
            "Job title",
            "Can commit it to",
            "Spend limit (£)",
            "Note",
            "Last reviewed",
        ],
        key="Who",
    )


def test_barriers(client_for, world):
    check_page_export(
        client_for,
        world,
        "/governance/barriers/",
        columns=[
            "Barrier",
            "Named in the HWB paper",
            "Category",
            "Workstreams",
            "Organisations",
            "Owner",
            "Status",
        ],
        key="Barrier",
    )


def test_roadmap(client_for, world):
    check_page_export(
        client_for,
        world,
        "/governance/roadmap/",
        columns=["Number", "Recommendation", "Owner", "Status", "Next step", "Evidence"],
        key="Recommendation",
    )
