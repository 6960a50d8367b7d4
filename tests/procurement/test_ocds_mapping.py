"""OCDS releases → pipeline fields (procurement.ocds): pure, no database."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from procurement import cpv, ocds

FILES = Path(__file__).parent / "files" / "ocds"
D = datetime.date


def mapped(name):
    return ocds.map_document(ocds.load_json((FILES / name).read_bytes()))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("85000000-9", "85000000"),
        ("45233130.0", "45233130"),
        (45233130, "45233130"),
        (45233130.0, "45233130"),
        (Decimal("45233130.0"), "45233130"),
        ("3000000", "03000000"),
        (" 85312000 ", "85312000"),
        ("8531", None),
        ("not a code", None),
        (None, None),
        (True, None),
    ],
)
def test_cpv_codes_as_notices_write_them(raw, code):
    assert cpv.normalise_code(raw) == code


def test_cpv_list_is_shipped_with_the_project():
    assert len(cpv.vocabulary()) == 9455
    assert cpv.label("85000000") == "Health and social work services"
    assert cpv.prefix_label("853") == cpv.label("85300000")
    assert str(cpv.DATA_FILE).startswith(str(Path(cpv.__file__).parent))


def test_fictional_planning_release():
    result = mapped("fictional_planning.json")
    assert result.rejections == []
    (notice,) = result.notices
    assert notice.ocid == "ocds-213czf-000-00001"
    assert notice.title == "Planned cycle lane improvements"
    assert notice.description.startswith("The authority plans to tender")
    assert notice.cpv_code == "45233130"  # written "45233130.0"
    assert notice.other_cpv_codes == ["45233162"]  # written "45233162-2"
    assert notice.estimated_value == Decimal("1000000.00")
    assert notice.estimated_value_gross is None
    assert notice.planned_publication_date == D(2010, 2, 1)
    assert (notice.contract_start, notice.contract_end) == (D(2010, 6, 1), D(2011, 5, 31))
    assert notice.procurement_route == "open"
    assert notice.stage == ocds.PLANNED_PROCUREMENT
    assert notice.buyers[0].name == "London Borough of Barnet"
    assert "GB-LAC-E09000003" in notice.buyers[0].identifiers
    assert notice.contact == "Procurement Team, procurement-team@example.com"


def test_fictional_tender_release():
    (notice,) = mapped("fictional_tender.json").notices
    assert notice.stage == ocds.TENDER
    assert notice.estimated_value == Decimal("1100000.00")
    assert notice.planned_publication_date == D(2010, 3, 1)
    assert (notice.contract_start, notice.contract_end) == (D(2010, 7, 1), D(2011, 6, 30))
    assert notice.url == "http://example.com/tender-notices/ocds-213czf-000-00001-01.html"


def test_contracts_finder_release_with_check_digit_and_suitability():
    first, older = mapped("contracts_finder.json").notices
    assert first.cpv_code == "85000000"
    assert first.estimated_value == Decimal("750000.00")
    assert (first.suitable_sme, first.suitable_vcse) == (True, True)
    assert first.contract_start == D(2027, 4, 1)
    assert first.contract_end == D(2030, 3, 31)
    assert first.buyers[0].normalised_name == "hackney"
    # The older Contracts Finder flags.
    assert (older.suitable_sme, older.suitable_vcse) == (True, False)
    assert older.cpv_code == "77314000"


def test_find_a_tender_pipeline_notice():
    (notice,) = mapped("fts_uk1.json").notices
    assert notice.notice_type == "UK1"
    assert notice.stage == ocds.PIPELINE
    assert notice.description == ""  # null
    assert notice.cpv_code == "85312000"  # from items[].additionalClassifications
    assert notice.other_cpv_codes == ["85140000"]
    assert notice.estimated_value is None
    assert notice.estimated_value_gross == Decimal("1440000.00")  # gross alone
    assert notice.planned_publication_date == D(2027, 1, 15)  # communication.futureNoticeDate
    assert set(notice.buyers[0].identifiers) == {"GB-PPON-PQRS-1234-ABCD", "GB-NHS-RWK"}
    assert notice.url == "https://www.find-tender.service.gov.uk/Notice/031001-2026"


def test_find_a_tender_market_engagement_notice_with_empty_buyer_id():
    (notice,) = mapped("fts_uk2.json").notices
    assert notice.notice_type == "UK2"  # the latest notice listed, its own id
    assert notice.stage == ocds.MARKET_ENGAGEMENT
    assert notice.buyers[0].name == "East London NHS Foundation Trust"  # from parties
    assert notice.estimated_value == Decimal("1200000.00")


def test_find_a_tender_tender_notice_with_lots():
    (notice,) = mapped("fts_uk4.json").notices
    assert notice.notice_type == "UK4"
    assert notice.stage == ocds.TENDER
    assert notice.estimated_value == Decimal("1250000.00")
    assert notice.estimated_value_gross == Decimal("1500000.00")
    # The lots' contract periods: the earliest start, the latest end and extension.
    assert notice.contract_start == D(2027, 7, 1)
    assert notice.contract_end == D(2030, 7, 31)
    assert notice.latest_extension_date == D(2032, 6, 30)
    assert notice.suitable_sme is True  # one lot says so
    assert notice.suitable_vcse is None  # no lot says anything
    assert notice.procurement_route == "competitive_flexible"


def test_lot_value_in_another_currency_is_not_recorded_and_says_so():
    notices = {n.release_id: n for n in mapped("mixed_with_unmappable.json").notices}
    interpreting = notices["050004-2026"]
    assert interpreting.estimated_value is None
    assert interpreting.warnings == [
        "The net value is given in EUR, not pounds, so it is not recorded (90,000.00 EUR)."
    ]
    assert interpreting.cpv_code == "79540000"


def test_unmappable_release_is_rejected_with_its_reason_and_the_rest_map():
    result = mapped("mixed_with_unmappable.json")
    assert [n.release_id for n in result.notices] == ["050001-2026", "050003-2026", "050004-2026"]
    (rejection,) = result.rejections
    assert rejection.where == "Release 2 (050002-2026)"
    assert "ocid" in rejection.reason


def test_single_release_not_in_a_package():
    (notice,) = mapped("single_release.json").notices
    assert notice.cpv_code == "60130000"
    assert notice.buyers[0].identifiers == ("GB-NHS-RQX",)


@pytest.mark.parametrize(
    ("release", "reason"),
    [
        ("a string", "not a JSON object"),
        ({"ocid": "x", "buyer": {"name": "A"}}, "neither a tender nor a planning"),
        ({"ocid": "x", "buyer": {"name": "A"}, "tender": {"status": "active"}}, "no tender title"),
        ({"ocid": "x", "tender": {"title": "T"}}, "names no buyer"),
        ({"ocid": "x", "buyerID": [], "tender": {"title": "T"}}, "names no buyer"),
    ],
)
def test_reasons_for_rejecting_a_release(release, reason):
    with pytest.raises(ocds.MappingError, match=reason):
        ocds.map_release(release)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe{", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[" * 100000 + b"]" * 100000, "nests too deeply|not valid JSON"),
        (b'{"publisher": {}}', "neither an OCDS release"),
        (b"42", "neither an OCDS release"),
    ],
)
def test_files_that_are_not_ocds(raw, reason):
    with pytest.raises(ocds.MappingError, match=reason):
        ocds.map_document(ocds.load_json(raw))


def test_json_lines_one_release_a_line():
    lines = b"\n".join(
        (FILES / name).read_bytes().replace(b"\n", b" ")
        for name in ("fts_uk1.json", "fts_uk2.json")
    )
    result = ocds.map_document(ocds.load_json(lines))
    assert [n.notice_type for n in result.notices] == ["UK1", "UK2"]


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("London Borough of Hackney", "hackney"),
        ("Hackney Council", "hackney"),
        ("HACKNEY COUNCIL.", "hackney"),
        ("East London NHS Foundation Trust", "east london"),
        ("Homerton Healthcare NHS Foundation Trust", "homerton healthcare"),
        ("City of London Corporation", "london"),
        ("The Corporation of London", "london"),
        ("NHS North East London Integrated Care Board", "nhs north east london"),
        ("NHS North East London ICB (formerly City and Hackney CCG)", "nhs north east london"),
        ("Homerton Healthcare NHS Foundation Trust (Homerton Hospital)", "homerton healthcare"),
        ("City & Hackney GP Confederation Ltd", "city and hackney gp confederation"),
        ("Barnet", "barnet"),
    ],
)
def test_buyer_names_normalised(name, normalised):
    assert ocds.normalise_buyer_name(name) == normalised
