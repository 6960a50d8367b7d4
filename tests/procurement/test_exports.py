"""The procurement pages as CSV and Excel (``?format=``): the page's rows with its filters, in its
column order, under the header block; only for those who may open the page."""

import pytest

from tests.exporting import both, check_page_export

pytestmark = pytest.mark.django_db


def test_status_matrix(client_for, world):
    download = check_page_export(
        client_for,
        world,
        "/procurement/",
        columns=[
            "Anchor",
            "Theme or opportunity",
            "Kind",
            "Maturity level",
            "Maturity",
            "Where we are",
            "Next step",
            "Evidence link",
            "Last updated",
            "Updated by",
            "Not updated for 90 days",
        ],
        key="Anchor",
    )
    assert download.rows


def test_suppliers(client_for, world):
    check_page_export(
        client_for,
        world,
        "/procurement/suppliers/",
        columns=[
            "Supplier",
            "Company number",
            "Charity number",
            "Postcode",
            "Local",
            "SME",
            "VCSE",
            "BAME-led",
            "Living Wage employer",
            "Needs review",
            "Bought by",
            "Passport items (of 5)",
            "Passport items overdue",
        ],
        key="Supplier",
    )


PIPELINE = [
    "Procurement",
    "Open to joint procurement",
    "Anchor",
    "CPV code",
    "Category",
    "Window start",
    "Window end",
    "Value (net, £)",
    "Value (gross, £)",
    "Stage",
]


def test_pipeline(client_for, world):
    download = check_page_export(
        client_for, world, "/procurement/pipeline/", columns=PIPELINE, key="Procurement"
    )
    assert len(download.rows) >= 2


def test_pipeline_filtered_by_organisation(client_for, world):
    org_a = world.objects["own"]["organisation"]
    client = client_for(world.users["facilitator"])
    url = f"/procurement/pipeline/?organisation={org_a.pk}"
    page = client.get(url).content.decode()
    download = both(client, url)
    assert set(download.column("Anchor")) == {"Alpha"}
    for title in download.column("Procurement"):
        assert title in page
    assert download.header["Filters"] == f"Organisation: {org_a}"


def test_joint_matches(client_for, world):
    check_page_export(
        client_for,
        world,
        "/procurement/joint/",
        columns=[
            "Match",
            "CPV prefix",
            "Category",
            "Anchors",
            "Combined value (£)",
            "Match starts",
            "Match ends",
            "Item",
            "Item's anchor",
            "Item's CPV code",
            "Item's window start",
            "Item's window end",
            "Item's value (£)",
        ],
        key="Item",
    )


def test_spend_shares(client_for, world):
    check_page_export(
        client_for,
        world,
        "/procurement/spend/",
        columns=[
            "Anchor",
            "Period",
            "Total spend (£)",
            "Local (%)",
            "Local (£)",
            "SME (%)",
            "SME (£)",
            "VCSE (%)",
            "VCSE (£)",
            "Minority-ethnic-led (%)",
            "Names withheld (£)",
            "Lines",
        ],
    )


def test_spend_biggest_suppliers(client_for, world):
    check_page_export(
        client_for,
        world,
        "/procurement/spend/?table=suppliers",
        columns=["Supplier", "Local", "SME", "VCSE", "Minority-ethnic-led", "Spend (£)"],
    )


def test_events(client_for, world):
    check_page_export(
        client_for,
        world,
        "/procurement/events/",
        columns=["Event", "Kind", "Date", "Run by", "Suppliers attending"],
        key="Event",
    )
