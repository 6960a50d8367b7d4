"""Reading published spend files as they come: headings below a title, their own column names,
encodings, amounts, dates, codes, company numbers, withheld names and malformed rows."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from metrics.imports.files import FileRejected
from procurement.spend import columns as c
from procurement.spend.plan import plan_spend
from procurement.spend.reading import read_spend
from procurement.spend.values import (
    DAY_FIRST,
    MONTH_FIRST,
    ValueProblem,
    is_redacted,
    parse_amount,
    parse_date,
    split_code,
    split_company_number,
)

FILES = Path(__file__).parent / "files" / "spend"


def read(name):
    return read_spend(name=name, data=(FILES / name).read_bytes())


def planned(name, **options):
    sheet = read(name)
    return sheet, plan_spend(sheet=sheet, mapping=c.recognise(sheet.headings), **options)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1250", "1250.00"),
        ("£1,250.00", "1250.00"),
        ('"£12,480.50"', "12480.50"),
        ("-£480.50", "-480.50"),
        ("£-480.50", "-480.50"),
        ("(480.50)", "-480.50"),
        ("£(1,480.50)", "-1480.50"),
        ("480.50CR", "-480.50"),
        ("480.50-", "-480.50"),
        ("GBP 75", "75.00"),
        ("1,234,567.8", "1234567.80"),
        (" £ 99.99 ", "99.99"),
    ],
)
def test_amounts_as_published(cell, value):
    assert parse_amount(cell) == Decimal(value)


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("", "blank"),
        ("twelve pounds", "not an amount"),
        ("15/07/20251200.00", "run together"),
        ("1.234", "two decimal places"),
        ("--5", "more than one minus"),
        ("5.00.00", "not an amount"),
        ("-(5)", "more than one minus"),
        ("(5", "not closed"),
        ("12,34", "not an amount"),
    ],
)
def test_amounts_refused_with_the_reason(cell, words):
    with pytest.raises(ValueProblem, match=words):
        parse_amount(cell)


@pytest.mark.parametrize(
    ("cell", "order", "date"),
    [
        ("03/04/2025", DAY_FIRST, (2025, 4, 3)),
        ("03/04/2025", MONTH_FIRST, (2025, 3, 4)),
        ("03-Apr-25", DAY_FIRST, (2025, 4, 3)),
        ("3 April 2025", DAY_FIRST, (2025, 4, 3)),
        ("03-APR-2025", MONTH_FIRST, (2025, 4, 3)),
        ("2025-04-03", DAY_FIRST, (2025, 4, 3)),
        ("2025-04-03 00:00:00", MONTH_FIRST, (2025, 4, 3)),
        ("03/04/2025 14:30", DAY_FIRST, (2025, 4, 3)),
        ("3.4.25", DAY_FIRST, (2025, 4, 3)),
    ],
)
def test_dates_as_published(cell, order, date):
    assert parse_date(cell, order) == datetime.date(*date)


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("31/02/2025", "not a real date"),
        ("15/07/20251200.00", "run together"),
        ("03-Foo-25", "not a month"),
        ("yesterday", "not a date"),
        ("", "blank"),
    ],
)
def test_dates_refused_with_the_reason(cell, words):
    with pytest.raises(ValueProblem, match=words):
        parse_date(cell, DAY_FIRST)


@pytest.mark.parametrize(
    ("cell", "code", "label"),
    [
        ("(55040) Admin & Clerical", "55040", "Admin & Clerical"),
        ("55040 - Admin & Clerical", "55040", "Admin & Clerical"),
        ("Admin & Clerical (55040)", "55040", "Admin & Clerical"),
        ("(E1234) Agency Staff", "E1234", "Agency Staff"),
        ("Admin & Clerical", "", "Admin & Clerical"),
        ("2 Way Radios", "", "2 Way Radios"),
        ("55040 Admin & Clerical", "55040", "Admin & Clerical"),
    ],
)
def test_codes_embedded_in_text(cell, code, label):
    assert split_code(cell) == (code, label)


@pytest.mark.parametrize(
    ("cell", "name", "number"),
    [
        ("CLEAN STREETS LTD:03529700", "CLEAN STREETS LTD", "03529700"),
        ("CLEAN STREETS LTD : 3529700", "CLEAN STREETS LTD", "03529700"),
        ("CAFÉ MÉDICAL SUPPLIES LTD:SC123456", "CAFÉ MÉDICAL SUPPLIES LTD", "SC123456"),
        ("PHARMA NATIONAL PLC (01234567)", "PHARMA NATIONAL PLC", "01234567"),
        ("PHARMA NATIONAL PLC - 01234567", "PHARMA NATIONAL PLC", "01234567"),
        ("ROUTE-01234567", "ROUTE-01234567", ""),
        ("3M UNITED KINGDOM PLC", "3M UNITED KINGDOM PLC", ""),
        ("Flat 12: Repairs", "Flat 12: Repairs", ""),
    ],
)
def test_company_numbers_appended_to_names(cell, name, number):
    assert split_company_number(cell) == (name, number)


@pytest.mark.parametrize(
    ("name", "withheld"),
    [
        ("REDACTED PERSONAL DATA", True),
        ("Private individual", True),
        ("Redacted", True),
        ("Personal Data", True),
        ("Personal Information", True),
        ("Name withheld", True),
        ("Individual", True),
        ("Confidential", True),
        ("CONFIDENTIAL SHREDDING LTD", False),
        ("Personal Care Services Ltd", False),
        ("Hackney Wick Youth Club", False),
    ],
)
def test_withheld_supplier_names(name, withheld):
    assert is_redacted(name) is withheld


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (
            ["Supplier Name", "Invoice Nett Amount", "Invoice Creation Date", "Expense Type"],
            {c.SUPPLIER: 0, c.AMOUNT: 1, c.DATE: 2, c.CATEGORY: 3},
        ),
        (
            ["Supplier", "Amount in Sterling £", "Paid Date", "Expenditure Category"],
            {c.SUPPLIER: 0, c.AMOUNT: 1, c.DATE: 2, c.CATEGORY: 3},
        ),
        (
            ["Date", "NetAmount", "Supplier", "VAT", "Gross Amount"],
            {c.DATE: 0, c.AMOUNT: 1, c.SUPPLIER: 2},
        ),
        (
            ["Vendor (payee)", "Gross Amount", "Net Amount", "Payment date"],
            {c.SUPPLIER: 0, c.AMOUNT: 2, c.DATE: 3},
        ),
    ],
)
def test_column_names_that_change_month_to_month(headings, expected):
    found = c.recognise(headings)
    assert {k: v for k, v in found.items() if k in expected} == expected


def test_a_remembered_mapping_is_found_again_by_its_headings():
    april = ["Supplier Name", "Amount", "Date"]
    assert c.signature(april) == c.signature(["supplier name ", "AMOUNT", "date", ""])
    assert c.signature(april) != c.signature(["Supplier", "Amount", "Date"])


def test_title_and_parameter_lines_above_the_headings():
    sheet, plan = planned("hackney_preamble.csv", start=datetime.date(2025, 4, 1))
    assert sheet.header_row == 6
    assert sheet.preamble == [
        "London Borough of Hackney",
        "Payments to suppliers over £500",
        "Period:,01/04/2025 to 30/06/2025",
        "Published:,15/07/2025",
    ]
    assert [line.row for line in plan.lines] == [7, 8, 9, 10]
    first = plan.lines[0]
    assert (first.supplier, first.company_number) == ("CLEAN STREETS LTD", "03529700")
    assert (first.category_code, first.category) == ("55040", "Admin & Clerical")
    assert plan.lines[2].amount == Decimal("-480.50")  # a credit note
    assert plan.total == Decimal("15250.00")
    assert plan.ok


def test_windows_1252_with_pound_signs_and_dd_mon_yy():
    sheet, plan = planned("nhs_windows1252.csv")
    assert sheet.encoding == "Windows-1252"
    assert sheet.preamble[0] == "Barts Health NHS Trust - Expenditure over £25,000"
    assert sheet.headings[7] == "Amount in Sterling £"
    names = [line.supplier for line in plan.lines]
    assert names == ["CAFÉ MÉDICAL SUPPLIES LTD", "O’BRIEN FACILITIES LTD", "PHARMA NATIONAL PLC"]
    assert [line.date for line in plan.lines] == [
        datetime.date(2025, 4, 3),
        datetime.date(2025, 4, 17),
        datetime.date(2025, 4, 28),
    ]
    assert plan.lines[0].postcode == "E8 1DY"
    assert plan.total == Decimal("178620.00")
    assert plan.ok


def test_utf8_with_a_byte_order_mark():
    assert (FILES / "utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    sheet, plan = planned("utf8_bom.csv")
    assert sheet.headings[0] == "Supplier Name"  # no mark left on the first heading
    assert plan.total == Decimal("1750.00")
    assert plan.credit_count == 1


def test_malformed_rows_are_named_by_row_number():
    sheet, plan = planned("run_together.csv")
    assert sheet.header_row == 2
    assert plan.error_rows == [4, 6, 7, 8]
    by_row = {e.row: e for e in plan.errors}
    assert "run together" in by_row[4].message
    assert by_row[4].value == "15/07/20251200.00"
    assert "total line" in by_row[6].message
    assert "not a date" in by_row[7].message
    assert by_row[7].column == "Paid Date (column C)"
    assert "5 cells but there are 4 headings" in by_row[8].message
    assert not plan.ok
    assert [line.row for line in plan.lines] == [3, 5]


def test_the_lead_can_leave_the_listed_rows_out():
    sheet = read("run_together.csv")
    first = plan_spend(sheet=sheet, mapping=c.recognise(sheet.headings))
    plan = plan_spend(sheet=sheet, mapping=c.recognise(sheet.headings), excluded=first.error_rows)
    assert plan.errors == []
    assert plan.excluded == [4, 6, 7, 8]
    assert plan.ok
    assert plan.total == Decimal("1650.00")


def test_month_first_dates_are_recognised_from_a_day_over_12():
    _, plan = planned("month_first.csv")
    assert plan.date_order == MONTH_FIRST
    assert not plan.date_order_needed
    assert [line.date for line in plan.lines] == [
        datetime.date(2025, 4, 15),
        datetime.date(2025, 5, 2),
        datetime.date(2025, 6, 30),
    ]


def test_ambiguous_dates_wait_for_the_lead_to_confirm_the_order():
    _, plan = planned("ambiguous_dates.csv")
    assert plan.date_order_needed
    assert not plan.ok
    _, plan = planned("ambiguous_dates.csv", date_order=MONTH_FIRST)
    assert plan.ok
    assert plan.lines[0].date == datetime.date(2025, 4, 5)
    _, plan = planned("ambiguous_dates.csv", date_order=DAY_FIRST)
    assert plan.lines[0].date == datetime.date(2025, 5, 4)


def test_dates_outside_the_period_are_errors():
    _, plan = planned(
        "utf8_bom.csv", start=datetime.date(2025, 7, 1), end=datetime.date(2025, 7, 31)
    )
    assert plan.error_rows == [3, 4]
    assert "outside the period" in plan.errors[0].message


def test_withheld_suppliers_are_counted_but_not_named():
    _, plan = planned("redacted.csv", date_order=DAY_FIRST)
    assert plan.redacted_count == 4
    assert plan.redacted_total == Decimal("3070.00")
    assert plan.total == Decimal("6000.00")
    assert all(line.supplier == "" for line in plan.lines if line.redacted)
    assert {line.supplier for line in plan.lines if not line.redacted} == {
        "CONFIDENTIAL SHREDDING LTD",
        "Hackney Wick Youth Club",
    }


def test_a_workbook_with_a_title_row(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["City of London Corporation: payments over £500"])
    sheet.append([])
    sheet.append(["Supplier Name", "Amount", "Payment Date", "Expense Type"])
    sheet.append(["Smithfield Traders Ltd", 1250.5, datetime.datetime(2025, 4, 3), "Food"])
    sheet.append(["Barbican Arts CIC", "£2,000.00", "04/04/2025", "Culture"])
    path = tmp_path / "city.xlsx"
    book.save(path)
    spend = read_spend(name="city.xlsx", data=path.read_bytes())
    assert spend.header_row == 3
    assert spend.preamble == ["City of London Corporation: payments over £500"]
    plan = plan_spend(sheet=spend, mapping=c.recognise(spend.headings))
    assert [(line.row, line.amount) for line in plan.lines] == [
        (4, Decimal("1250.50")),
        (5, Decimal("2000.00")),
    ]
    assert plan.lines[0].date == datetime.date(2025, 4, 3)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("spend.csv", b"", "empty"),
        ("spend.pdf", b"%PDF-1.4", "not a CSV or Excel"),
        ("spend.csv", b"Title\nNothing,here\n1,2\n", "looks like the headings"),
        ("spend.xlsx", b"Supplier,Amount,Date\n", "not a valid Excel workbook"),
        ("spend.csv", b"Supplier,Amount,Date\n", "no rows of spend"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_the_reason(name, data, words):
    with pytest.raises(FileRejected, match=words):
        read_spend(name=name, data=data)


def test_a_file_of_millions_of_lines_is_refused_before_it_is_read():
    data = b"Supplier,Amount,Date\n" + b"\n" * 500_000
    with pytest.raises(FileRejected, match="lines"):
        read_spend(name="huge.csv", data=data)
