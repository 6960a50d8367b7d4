"""Importing planned procurements from a CSV file: all or nothing, every bad cell named by row
and column, a row with an item's organisation and title updating it."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.models import PipelineItem
from procurement.services.pipeline import pipeline_csv_import
from tests.procurement.pipeline_factories import PipelineItemFactory

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files" / "pipeline"


def _import(user, collaborative, name, dry_run=False):
    return pipeline_csv_import(
        user=user,
        collaborative=collaborative,
        name=name,
        data=(FILES / name).read_bytes(),
        dry_run=dry_run,
    )


def test_good_file_imports_every_row(collaborative, org_a, lead_a):
    report = _import(lead_a, collaborative, "good.csv")
    assert report.errors == []
    assert (report.created, report.updated) == (2, 0)
    peer = PipelineItem.objects.get(title="Peer support service")
    assert peer.organisation == org_a
    assert peer.cpv_code == "85312000"
    assert peer.estimated_value == Decimal("250000.00")
    assert peer.planned_publication_date == datetime.date(2027, 3, 1)
    assert peer.contract_end == datetime.date(2030, 8, 31)
    assert (peer.open_to_joint, peer.suitable_sme) == (True, True)
    assert peer.procurement_route == "open"
    assert peer.source == PipelineItem.Source.CSV
    cleaning = PipelineItem.objects.get(title="Office cleaning")  # "Alpha": the short name
    assert cleaning.contract_start == datetime.date(2027, 6, 1)


def test_a_row_with_an_items_organisation_and_title_updates_it(collaborative, org_a, lead_a):
    item = PipelineItemFactory(organisation=org_a, title="Peer support service")
    report = _import(lead_a, collaborative, "good.csv")
    assert (report.created, report.updated) == (1, 1)
    item.refresh_from_db()
    assert item.estimated_value == Decimal("250000.00")
    assert item.history.count() == 2


def test_bad_file_names_every_row_and_column_and_writes_nothing(collaborative, org_a, lead_a):
    report = _import(lead_a, collaborative, "bad.csv")
    assert (report.created, report.updated) == (0, 0)
    assert "Row 2, column “Suitable for SMEs”: Enter yes or no (it says “maybe”)" in report.errors
    assert any(
        e.startswith("Row 3, column “CPV code”: Enter a CPV 2008 code") for e in report.errors
    )
    assert any(e.startswith("Row 3, column “Contract start”: Enter a date") for e in report.errors)
    assert "Row 4, column “Title”: this cannot be empty" in report.errors
    assert any(e.startswith("Row 3, column “Organisation”") for e in report.errors)
    assert not PipelineItem.objects.exists()


def test_contract_ending_before_it_starts_is_named(collaborative, org_a, lead_a):
    report = pipeline_csv_import(
        user=lead_a,
        collaborative=collaborative,
        name="dates.csv",
        data=(
            b"Organisation,Title,Contract start,Contract end\n"
            b"Alpha,Cleaning,01/09/2027,01/01/2027\n"
        ),
    )
    assert len(report.errors) == 1
    assert report.errors[0].startswith("Row 2")
    assert not PipelineItem.objects.exists()


def test_lead_cannot_import_another_organisations_rows(collaborative, org_a, lead_b):
    report = _import(lead_b, collaborative, "good.csv")
    assert report.errors[0] == (
        "Row 2, column “Organisation”: you do not keep Alpha Council’s pipeline"
    )
    assert not PipelineItem.objects.exists()


def test_page_checks_then_imports_and_offers_the_template(client_for, lead_a, org_a):
    client = client_for(lead_a)
    url = reverse("procurement:pipeline_csv_import")
    template = client.get(url, {"template": ""})
    assert template.content.decode("utf-8-sig").startswith(
        "Organisation,Title,Description,CPV code"
    )
    raw = (FILES / "good.csv").read_bytes()
    check = client.post(url, {"file": SimpleUploadedFile("good.csv", raw), "check": ""})
    assert "importing it would add 2 planned procurements" in check.content.decode()
    assert not PipelineItem.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("good.csv", raw), "import": ""})
    assert done.status_code == 302
    assert PipelineItem.objects.count() == 2
    bad = client.post(
        url, {"file": SimpleUploadedFile("bad.csv", (FILES / "bad.csv").read_bytes()), "import": ""}
    )
    assert "Nothing has been imported" in bad.content.decode()
