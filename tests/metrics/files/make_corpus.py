"""Writes the malformed-file corpus in this folder (run it again to regenerate the files).

    .venv/bin/python tests/metrics/files/make_corpus.py

The files name the test framework in tests/metrics/conftest.py: anchors Alpha and Beta, metrics
APP-STARTS (a count) and LOC-SPEND (a ratio), the open period 2025-26-Q1 and the closed one
2024-25-Q4. README.md says what each file is and what the importer must answer.

Files too big to keep in git (millions of lines, a zip bomb) are not written here: the functions
``five_million_lines_csv``, ``zip_bomb_xlsx``, ``many_blank_rows_xlsx`` and ``too_many_rows_*``
build them in memory, for tests/metrics/test_hostile_files.py and benchmarks/hostile_files.py.

Two files need tools that are not project dependencies, and are kept as they were when these are
missing: ``password_protected.xlsx`` (the msoffcrypto-tool package, Excel's own encryption) and
the LibreOffice-made ``libreoffice.xlsx`` and ``opendocument.ods`` (``soffice`` on the PATH).
"""

import datetime
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

try:  # only to write password_protected.xlsx; the tests read the file kept in git
    from msoffcrypto.format.ooxml import OOXMLFile
except ImportError:  # pragma: no cover - the committed file stays as it is
    OOXMLFile = None

HERE = Path(__file__).resolve().parent
OPENS_WITH = "anchors"  # password_protected.xlsx opens with this in Excel
COLUMNS = ["organisation", "metric", "period", "value", "numerator", "denominator", "evidence_note"]
HEADER = ",".join(COLUMNS)
GOOD = [
    "Alpha,APP-STARTS,2025-26-Q1,12,,,Start records",
    "Alpha,LOC-SPEND,2025-26-Q1,,300,1000,Finance extract",
]
GOOD_CELLS = [
    ["Alpha", "APP-STARTS", "2025-26-Q1", 12, None, None, "Start records"],
    ["Alpha", "LOC-SPEND", "2025-26-Q1", None, 300, 1000, "Finance extract"],
]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)


# --- building blocks ---------------------------------------------------------------------------


