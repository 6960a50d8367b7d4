"""Hostile and malformed import files (issue 8): refused cheaply, before or while they are read,
and every file in the corpus answers a page with a message through /metrics/import/ — never a
server error, never a write."""

import html
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anchors.models import Role
from metrics.imports import FileRejected, read_upload
from metrics.models import ImportBatch, MetricValue
from tests.anchors.factories import CollaborativeFactory, OrganisationFactory, login_for
from tests.metrics.files.make_corpus import (
    billion_laughs_xlsx,
    excel_style_parts,
    five_million_lines_csv,
    good_workbook,
    many_blank_rows_xlsx,
    sheet_xml,
    too_many_rows_csv,
    too_many_rows_xlsx,
    with_sheet,
    xfd_and_last_row_xlsx,
    zip_bomb_xlsx,
    zip_parts,
)
from tests.metrics.test_imports import ACCEPTED, FILES, HEADER, REJECTED, ROW_ERRORS

pytestmark = pytest.mark.django_db
SECONDS, MEGABYTES = 2, 200  # what refusing each of the attack's files may cost, at most


def _refused(name, data) -> tuple[str, float, float]:
    """The refusal's message, the seconds it took, and the most memory it held (MB)."""
    started = time.perf_counter()
    with pytest.raises(FileRejected) as caught:
        read_upload(name=name, data=data)
    seconds = time.perf_counter() - started
    # Measured on a second run: tracing every allocation would slow the timed one.
    tracemalloc.start()
    try:
        with pytest.raises(FileRejected):
            read_upload(name=name, data=data)
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    return caught.value.message, seconds, peak


@pytest.fixture(scope="module")
def zip_bomb():
    return zip_bomb_xlsx()


# --- refused cheaply ---------------------------------------------------------------------------


