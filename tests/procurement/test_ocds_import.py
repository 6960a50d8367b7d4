"""Importing OCDS notices into the pipeline (procurement.services.pipeline.ocds_import and
``manage.py import_ocds``): buyers matched, notices of one ocid one item, all or nothing per
file (a refused release writes nothing from its file and is named), skips with their reasons."""

import copy
import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from procurement.models import BuyerIdentifier, PipelineItem, PipelineNotice
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


def test_an_older_notice_arriving_later_is_skipped_as_superseded_and_changes_nothing(
    collaborative, elft, facilitator
):
    ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk4.json"))
    report = ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    assert (report.created, report.updated, report.skipped, report.rejected) == (0, 0, 1, 0)
    (superseded,) = report.superseded
    assert superseded.reason.startswith(
        "Superseded by a later notice on this ocid (UK4 007788-2027, published 3 Feb 2027)"
    )
    item = PipelineItem.objects.get()
    assert item.stage == PipelineItem.Stage.TENDER
    assert item.estimated_value == Decimal("1250000.00")
    # Listed on the item so its list of notices is whole, and the item's history says so.
    assert [(n.notice_type, n.applied) for n in item.notices.all()] == [
        ("UK1", False),
        ("UK4", True),
    ]
    assert "superseded" in item.history.first().history_change_reason
    again = ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    assert (again.skipped, again.already[0].reason) == (1, "Already imported.")


def test_importing_the_same_file_again_skips_it(collaborative, elft, facilitator):
    ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    report = ocds_import(user=facilitator, collaborative=collaborative, files=files("fts_uk1.json"))
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)
    assert report.already[0].reason == "Already imported."


def test_a_file_with_an_unmappable_release_writes_nothing_and_names_it(
    collaborative, hackney, facilitator
):
    report = ocds_import(
        user=facilitator, collaborative=collaborative, files=files("mixed_with_unmappable.json")
    )
    assert (report.created, report.updated, report.skipped, report.rejected) == (0, 0, 0, 1)
    (rejection,) = report.rejections
    assert rejection.where == "Release 2 (050002-2026)"
    assert 'no "ocid"' in rejection.reason
    (refused,) = report.refused_files
    assert refused.file == "mixed_with_unmappable.json"
    assert refused.reason.startswith("Nothing was imported from this file: 1 of its 4 releases")
    assert not PipelineItem.objects.exists()
    assert not PipelineNotice.objects.exists()


def _package(*names):
    """One release package holding the releases of the named fixture files, in that order."""
    releases = []
    for name in names:
        releases += json.loads((FILES / name).read_text())["releases"]
    return {"uri": "https://example.org/package.json", "version": "1.1", "releases": releases}


def _as_file(package, name="package.json"):
    return [(name, json.dumps(package).encode())]


def test_a_package_with_one_bad_release_writes_nothing_and_names_each_refused_release(
    collaborative, elft, hackney, facilitator
):
    package = _package("fts_uk1.json", "fts_uk2.json", "fts_uk4.json", "contracts_finder.json")
    untitled = copy.deepcopy(package["releases"][1])
    untitled["id"] = "044999-2026"
    untitled["ocid"] = "ocds-h6vhtk-untitled"
    untitled["tender"]["title"] = None
    untitled.pop("planning", None)
    package["releases"].insert(3, untitled)
    package["releases"].append("not a release")
    report = ocds_import(user=facilitator, collaborative=collaborative, files=_as_file(package))
    assert (report.created, report.updated, report.rejected) == (0, 0, 2)
    assert [(r.where, r.ocid, r.reason) for r in report.rejections] == [
        ("Release 4 (044999-2026)", "ocds-h6vhtk-untitled", "It has no tender title."),
        ("Release 7", "", "It is not a JSON object."),
    ]
    assert report.refused_files[0].reason.startswith(
        "Nothing was imported from this file: 2 of its 7 releases were refused."
    )
    assert not PipelineItem.objects.exists()
    assert not PipelineNotice.objects.exists()


