"""Tables leaving the portal (anchors.common.exports): safe in a spreadsheet, CSV or Excel."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from anchors.common.exports import safe_cell, table_response


def test_formula_text_is_neutralised_and_numbers_stay_numbers():
    assert safe_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert safe_cell("+44 20 7946 0000") == "'+44 20 7946 0000"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-5") == "-5"
    assert safe_cell(Decimal("-5.5")) == Decimal("-5.5")
    assert safe_cell(None) == ""
    assert safe_cell(True) == "Yes"


def test_csv_download_has_a_bom_and_safe_cells():
    response = table_response(filename="Local spend", columns=["a", "b"], rows=[["=1+1", 2]])
    assert response["Content-Disposition"] == 'attachment; filename="local-spend.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [["a", "b"], ["'=1+1", "2"]]


def test_excel_download_has_a_bold_heading_and_safe_cells():
    response = table_response(
        filename="Local spend", columns=["a", "b"], rows=[["=1+1", 2]], format="xlsx"
    )
    assert response["Content-Disposition"] == 'attachment; filename="local-spend.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["a", "b"]
    assert sheet["A1"].font.bold
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["B2"].value) == ("'=1+1", "s", 2)
