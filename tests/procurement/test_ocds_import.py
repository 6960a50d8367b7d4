"""Importing OCDS notices into the pipeline (procurement.services.pipeline.ocds_import and
``manage.py import_ocds``): buyers matched, notices of one ocid one item, bad releases reported."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from procurement.models import BuyerIdentifier, PipelineItem
from procurement.services.pipeline import ocds_import
from tests.anchors.factories import OrganisationFactory

FILES = Path(__file__).parent / "files" / "ocds"
D = datetime.date


def files(*names):
    return [(name, (FILES / name).read_bytes()) for name in names]


@pytest.fixture
def barnet(collaborative):
    return OrganisationFactory(collaborative=collaborative, name="Barnet Council", short_name="LBB")


@pytest.fixture
def hackney(collaborative):
    return OrganisationFactory(
        collaborative=collaborative, name="Hackney Council", short_name="Hackney"
    )


@pytest.fixture
def elft(collaborative):
    """Named differently from the notices: found by its NHS identifier."""
    organisation = OrganisationFactory(
        collaborative=collaborative, name="ELFT mental health and community", short_name="ELFT"
    )
    BuyerIdentifier.objects.create(
        collaborative=collaborative, organisation=organisation, identifier="gb-ppon-pqrs-1234-abcd"
    )
    return organisation


def test_fictional_planning_then_tender_become_one_item_with_the_tenders_fields(
    collaborative, barnet, facilitator
):
    report = ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=files("fictional_planning.json", "fictional_tender.json"),
    )
    assert (report.created, report.updated, report.skipped, report.rejected) == (1, 1, 0, 0)
    item = PipelineItem.objects.get()
    assert item.organisation == barnet  # "London Borough of Barnet" → "barnet"
    assert item.ocid == "ocds-213czf-000-00001"
    assert item.title == "Planned cycle lane improvements"
    assert item.description == (
        "Tenders solicited for work to build new cycle lanes in the centre of town."
    )
    assert item.cpv_code == "45233130"
    assert item.other_cpv_codes == ["45233162"]
    assert item.estimated_value == Decimal("1100000.00")
    assert item.planned_publication_date == D(2010, 3, 1)
    assert (item.contract_start, item.contract_end) == (D(2010, 7, 1), D(2011, 6, 30))
    assert item.procurement_route == PipelineItem.Route.OPEN
    assert item.stage == PipelineItem.Stage.TENDER
    assert item.source == PipelineItem.Source.OCDS
    assert [n.release_id for n in item.notices.all()] == [
        "ocds-213czf-000-00001-01-planning",
        "ocds-213czf-000-00001-02-tender",
    ]
    assert item.history.count() == 2


def test_find_a_tender_uk1_uk2_uk4_sharing_an_ocid_become_one_item(
    collaborative, elft, facilitator
):
    report = ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=files("fts_uk1.json", "fts_uk2.json", "fts_uk4.json"),
    )
    assert (report.created, report.updated, report.skipped, report.rejected) == (1, 2, 0, 0)
    item = PipelineItem.objects.get()
    assert item.organisation == elft  # by identifier
    assert item.stage == PipelineItem.Stage.TENDER
    assert [(n.notice_type, n.stage) for n in item.notices.all()] == [
        ("UK1", "pipeline"),
        ("UK2", "market_engagement"),
        ("UK4", "tender"),
    ]
    # The tender notice's description is null: the engagement notice's stays.
    assert item.description.startswith("Peer support for adults")
    assert item.estimated_value == Decimal("1250000.00")
    assert item.estimated_value_gross == Decimal("1500000.00")
    assert item.latest_extension_date == D(2032, 6, 30)
    assert item.cpv_code == "85312000"
    assert item.suitable_sme is True
    assert item.procurement_route == PipelineItem.Route.COMPETITIVE_FLEXIBLE


def test_pipeline_then_engagement_notice_is_one_item_at_market_engagement(
    collaborative, elft, facilitator
):
    ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    item = PipelineItem.objects.get()
    assert item.stage == PipelineItem.Stage.PIPELINE
    assert item.estimated_value is None
    assert item.estimated_value_gross == Decimal("1440000.00")
    report = ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk2.json"))
    assert (report.created, report.updated) == (0, 1)
    item.refresh_from_db()
    assert item.stage == PipelineItem.Stage.MARKET_ENGAGEMENT
    assert item.planned_publication_date == D(2027, 2, 1)
    assert item.notices.count() == 2


def test_an_older_notice_arriving_later_is_listed_but_changes_nothing(
    collaborative, elft, facilitator
):
    ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk4.json"))
    report = ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    assert report.updated == 1
    item = PipelineItem.objects.get()
    assert item.stage == PipelineItem.Stage.TENDER
    assert item.estimated_value == Decimal("1250000.00")
    assert [(n.notice_type, n.applied) for n in item.notices.all()] == [
        ("UK1", False),
        ("UK4", True),
    ]


def test_importing_the_same_file_again_skips_it(collaborative, elft, facilitator):
    ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    report = ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)
    assert report.already[0].reason == "Already imported."


def test_unmappable_release_is_reported_and_the_rest_import(collaborative, hackney, facilitator):
    report = ocds_import(
        user=facilitator, collaborative=collaborative, files=files("mixed_with_unmappable.json")
    )
    assert (report.created, report.updated, report.skipped, report.rejected) == (2, 0, 1, 1)
    (rejection,) = report.rejections
    assert rejection.where == "Release 2 (050002-2026)"
    assert 'no "ocid"' in rejection.reason
    (unmatched,) = report.unmatched
    assert unmatched.buyer == "Somewhere Else District Council"
    assert sorted(PipelineItem.objects.values_list("title", flat=True)) == [
        "Domiciliary care framework",
        "Interpreting services",
    ]
    interpreting = PipelineItem.objects.get(title="Interpreting services")
    assert interpreting.estimated_value is None  # given in EUR
    assert "EUR" in report.warnings[0].reason


def test_a_lead_imports_only_their_own_organisations_notices(collaborative, hackney, org_b, lead_b):
    report = ocds_import(
        user=lead_b, collaborative=collaborative, files=files("mixed_with_unmappable.json")
    )
    assert report.created == 0
    assert len(report.not_permitted) == 2
    assert "Hackney Council" in report.not_permitted[0].reason
    assert not PipelineItem.objects.exists()


def test_people_without_a_pipeline_to_keep_cannot_import(collaborative, hwb_member):
    with pytest.raises(PermissionDenied):
        ocds_import(user=hwb_member, collaborative=collaborative, files=files("fts_uk1.json"))


def test_dry_run_reports_and_writes_nothing(collaborative, elft, facilitator):
    report = ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=files("fts_uk1.json", "fts_uk2.json"),
        dry_run=True,
    )
    assert (report.created, report.updated) == (1, 1)
    assert not PipelineItem.objects.exists()


def test_a_file_that_is_not_json_is_one_rejection_and_others_still_import(
    collaborative, elft, facilitator
):
    report = ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=[("broken.json", b"{not json"), *files("fts_uk1.json")],
    )
    assert (report.created, report.rejected) == (1, 1)
    assert report.rejections[0].file == "broken.json"
    assert report.rejections[0].where == "The whole file"


def test_command_prints_the_counts(collaborative, hackney, elft):
    out = StringIO()
    call_command(
        "import_ocds",
        str(FILES / "mixed_with_unmappable.json"),
        str(FILES / "fts_uk1.json"),
        str(FILES / "fts_uk2.json"),
        stdout=out,
    )
    text = out.getvalue()
    assert "created 3, updated 1, skipped 1, rejected 1" in text
    assert "rejected  " in text
    assert "050002-2026" in text
    assert "Somewhere Else District Council" in text
    assert PipelineItem.objects.count() == 3