def test_a_release_the_database_refuses_refuses_its_file_and_only_its_file(
    collaborative, elft, facilitator, monkeypatch
):
    """A release that maps but cannot be saved (here: a field the item cannot hold) is named by
    its place in its file, and that file writes nothing; another file still imports."""
    package = _package("fts_uk2.json")
    package["releases"][0]["parties"][0]["contactPoint"] = {"email": "not an email", "name": "x"}
    original = PipelineItem.full_clean

    def refuse_bad_contacts(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        if "not an email" in (self.contact or ""):
            raise ValidationError({"contact": ["Enter a name and a valid email address."]})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PipelineItem, "full_clean", refuse_bad_contacts)
    report = ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=[*files("fts_uk1.json"), *_as_file(package, "uk2-bad.json")],
    )
    (rejection,) = report.rejections
    assert (rejection.file, rejection.where) == ("uk2-bad.json", "Release 1 (044512-2026)")
    assert "valid email address" in rejection.reason
    assert [f.file for f in report.refused_files] == ["uk2-bad.json"]
    assert (report.created, report.updated) == (1, 0)
    item = PipelineItem.objects.get()
    assert item.stage == PipelineItem.Stage.PIPELINE  # the UK2 notice's file wrote nothing
    assert [n.release_id for n in item.notices.all()] == ["031001-2026"]


def test_a_good_package_imports_and_importing_it_again_changes_nothing(
    collaborative, elft, hackney, facilitator
):
    package = _package("fts_uk1.json", "fts_uk2.json", "fts_uk4.json", "contracts_finder.json")
    elsewhere = json.loads((FILES / "mixed_with_unmappable.json").read_text())["releases"][2]
    package["releases"].append(elsewhere)
    report = ocds_import(user=facilitator, collaborative=collaborative, files=_as_file(package))
    assert (report.created, report.updated, report.skipped, report.rejected) == (3, 2, 1, 0)
    assert not report.refused_files
    # The notice of a buyer outside the collaborative is skipped, not refused.
    (skip,) = report.skips
    assert (skip.where, skip.reason) == (
        "Release 6 (050003-2026)",
        "The buyer is no organisation of the collaborative.",
    )
    fts = PipelineItem.objects.get(ocid="ocds-h6vhtk-0a1b2c")
    assert [n.notice_type for n in fts.notices.all()] == ["UK1", "UK2", "UK4"]
    assert fts.stage == PipelineItem.Stage.TENDER
    before = {
        "items": list(PipelineItem.objects.order_by("pk").values()),
        "notices": list(PipelineNotice.objects.order_by("pk").values()),
        "history": PipelineItem.history.count(),
    }
    again = ocds_import(user=facilitator, collaborative=collaborative, files=_as_file(package))
    assert (again.created, again.updated, again.skipped, again.rejected) == (0, 0, 6, 0)
    assert len(again.already) == 5
    after = {
        "items": list(PipelineItem.objects.order_by("pk").values()),
        "notices": list(PipelineNotice.objects.order_by("pk").values()),
        "history": PipelineItem.history.count(),
    }
    assert after == before


def test_a_lead_imports_only_their_own_organisations_notices(collaborative, hackney, org_b, lead_b):
    report = ocds_import(
        user=lead_b, collaborative=collaborative, files=files("contracts_finder.json")
    )
    assert (report.created, report.skipped, report.rejected) == (0, 2, 0)
    assert not report.refused_files  # another anchor's notices are skipped, not refused
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


