"""An LSOA's decile comes from the official table; later editions load from File 1 as published
and are used by new records, and a figure never mixes editions."""

import datetime
import gzip
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from anchors.common.errors import PortalError
from workforce import deprivation
from workforce.models import DeprivationEdition, LsoaDeprivation
from workforce.selectors.hiring import hiring_figures
from workforce.services.hiring import starter_record

pytestmark = pytest.mark.django_db

# Read from workforce/data/imd2019/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz (MHCLG,
# English indices of deprivation 2019, File 1), e.g. `zgrep E01001714 …csv.gz`:
#   E01001714,Hackney 002A,E09000012,Hackney,"3,216",1
#   E01001716,Hackney 007B,E09000012,Hackney,"5,179",2
#   E01001808,Hackney 001A,E09000012,Hackney,"7,625",3
OFFICIAL = [
    ("E01001714", 1, 3216),
    ("E01001716", 2, 5179),
    ("E01001808", 3, 7625),
]

HEADINGS_2025 = (
    "LSOA code (2021),LSOA name (2021),Local Authority District code (2024),"
    "Local Authority District name (2024),Index of Multiple Deprivation (IMD) Rank,"
    "Index of Multiple Deprivation (IMD) Decile"
)


def file_2025(tmp_path, rows, *, name="File_1_IoD2025.csv", title=True):
    lines = ["English Indices of Deprivation 2025: File 1,,,,,"] if title else []
    lines.append(HEADINGS_2025)
    lines += [f'{c},Hackney {c[-3:]},E09000012,Hackney,"{r:,}",{d}' for c, r, d in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_imd2019_ships_whole():
    edition = deprivation.ensure_imd2019()
    assert edition.geography == "2011"
    assert LsoaDeprivation.objects.filter(edition=edition).count() == 32_844
    assert edition.row_count == 32_844


@pytest.mark.parametrize(("lsoa", "decile", "rank"), OFFICIAL)
def test_hackney_lsoas_have_their_official_deciles(lsoa, decile, rank):
    edition = deprivation.ensure_imd2019()
    assert deprivation.decile_for(lsoa) == (edition, decile)
    fact = deprivation.lookup(lsoa.lower())
    assert fact.district_code == "E09000012"
    assert LsoaDeprivation.objects.get(edition=edition, lsoa_code=lsoa).rank == rank


def test_an_unknown_lsoa_is_refused_by_name():
    deprivation.ensure_imd2019()
    with pytest.raises(PortalError, match="E01999999 is not an LSOA of the English Indices"):
        deprivation.decile_for("E01999999")
    with pytest.raises(PortalError, match="is not an LSOA code"):
        deprivation.decile_for("Mare Street")


def test_load_imd_2025_is_used_by_new_records_and_figures_never_mix(
    tmp_path, anchors, period, wf_lead_a
):
    org_a, _ = anchors
    data = {"role_band": "1-3", "route": "direct", "start_date": datetime.date(2026, 4, 20)}
    before = starter_record(
        user=wf_lead_a, organisation=org_a, period=period, data={**data, "home_lsoa": "E01001808"}
    )
    assert (before.edition.code, before.imd_decile) == ("2019", 3)
    # The 2025 file: E01001808 is decile 1 in it (invented for the test).
    path = file_2025(tmp_path, [("E01001808", 2100, 1), ("E01001714", 9000, 3)])
    out = io.StringIO()
    call_command("load_imd", str(path), "--edition", "2025", stdout=out)
    assert "Loaded 2 LSOAs (2021 LSOAs)" in out.getvalue()
    assert deprivation.current_edition().code == "2025"
    after = starter_record(
        user=wf_lead_a, organisation=org_a, period=period, data={**data, "home_lsoa": "E01001808"}
    )
    assert (after.edition.code, after.imd_decile) == ("2025", 1)
    before.refresh_from_db()
    assert (before.edition.code, before.imd_decile) == ("2019", 3)  # records keep their edition

    figures = hiring_figures(collaborative=org_a.collaborative, periods=[period])[0]
    collective = figures.collective
    assert collective.starters == 2
    assert collective.edition.code == "2025"
    # Only the 2025 record is in the share (1 of 1), the 2019 one is reported beside it.
    assert (collective.deprived.numerator, collective.deprived.denominator) == (1, 1)
    assert [(e.code, s.numerator, s.denominator) for e, s in collective.others] == [("2019", 0, 1)]


def test_load_imd_reads_gzip_and_the_published_workbook(tmp_path):
    csv_path = file_2025(tmp_path, [("E01001808", 2100, 1)], title=False)
    gz = tmp_path / "File_1.csv.gz"
    gz.write_bytes(gzip.compress(csv_path.read_bytes()))
    call_command("load_imd", str(gz), "--edition", "2025", stdout=io.StringIO())
    assert deprivation.decile_for("E01001808", DeprivationEdition.objects.get(code="2025"))[1] == 1

    book = Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "English Indices of Deprivation 2025"
    sheet = book.create_sheet("IoD2025 IMD")
    # Columns in another order, and a score column the loader must not take for the rank.
    sheet.append(
        [
            "Index of Multiple Deprivation (IMD) Decile",
            "LSOA code (2021)",
            "Index of Multiple Deprivation (IMD) Score",
            "Index of Multiple Deprivation (IMD) Rank",
        ]
    )
    sheet.append([4, "E01001808", 31.2, 12000])
    xlsx = tmp_path / "File_1_IoD2025.xlsx"
    book.save(xlsx)
    call_command("load_imd", str(xlsx), "--edition", "2025", stdout=io.StringIO())
    row = LsoaDeprivation.objects.get(edition__code="2025", lsoa_code="E01001808")
    assert (row.decile, row.rank) == (4, 12000)
    assert LsoaDeprivation.objects.filter(edition__code="2025").count() == 1  # replaced


def test_load_imd_refuses_a_file_without_the_columns(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("code,score\nE01001808,3\n")
    with pytest.raises(CommandError, match="no heading row naming the LSOA code"):
        call_command("load_imd", str(path), "--edition", "2025")
    assert not DeprivationEdition.objects.filter(code="2025").exists()
