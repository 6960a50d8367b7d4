"""Writes the malformed-file corpus in this folder (run it again to regenerate the files).

The files name the test framework in tests/metrics/conftest.py: anchors Alpha and Beta, metrics
APP-STARTS (a count) and LOC-SPEND (a ratio), the open period 2025-26-Q1 and the closed one
2024-25-Q4. README.md says what each file is and what the importer must answer.
"""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADER = "organisation,metric,period,value,numerator,denominator,evidence_note"
GOOD = [
    "Alpha,APP-STARTS,2025-26-Q1,12,,,Start records",
    "Alpha,LOC-SPEND,2025-26-Q1,,300,1000,Finance extract",
]


def text(name, lines, *, encoding="utf-8", bom=False):
    data = ("\n".join(lines) + "\n").encode(encoding)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def main():
    text("wrong_extension.txt", [HEADER, *GOOD])
    text("csv_saved_as.xlsx", [HEADER, *GOOD])
    (HERE / "empty.csv").write_bytes(b"")
    text("header_only.csv", [HEADER])
    text("utf8_bom.csv", [HEADER, *GOOD], bom=True)
    text(
        "semicolon_delimited.csv", [HEADER.replace(",", ";"), *[g.replace(",", ";") for g in GOOD]]
    )
    text(
        "formula_injection.csv",
        [
            HEADER,
            "Alpha,APP-STARTS,2025-26-Q1,=2+5,,,Start records",
            'Alpha,LOC-SPEND,2025-26-Q1,,300,1000,"=HYPERLINK(""http://example.com"",""x"")"',
            "Beta,APP-STARTS,2025-26-Q1,4,,,@SUM(A1:A2)",
        ],
    )
    text("text_in_numeric_column.csv", [HEADER, "Alpha,APP-STARTS,2025-26-Q1,twelve,,,Records"])
    text(
        "huge_numbers.csv",
        [
            HEADER,
            "Alpha,APP-STARTS,2025-26-Q1,99999999999999999999,,,Records",
            "Beta,APP-STARTS,2025-26-Q1,1E+300,,,Records",
        ],
    )
    text(
        "negative_values.csv",
        [
            HEADER,
            "Alpha,APP-STARTS,2025-26-Q1,-3,,,Records",
            "Beta,LOC-SPEND,2025-26-Q1,,-5,100,Finance extract",
        ],
    )
    text(
        "unknown_codes.csv",
        [
            HEADER,
            "Gamma Council,APP-STARTS,2025-26-Q1,4,,,Records",
            "Alpha,NOT-A-METRIC,2025-26-Q1,4,,,Records",
            "Alpha,APP-STARTS,2031-32-Q1,4,,,Records",
            "Alpha,APP-STARTS,last quarter,4,,,Records",
        ],
    )
    text("duplicate_rows.csv", [HEADER, GOOD[0], GOOD[1], GOOD[0].replace(",12,", ",13,")])
    text("numerator_over_denominator.csv", [HEADER, "Alpha,LOC-SPEND,2025-26-Q1,,1200,1000,x"])
    text("closed_period.csv", [HEADER, "Alpha,APP-STARTS,2024-25-Q4,4,,,Records"])
    text("missing_columns.csv", ["organisation,metric,value", "Alpha,APP-STARTS,4"])
    text("ragged_row.csv", [HEADER, GOOD[0], "Alpha,LOC-SPEND,2025-26-Q1,,300,1,000,x"])
    text(
        "windows_1252.csv",
        [HEADER, "Alpha,APP-STARTS,2025-26-Q1,12,,,Cost £40k"],
        encoding="cp1252",
    )
    (HERE / "old_excel.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)

    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    sheet.append(HEADER.split(","))
    sheet.append(["Alpha", "APP-STARTS", "2025-26-Q1", "=SUM(10,2)", None, None, "Records"])
    sheet.append(["Alpha", "LOC-SPEND", "2025-26-Q1", None, 300, "=B9*2", "Finance extract"])
    sheet.append(["Beta", "APP-STARTS", "2025-26-Q1", 7, None, None, "Records"])
    book.save(HERE / "formula_cells.xlsx")

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["Alpha", "APP-STARTS", "2025-26-Q1", 12, None, None, "Start records"])
    sheet.append(["Alpha", "LOC-SPEND", "2025-26-Q1", None, 300.0, 1000, "Finance extract"])
    book.save(HERE / "good.xlsx")


if __name__ == "__main__":
    main()