def test_a_file_that_is_not_json_is_refused_and_other_files_still_import(
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
    assert [f.file for f in report.refused_files] == ["broken.json"]


def test_command_prints_the_counts_and_each_refused_release(collaborative, hackney, elft):
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported from .*mixed_with_unmappable"):
        call_command(
            "import_ocds",
            str(FILES / "mixed_with_unmappable.json"),
            str(FILES / "fts_uk1.json"),
            str(FILES / "fts_uk2.json"),
            stdout=out,
        )
    text = out.getvalue()
    assert "created 1, updated 1, skipped 0, rejected 1" in text
    assert "refused   " in text
    assert "rejected  " in text
    assert 'Release 2 (050002-2026): It has no "ocid"' in text
    assert PipelineItem.objects.count() == 1  # only the Find a Tender procurement


def test_command_imports_a_clean_file_and_prints_skips(collaborative, hackney):
    out = StringIO()
    call_command("import_ocds", str(FILES / "contracts_finder.json"), stdout=out)
    text = out.getvalue()
    assert "rejected 0" in text
    assert "refused" not in text
    first = PipelineItem.objects.count()
    assert first >= 1
    out = StringIO()
    call_command("import_ocds", str(FILES / "contracts_finder.json"), stdout=out)
    assert "created 0, updated 0" in out.getvalue()
    assert "Already imported." in out.getvalue()
    assert PipelineItem.objects.count() == first


def test_upload_with_a_refused_release_names_it_and_saves_nothing(
    client_for, facilitator, collaborative, db
):
    OrganisationFactory(collaborative=collaborative, name="Hackney Council", short_name="LBH")
    raw = (FILES / "mixed_with_unmappable.json").read_bytes()
    response = client_for(facilitator).post(
        reverse("procurement:pipeline_import"),
        {"file": SimpleUploadedFile("mixed.json", raw), "import": ""},
    )
    text = response.content.decode()
    assert "Nothing was imported from this file" in text
    assert "mixed.json, Release 2 (050002-2026)" in text
    assert "It has no “ocid”" in text or "It has no &quot;ocid&quot;" in text
    assert "OCDS file imported" not in text
    assert not PipelineItem.objects.exists()


def test_left_out_by_choice_an_unmappable_release_lets_the_rest_import_and_is_reported(
    collaborative, hackney, facilitator
):
    """The issue's case: "an OCDS file with an unmappable release imports the rest and reports
    that one" — once the person, shown the refused release, chooses to leave it out."""
    first = ocds_import(
        user=facilitator, collaborative=collaborative, files=files("mixed_with_unmappable.json")
    )
    assert first.refused_files
    assert not PipelineItem.objects.exists()
    report = ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=files("mixed_with_unmappable.json"),
        leave_out_refused=True,
    )
    assert report.refused_files == []
    assert report.left_out == 1
    (rejection,) = report.rejections
    assert rejection.where == "Release 2 (050002-2026)"
    assert 'no "ocid"' in rejection.reason
    assert report.created + report.updated >= 1
    assert PipelineItem.objects.count() == report.created
    assert "left out: 1" in report.summary


def test_the_page_imports_the_rest_when_refused_releases_are_left_out(
    client_for, facilitator, collaborative, db
):
    OrganisationFactory(collaborative=collaborative, name="Hackney Council", short_name="LBH")
    raw = (FILES / "mixed_with_unmappable.json").read_bytes()
    refused = client_for(facilitator).post(
        reverse("procurement:pipeline_import"),
        {"file": SimpleUploadedFile("mixed.json", raw), "import": ""},
    )
    assert "Leave out any refused releases and import the others" in refused.content.decode()
    assert not PipelineItem.objects.exists()
    response = client_for(facilitator).post(
        reverse("procurement:pipeline_import"),
        {
            "file": SimpleUploadedFile("mixed.json", raw),
            "leave_out_refused": "on",
            "import": "",
        },
    )
    text = response.content.decode()
    assert "Nothing was imported" not in text
    assert "These releases were left out, as you chose" in text
    assert "mixed.json, Release 2 (050002-2026)" in text
    assert PipelineItem.objects.exists()


def test_the_command_leaves_out_refused_releases_when_asked(collaborative, hackney, elft):
    out = StringIO()
    call_command(
        "import_ocds",
        str(FILES / "mixed_with_unmappable.json"),
        "--leave-out-refused",
        stdout=out,
    )
    text = out.getvalue()
    assert 'Release 2 (050002-2026): It has no "ocid"' in text
    assert "left out: 1" in text
    assert PipelineItem.objects.exists()


def test_with_leave_out_a_file_refused_whole_is_printed_as_rejected_not_left_out(
    collaborative, hackney, elft, tmp_path
):
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{not json")
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported from .*broken.json"):
        call_command(
            "import_ocds",
            str(broken),
            str(FILES / "mixed_with_unmappable.json"),
            "--leave-out-refused",
            stdout=out,
        )
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("rejected ") and "broken.json: The whole file" in line for line in lines
    )
    assert any(line.startswith("left out ") and "Release 2 (050002-2026)" in line for line in lines)
    assert not any(line.startswith("left out ") and "broken.json" in line for line in lines)