def text(name, lines, *, encoding="utf-8", bom=False, newline="\n"):
    data = (newline.join(lines) + newline).encode(encoding)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def book_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(rows, *, title="Values", setup=None) -> bytes:
    """An openpyxl workbook of these rows (the headings first), after ``setup(sheet)``."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup:
        setup(sheet)
    return book_bytes(book)


def good_workbook(**kwargs) -> bytes:
    return workbook([COLUMNS, *GOOD_CELLS], **kwargs)


def zip_parts(parts: dict, *, method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for path, content in parts.items():
            archive.writestr(path, content)
    return buffer.getvalue()


def parts_of(data: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def patched(data: bytes, **changes) -> bytes:
    """The workbook with some parts changed: ``xl__workbook_xml=fn`` changes xl/workbook.xml."""
    parts = parts_of(data)
    for key, change in changes.items():
        path = key.replace("__", "/").replace("_xml", ".xml")
        parts[path] = change(parts[path])
    return zip_parts(parts)


def without_declaration(xml: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)


def excel_style_parts(*, strings=None, rows=None) -> dict:
    """The parts of a workbook as Excel 365 writes it: shared strings (one in rich-text runs,
    one with a phonetic guide), a date style, ``spans`` and ``x14ac`` attributes."""
    strings = strings or [
        "organisation",
        "metric",
        "period",
        "value",
        "numerator",
        "denominator",
        "evidence_note",
        "<r><t>Al</t></r><r><rPr><b/></rPr><t>pha</t></r>",
        "APP-STARTS",
        "2025-26-Q1",
        "Start records",
        "LOC-SPEND",
        '<t>Finance extract</t><rPh sb="0" eb="7"><t>ファイナンス</t></rPh>',
    ]
    shared = "".join(
        f"<si>{s}</si>" if s.startswith("<") else f"<si><t>{s}</t></si>" for s in strings
    )
    rows = rows or (
        '<row r="1" spans="1:7" x14ac:dyDescent="0.25">'
        + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDEFG"))
        + "</row>"
        '<row r="2" spans="1:7" x14ac:dyDescent="0.25"><c r="A2" t="s"><v>7</v></c>'
        '<c r="B2" t="s"><v>8</v></c><c r="C2" t="s"><v>9</v></c><c r="D2"><v>12</v></c>'
        '<c r="G2" t="s"><v>10</v></c></row>'
        '<row r="3" spans="1:7" x14ac:dyDescent="0.25"><c r="A3" t="s"><v>7</v></c>'
        '<c r="B3" t="s"><v>11</v></c><c r="C3" t="s"><v>9</v></c><c r="E3"><v>300</v></c>'
        '<c r="F3" s="0"><v>1000</v></c><c r="G3" t="s"><v>12</v></c></row>'
    )
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    return {
        "[Content_Types].xml": declaration
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": declaration + f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": declaration + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'mc:Ignorable="x15"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" '
        'rupBuild="27328"/><workbookPr defaultThemeVersion="202300"/><bookViews><workbookView '
        'xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15720"/></bookViews>'
        '<sheets><sheet name="Values" sheetId="1" r:id="rId1"/></sheets>'
        '<calcPr calcId="191029"/></workbook>',
        "xl/_rels/workbook.xml.rels": declaration + f'<Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/styles.xml": declaration + f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font>'
        '<sz val="11"/><name val="Aptos Narrow"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
        'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
        '<top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" '
        'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
        '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" '
        'defaultPivotStyle="PivotStyleLight16"/></styleSheet>',
        "xl/sharedStrings.xml": declaration + f'<sst xmlns="{MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": declaration + f'<worksheet xmlns="{MAIN}" '
        f'xmlns:r="{RELATIONSHIPS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        'mc:Ignorable="x14ac"><dimension ref="A1:G3"/><sheetViews><sheetView tabSelected="1" '
        'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15" '
        f'x14ac:dyDescent="0.25"/><sheetData>{rows}</sheetData><pageMargins left="0.7" '
        'right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
    }


def excel_style(**kwargs) -> bytes:
    return zip_parts(excel_style_parts(**kwargs))


def strict_open_xml() -> bytes:
    """Excel's "Strict Open XML Spreadsheet": the same parts under the ISO namespaces."""
    parts = {}
    for path, content in excel_style_parts().items():
        content = content.replace(MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main")
        content = content.replace(
            RELATIONSHIPS, "http://purl.oclc.org/ooxml/officeDocument/relationships"
        )
        parts[path] = content
    return zip_parts(parts)


def macro_enabled() -> bytes:
    """An .xlsm: the same workbook with a VBA project (never run: only the cells are read)."""
    parts = excel_style_parts()
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        .replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name" * 64
    return zip_parts(parts)


def sheet_xml(rows_xml: str, dimension="") -> str:
    dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>'
        '<row r="1">'
        + "".join(
            f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
            for c, h in zip("ABCDEFG", COLUMNS, strict=True)
        )
        + f"</row>{rows_xml}</sheetData></worksheet>"
    )


def with_sheet(sheet: str) -> bytes:
    """A workbook (openpyxl's package) whose first sheet is this XML."""
    return patched(good_workbook(), xl__worksheets__sheet1_xml=lambda _: sheet.encode())


# --- files too big for git: built at test time ------------------------------------------------


def five_million_lines_csv() -> bytes:
    """The heading and five million empty lines (5 MB): refused by its line count, unparsed."""
    return (HEADER + "\n").encode() + b"\n" * 5_000_000


def too_many_rows_csv(rows=200_001) -> bytes:
    """One row more than the limit, every one a row of values."""
    return (HEADER + "\n").encode() + b"Alpha,APP-STARTS,2025-26-Q1,1,,,x\n" * rows


def too_many_rows_xlsx(rows=200_001) -> bytes:
    """One row of values more than the limit (a number in column D of each)."""
    body = "".join(f'<row r="{n}"><c r="D{n}"><v>1</v></c></row>' for n in range(2, rows + 2))
    return with_sheet(sheet_xml(body))


def xfd_and_last_row_xlsx() -> bytes:
    """A few KB: a heading in XFD1 (the last column) and one cell on row 1,048,576 (the last
    row); its declared extent is the whole sheet, A1:XFD1048576."""

    def stray(sheet):
        sheet["XFD1"] = "stray"
        sheet["A1048576"] = "x"

    return workbook([COLUMNS], setup=stray)