def test_a_small_xlsx_claiming_the_whole_sheet_is_refused_before_any_row(tmp_path):
    """The attack's 4.7 KB workbook (a heading in XFD1, a cell on row 1,048,576) ran for over
    300 s and past 3 GB: now its declared extent refuses it, naming the file and the limit."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(xfd_and_last_row_xlsx())
    assert path.stat().st_size < 10 * 1024
    message, seconds, peak = _refused(path.name, path.read_bytes())
    assert "“hostile.xlsx” has 16,384 columns" in message
    assert "the most accepted is 50" in message
    assert seconds < SECONDS
    assert peak < MEGABYTES


def test_five_million_lines_are_refused_by_their_count_unparsed(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_bytes(five_million_lines_csv())
    message, seconds, peak = _refused(path.name, path.read_bytes())
    assert "“lines.csv” has 5,000,001 lines; the most accepted in one file is 200,000" in message
    assert seconds < SECONDS
    assert peak < MEGABYTES


def test_a_zip_bomb_is_refused_from_its_listing_unpacked(tmp_path, zip_bomb):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb)
    assert path.stat().st_size < 1024 * 1024
    message, seconds, peak = _refused(path.name, path.read_bytes())
    assert "would unpack to more than 256.0 MB" in message
    assert "xl/worksheets/sheet1.xml alone to 300.0 MB" in message
    assert seconds < SECONDS
    assert peak < MEGABYTES


def test_billion_laughs_are_refused_before_any_entity_is_declared():
    message, seconds, peak = _refused("laughs.xlsx", billion_laughs_xlsx())
    assert "declares a document type (DTD)" in message
    assert seconds < SECONDS
    assert peak < MEGABYTES


@pytest.mark.parametrize(
    "part",
    [
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    ],
)
@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',  # an external entity
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">',  # an external DTD
        "<!DOCTYPE x>",  # even an empty one: spreadsheets never write it
    ],
)
def test_a_document_type_in_any_part_read_is_refused_with_a_plain_message(part, doctype):
    parts = excel_style_parts()
    declaration, _, rest = parts[part].partition("?>")
    parts[part] = f"{declaration}?>{doctype}{rest}"
    with pytest.raises(FileRejected) as caught:
        read_upload(name="typed.xlsx", data=zip_parts(parts))
    assert f"its part {part} declares a document type (DTD)" in caught.value.message


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/styles.xml"])
def test_elements_nested_past_any_spreadsheet_are_refused_before_expat_holds_them(part):
    """Five million nested elements (15 MB unpacked, a few KB packed) held 635 MB in expat."""
    parts = excel_style_parts()
    parts[part] = parts[part].replace("</", "<x>" * 5_000_000 + "</", 1)
    message, seconds, peak = _refused("deep.xlsx", zip_parts(parts))
    assert f"its part {part} nests elements more than 64 deep" in message
    assert seconds < SECONDS
    assert peak < MEGABYTES


@pytest.mark.parametrize(
    "token",
    [
        '<c r="D2"><v>' + "1" * 600_000 + "</v></c>",  # a text
        '<c r="D2" t="' + "n" * 600_000 + '"/>',  # an attribute
        "<!--" + "x" * 600_000 + "-->",  # a comment
    ],
)
def test_a_tag_or_text_longer_than_any_spreadsheet_writes_is_refused(token):
    sheet = sheet_xml(f'<row r="2">{token}</row>')
    with pytest.raises(FileRejected, match="has a tag or a text longer than any spreadsheet"):
        read_upload(name="long.xlsx", data=with_sheet(sheet))


def test_blank_rows_stream_by_without_building_a_frame():
    """Present but empty rows, as LibreOffice writes formatted ones (benchmarks/hostile_files.py
    reads all 1,048,575): no row of values, so the file has headings and nothing under them."""
    message, _, peak = _refused("blank.xlsx", many_blank_rows_xlsx(200_000))
    assert "has headings but no rows of values" in message
    assert peak < 20  # MB: nothing is kept of a blank row


@pytest.mark.parametrize(
    ("name", "build"), [("rows.csv", too_many_rows_csv), ("rows.xlsx", too_many_rows_xlsx)]
)
def test_a_file_over_the_row_limit_is_refused(name, build):
    with pytest.raises(FileRejected) as caught:
        read_upload(name=name, data=build())
    assert caught.value.message.startswith(
        f"“{name}” has more than 200,000 rows of values; the most accepted in one file is 200,000"
    )


def test_reading_stops_at_the_row_past_the_limit():
    """What comes after the row past the limit is never read: damage further on goes unseen."""
    body = "".join(f'<row r="{n}"><c r="D{n}"><v>1</v></c></row>' for n in range(2, 200_003))
    sheet = sheet_xml(body + '<row r="200003"><c r="D200003"><v>1</v></row>')  # unclosed <c>
    with pytest.raises(FileRejected, match="more than 200,000 rows"):
        read_upload(name="rows.xlsx", data=with_sheet(sheet))
    lines = too_many_rows_csv(259_000) + b"Alpha,APP-STARTS,2025-26-Q1,1,,,x,a stray cell\n"
    with pytest.raises(FileRejected, match="more than 200,000 rows"):
        read_upload(name="rows.csv", data=lines)


@pytest.mark.parametrize("name", ["v.csv", "v.xlsx"])
def test_reading_past_the_time_limit_is_stopped_with_a_message(monkeypatch, name):
    monkeypatch.setattr("metrics.imports.files.MAX_SECONDS", 0)
    data = (FILES / "good.csv").read_bytes() if name.endswith(".csv") else good_workbook()
    with pytest.raises(FileRejected) as caught:
        read_upload(name=name, data=data)
    assert f"“{name}” took more than 0 seconds to read, so reading it was stopped" in (
        caught.value.message
    )


def test_rows_of_values_keep_their_spreadsheet_numbers_across_blank_rows():
    body = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Nowhere</t></is></c></row>'
        '<row r="700000"><c r="A700000" t="inlineStr"><is><t>Elsewhere</t></is></c></row>'
    )
    table = read_upload(name="gaps.xlsx", data=with_sheet(sheet_xml(body)))
    assert table.frame["_row"].tolist() == [2, 700_000]
    assert table.frame["organisation"].tolist() == ["Nowhere", "Elsewhere"]


@pytest.mark.parametrize(
    ("row", "refusal"),
    [
        ('<row r="2"><c r="A2"><v>1</v></c><c r="BA2"><v>1</v></c></row>', "BA2 has a value"),
        ('<row r="2"><c r="XFD2"><f>1+1</f></c></row>', "XFD2 has a formula"),
    ],
)
def test_a_cell_beyond_the_last_accepted_column_is_refused_naming_it(row, refusal):
    with pytest.raises(FileRejected, match=refusal):
        read_upload(name="wide.xlsx", data=with_sheet(sheet_xml(row)))


def test_a_heading_formula_beyond_the_last_accepted_column_is_refused():
    sheet = sheet_xml("").replace("</row>", '<c r="XFD1"><f>"x"</f></c></row>', 1)
    with pytest.raises(FileRejected, match="has 16,384 columns"):
        read_upload(name="wide.xlsx", data=with_sheet(sheet))


# --- every file answers a page, never a 500 ---------------------------------------------------


def _upload(client, name, data):
    response = client.post(reverse("metrics:import"), {"file": SimpleUploadedFile(name, data)})
    if response.status_code == 302:  # accepted for its preview, which lists any row errors
        assert response["Location"].startswith("/metrics/import/"), response["Location"]
        response = client.get(response["Location"])
    return response


def _nothing_written():
    return MetricValue.objects.count() == 0 and MetricValue.history.count() == 0


CORPUS = sorted([*REJECTED, *ROW_ERRORS, *ACCEPTED])


@pytest.mark.parametrize("role", ["facilitator", "lead_a"])
@pytest.mark.parametrize("name", CORPUS)
def test_every_corpus_file_answers_a_page_with_a_message(
    name, role, client_for, framework, request
):
    client = client_for(request.getfixturevalue(role))
    client.raise_request_exception = False  # a server error must show as one, not as a raise
    response = _upload(client, name, (FILES / name).read_bytes())
    assert response.status_code == 200, (name, role, response.status_code)
    page = html.unescape(response.content.decode())
    if name in REJECTED:
        assert REJECTED[name] in page
        assert ImportBatch.objects.count() == 0
    elif name in ROW_ERRORS:
        assert "in the file: nothing can be imported" in page
        if role == "facilitator":
            for _, _, reason in ROW_ERRORS[name]:
                assert reason in page, (name, reason)
        batch = ImportBatch.objects.get()
        confirmed = client.post(
            reverse("metrics:import_confirm", args=[batch.pk]), {"digest": batch.plan_digest}
        )
        assert confirmed.status_code == 302
        page = html.unescape(client.get(confirmed["Location"]).content.decode())
        assert "so nothing was imported" in page
    else:
        assert "What will be saved" in page
        assert "nothing can be imported" not in page
    assert _nothing_written()


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("hostile.xlsx", xfd_and_last_row_xlsx, "has 16,384 columns"),
        ("lines.csv", five_million_lines_csv, "has 5,000,001 lines"),
        ("laughs.xlsx", billion_laughs_xlsx, "declares a document type (DTD)"),
        ("rows.csv", too_many_rows_csv, "has more than 200,000 rows of values"),
    ],
)
def test_the_attacks_files_answer_the_form_with_a_message(
    name, build, message, client_for, framework, lead_a
):
    client = client_for(lead_a)
    client.raise_request_exception = False
    response = _upload(client, name, build())
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert _nothing_written()


def test_the_zip_bomb_answers_the_form_with_a_message(client_for, framework, lead_a, zip_bomb):
    client = client_for(lead_a)
    client.raise_request_exception = False
    response = _upload(client, "bomb.xlsx", zip_bomb)
    assert response.status_code == 200
    assert "would unpack to more than 256.0 MB" in html.unescape(response.content.decode())
    assert _nothing_written()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PROCUREMENT_LEAD])
def test_another_collaboratives_people_see_each_of_this_ones_rows_named(
    role, client_for, framework
):
    """Their organisations, metrics and periods are not this collaborative's: each row is named,
    nothing is written, and nothing of this collaborative is shown."""
    elsewhere = CollaborativeFactory(name="Elsewhere Anchor Collaborative")
    gamma = OrganisationFactory(collaborative=elsewhere, name="Gamma Council", short_name="Gamma")
    client = client_for(login_for(organisation=gamma, role=role, email="gamma@example.org"))
    client.raise_request_exception = False
    data = (HEADER + "\n" + "\n".join(["Alpha,APP-STARTS,2025-26-Q1,12,,,x"] * 2) + "\n").encode()
    response = _upload(client, "theirs.csv", data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "nothing can be imported" in page
    assert "No organisation called “Alpha” in this collaborative" in page
    assert "No metric with the code “APP-STARTS” in the framework" in page
    assert "2025-26-Q1 is not a reporting period" in page
    assert "Alpha Council" not in page
    assert _nothing_written()