def zip_bomb_xlsx(unpacked=300 * 1024 * 1024) -> bytes:
    """A few hundred KB whose sheet XML unpacks to ``unpacked`` bytes of spaces."""
    buffer = io.BytesIO()
    start = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    end = b"</sheetData></worksheet>"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, content in parts_of(good_workbook()).items():
            if path != "xl/worksheets/sheet1.xml":
                archive.writestr(path, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(start)
            block = b" " * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                part.write(block)
            part.write(end)
    return buffer.getvalue()


def billion_laughs_xlsx() -> bytes:
    """The classic entity bomb in the sheet's XML (a billion "lol"s if expanded)."""
    return patched(
        good_workbook(),
        xl__worksheets__sheet1_xml=lambda xml: (
            BILLION_LAUGHS.encode()
            + without_declaration(xml).replace(b"<t>Start records</t>", b"<t>&lol9;</t>")
        ),
    )


def many_blank_rows_xlsx(rows=1_048_575) -> bytes:
    """The headings and every other row of the sheet present but empty, as LibreOffice writes
    formatted rows."""
    body = "".join(
        f'<row r="{n}" s="1" customFormat="false" ht="12.8" hidden="false" '
        'customHeight="false" outlineLevel="0" collapsed="false"/>'
        for n in range(2, rows + 2)
    )
    return with_sheet(sheet_xml(body))


def libreoffice(source: Path, extension: str) -> bytes | None:
    """``source`` converted by LibreOffice (None when soffice is not installed)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(  # noqa: S603 - a fixed program and arguments
            [
                soffice,
                "--headless",
                "--infilter=CSV:44,34,76,1",
                "--convert-to",
                extension,
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / f"{source.stem}.{extension}").read_bytes()


def encrypted(data: bytes) -> bytes | None:
    """Encrypted as Excel's File › Info › Protect Workbook › Encrypt with Password does it."""
    if OOXMLFile is None:
        return None
    source = OOXMLFile(io.BytesIO(data))
    output = io.BytesIO()
    source.encrypt(OPENS_WITH, output)
    return output.getvalue()


# --- the corpus ---------------------------------------------------------------------------------


def write(name, data):
    if data is not None:
        (HERE / name).write_bytes(data)


def csv_files():
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

    # Shapes people produce, and the attack's files.
    text("good.csv", [HEADER, *GOOD])
    text(
        "excel_csv_utf8.csv",
        [HEADER, GOOD[0].replace("Start records", '"Start records"'), GOOD[1]],
        bom=True,
        newline="\r\n",
    )
    text("cr_line_endings.csv", [HEADER, *GOOD], newline="\r")
    text(
        "column_aliases.csv",
        ["Organization,Metric code,Quarter,Value,Numerator,Denominator,Notes", *GOOD],
    )
    text(
        "template_extra_columns.csv",
        [
            HEADER + ",metric_name,unit,what_to_enter",
            GOOD[0] + ",Apprenticeship starts,count,A whole number",
            GOOD[1] + ',Local spend share,percent,"Numerator and denominator, in pounds"',
        ],
    )
    text("trailing_blank_lines.csv", [HEADER, *GOOD, *[",,,,,,"] * 3000, *[""] * 1000])
    text(
        "every_code_unknown.csv",
        [HEADER, "Alpha,NOPE-1,2025-26-Q1,4,,,x", "Beta,NOPE-2,2025-26-Q1,,1,2,x"],
    )
    text("more_cells_than_headings.csv", [HEADER, GOOD[0] + ",extra", GOOD[1]])
    text(
        "duplicate_value_heading.csv",
        ["organisation,metric,period,value,value", "Alpha,APP-STARTS,2025-26-Q1,12,13"],
    )
    text("duplicate_heading_alias.csv", [HEADER + ",org", GOOD[0] + ",Beta"])
    (HERE / "utf16_unicode_text.csv").write_bytes(
        (
            "\r\n".join([HEADER.replace(",", "\t"), *[g.replace(",", "\t") for g in GOOD]]) + "\r\n"
        ).encode("utf-16")
    )
    (HERE / "nul_bytes.csv").write_bytes(
        (HEADER + "\n" + GOOD[0] + "\n").encode() + b"Alpha,LOC-SPEND,2025-26-Q1,,300,1000,\x00x\n"
    )
    text(
        "quoted_newline_note.csv",
        [
            HEADER,
            'Alpha,APP-STARTS,2025-26-Q1,12,,,"Start records,\nchecked by finance"',
            'Alpha,LOC-SPEND,2025-26-Q1,,300,1000,"Finance extract\n\nsee tab 2"',
            "Beta,APP-STARTS,2025-26-Q1,twelve,,,x",
        ],
    )
    text("ten_thousand_columns.csv", [",".join(f"c{i}" for i in range(10_000)), "1"])
    text("blank_rows_only.csv", [HEADER, *[""] * 5000])
    text("tab_delimited.csv", [HEADER.replace(",", "\t"), *[g.replace(",", "\t") for g in GOOD]])
    text("headings_not_on_first_row.csv", ["Metric values for 2025-26 Q1", HEADER, *GOOD])
    text("trailing_total_row.csv", [HEADER, *GOOD, "Total,,,12,300,1000,"])
    text("value_under_blank_heading.csv", [HEADER + ",", GOOD[0] + ",", GOOD[1] + ",see note"])
    text("huge_cell.csv", [HEADER, "Alpha,APP-STARTS,2025-26-Q1,12,,," + "x" * 140_000])
    (HERE / "workbook_named_csv.csv").write_bytes(good_workbook())
    (HERE / "apple_numbers.numbers").write_bytes(zip_parts({"Index/Document.iwa": b"\x00" * 64}))


def workbook_files():
    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    sheet.append(COLUMNS)
    sheet.append(["Alpha", "APP-STARTS", "2025-26-Q1", "=SUM(10,2)", None, None, "Records"])
    sheet.append(["Alpha", "LOC-SPEND", "2025-26-Q1", None, 300, "=B9*2", "Finance extract"])
    sheet.append(["Beta", "APP-STARTS", "2025-26-Q1", 7, None, None, "Records"])
    book.save(HERE / "formula_cells.xlsx")
    write("good.xlsx", workbook([COLUMNS, *GOOD_CELLS], title="Sheet"))

    # The attack's files.
    write("xfd1_and_a1048576.xlsx", xfd_and_last_row_xlsx())
    write(
        "xfd_heading_no_dimension.xlsx",
        patched(
            xfd_and_last_row_xlsx(),
            xl__worksheets__sheet1_xml=lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml),
        ),
    )
    write("billion_laughs.xlsx", billion_laughs_xlsx())
    write(
        "external_entity.xlsx",
        patched(
            good_workbook(),
            xl__workbook_xml=lambda xml: (
                b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY '
                b'xxe SYSTEM "file:///etc/passwd">]>'
                + without_declaration(xml).replace(
                    b"<definedNames />",
                    b'<definedNames><definedName name="x">&xxe;</definedName></definedNames>',
                )
            ),
        ),
    )
    parts = excel_style_parts()
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        'standalone="yes"?>', 'standalone="yes"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>'
    )
    write("dtd_in_shared_strings.xlsx", zip_parts(parts))
    write("zip_bomb_bzip2.xlsx", zip_bomb_bzip2())
    write(
        "zip_too_many_parts.xlsx",
        zip_parts(
            {**parts_of(good_workbook()), **{f"xl/media/p{i}.bin": b"" for i in range(1_100)}},
            method=zipfile.ZIP_STORED,
        ),
    )
    write("stray_cell_last_row.xlsx", workbook([COLUMNS], setup=lambda s: s.cell(1_048_576, 4, 5)))
    write(
        "stray_cell_last_row_no_heading.xlsx",
        good_workbook(setup=lambda s: s.cell(1_048_576, 8, "x")),
    )
    write(
        "more_cells_than_headings.xlsx",
        workbook([COLUMNS, [*GOOD_CELLS[0], "extra"], GOOD_CELLS[1]]),
    )
    write(
        "duplicate_headings.xlsx",
        workbook(
            [
                ["organisation", "metric", "period", "value", "Value"],
                ["Alpha", "APP-STARTS", "2025-26-Q1", 12, 13],
            ]
        ),
    )
    write(
        "rows_out_of_order.xlsx",
        excel_style(
            rows='<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
            '<row r="3"><c r="D3"><v>1</v></c></row><row r="2"><c r="D2"><v>1</v></c>'
            "</row>"
        ),
    )
    write(
        "repeated_row_numbers.xlsx",
        with_sheet(
            sheet_xml('<row r="3"><c r="D3"><v>1</v></c></row>' + '<row r="3"/>' * 1_000_000)
        ),
    )
    write(
        "shared_string_missing.xlsx",
        excel_style(
            rows=excel_style_parts()["xl/worksheets/sheet1.xml"]
            .split("<sheetData>")[1]
            .split("</sheetData>")[0]
            .replace("<v>10</v>", "<v>999</v>")
        ),
    )
    write(
        "broken_sheet_xml.xlsx",
        patched(
            good_workbook(),
            xl__worksheets__sheet1_xml=lambda xml: xml.replace(
                b"</row></sheetData>", b"</sheetData>"
            ),
        ),
    )
    data = good_workbook()
    write("truncated.xlsx", data[: len(data) // 2])
    write("not_a_workbook.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write("password_protected.xlsx", encrypted(good_workbook()))
    write(
        "opendocument_named.xlsx",
        zip_parts(
            {
                "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": "<office:document-content/>",
            },
            method=zipfile.ZIP_STORED,
        ),
    )
    write("libreoffice.xlsx", libreoffice(HERE / "good.csv", "xlsx"))
    write("opendocument.ods", libreoffice(HERE / "good.csv", "ods"))

    # Shapes people produce.
    write("excel_style.xlsx", excel_style())
    write("strict_open_xml.xlsx", strict_open_xml())
    write("macro_enabled.xlsm", macro_enabled())
    notes = Workbook()
    notes.active.title = "Notes"
    notes.active.append(["How to fill this in"])
    notes.active.append(["One row per organisation, metric and quarter."])
    values = notes.create_sheet("Values")
    for row in [COLUMNS, *GOOD_CELLS]:
        values.append(row)
    write("notes_first_sheet.xlsx", book_bytes(notes))

    def merged_title(sheet):
        sheet.insert_rows(1)
        sheet["A1"] = "Metric values, 2025-26 Q1"
        sheet.merge_cells("A1:G1")

    write("merged_title_row.xlsx", good_workbook(setup=merged_title))

    def hidden(sheet):
        sheet["H1"] = "internal_ref"
        sheet["H2"], sheet["H3"] = "R-1", "R-2"
        sheet.column_dimensions["H"].hidden = True
        sheet.column_dimensions["E"].hidden = True

    write("hidden_columns.xlsx", good_workbook(setup=hidden))
    write(
        "numbers_as_text.xlsx",
        workbook(
            [
                COLUMNS,
                ["Alpha", "APP-STARTS", "2025-26-Q1", "12", None, None, "Start records"],
                ["Alpha", "LOC-SPEND", "2025-26-Q1", None, " 300", "1,000", "Finance extract"],
            ]
        ),
    )
    write(
        "dates_in_cells.xlsx",
        workbook(
            [
                COLUMNS,
                ["Alpha", "APP-STARTS", datetime.date(2025, 6, 30), 12, None, None, "x"],
                ["Beta", "APP-STARTS", "2025-26-Q1", datetime.date(2025, 5, 1), None, None, "x"],
            ]
        ),
    )
    write(
        "bool_and_error_cells.xlsx",
        workbook(
            [
                COLUMNS,
                ["Alpha", "APP-STARTS", "2025-26-Q1", True, None, None, "x"],
                ["Beta", "APP-STARTS", "2025-26-Q1", "#N/A", None, None, "x"],
            ]
        ),
    )
    write(
        "trailing_total_row.xlsx",
        workbook([COLUMNS, *GOOD_CELLS, ["Total", None, None, "=SUM(D2:D3)"]]),
    )
    write(
        "nul_in_cell.xlsx",
        excel_style(
            strings=[
                *COLUMNS,
                "Alpha",
                "APP-STARTS",
                "2025-26-Q1",
                "Start_x0000_records",
                "LOC-SPEND",
                "Finance extract",
            ]
        ),
    )
    write("empty_workbook.xlsx", workbook([]))

    def formatted_rows(sheet):
        for row in range(2, 3002):
            sheet.row_dimensions[row].height = 20

    write("headings_only.xlsx", workbook([COLUMNS], setup=formatted_rows))
    write("blank_first_row.xlsx", workbook([[], [], COLUMNS, *GOOD_CELLS]))
    write(
        "dimension_understated.xlsx",
        patched(
            good_workbook(),
            xl__worksheets__sheet1_xml=lambda xml: xml.replace(
                b'<dimension ref="A1:G3" />', b'<dimension ref="A1:B2" />'
            ),
        ),
    )

    def protect(sheet):
        sheet.protection.sheet = True
        sheet.protection.password = "anchors"

    write("sheet_protected.xlsx", good_workbook(setup=protect))
    chart = Workbook()
    data_sheet = chart.active
    data_sheet.title = "Values"
    for row in [COLUMNS, *GOOD_CELLS]:
        data_sheet.append(row)
    bars = BarChart()
    bars.add_data(Reference(data_sheet, min_col=4, min_row=1, max_row=3), titles_from_data=True)
    chart.create_chartsheet("Chart", 0).add_chart(bars)
    write("chart_first_sheet.xlsx", book_bytes(chart))
    write("binary_workbook.xlsb", zip_parts({"xl/workbook.bin": b"\x83\x01\x00" * 20}))


def zip_bomb_bzip2(unpacked=1024 * 1024 * 1024) -> bytes:
    """A few KB: a sheet of a gigabyte of spaces, packed with bzip2 (which Excel never uses)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        for path, content in parts_of(good_workbook()).items():
            if path != "xl/worksheets/sheet1.xml":
                archive.writestr(path, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                part.write(block)
    return buffer.getvalue()


def main():
    csv_files()
    workbook_files()


if __name__ == "__main__":
    main()
