"""An .xlsx upload as a package: the zip checked before anything in it is unpacked, and its XML
parts streamed through expat a chunk at a time.

Every part is parsed with defusedxml's refusals, made stricter: a document type declaration is
refused as soon as it starts (a spreadsheet never has one), so a billion-laughs or
external-entity part is stopped before any entity is declared. Nothing is kept of a part but what
the reader asks for, so a part's size costs time (checked against the deadline) but not memory.
"""

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.escape import unescape

from metrics.imports.files import MAX_ROWS, Deadline, FileRejected, human_size

MAX_PARTS = 1_000  # Excel writes a dozen or two; each one costs a little to list
MAX_UNPACKED = 256 * 1024 * 1024  # all parts together; 200,000 rows take far less
MAX_STRINGS_PART = 64 * 1024 * 1024
MAX_SMALL_PART = 16 * 1024 * 1024  # the workbook, its relationships, the styles
MAX_STRINGS = 10 * MAX_ROWS  # distinct texts: every cell of a full file, and more
MAX_STYLES = 65_536  # Excel's own limit is 64,000 cell formats
CHUNK = 64 * 1024
# Spreadsheet XML nests a dozen elements deep at most, and no tag or text runs past Excel's
# 32,767 characters a cell: beyond these, expat itself would hold the nesting or the token in
# memory (five million nested elements, 15 MB unpacked, took 635 MB).
MAX_DEPTH = 64
MAX_TOKEN = 256 * 1024
SEPARATOR = "}"
MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "Strict Open XML Spreadsheet"
)
RELATIONSHIP_ID = tuple(
    f"{ns}{SEPARATOR}id"
    for ns in (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    )
)
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # all that spreadsheet programs write


def tags(*names) -> dict:
    """Expat's namespaced names of these SpreadsheetML elements -> their local names."""
    return {f"{ns}{SEPARATOR}{local}": local for ns in MAIN for local in names}


class Finished(Exception):  # noqa: N818 - not an error: a handler has all it needs
    """Raised by a handler to stop reading a part early."""


def too_deep(name: str, path: str) -> FileRejected:
    return damaged(name, f" (its part {path} nests elements more than {MAX_DEPTH} deep)")


def damaged(name: str, detail: str = "") -> FileRejected:
    return FileRejected(
        f"“{name}” could not be read as an Excel workbook: it is damaged{detail}. Open it in "
        "Excel, save it again as an Excel workbook (.xlsx), and upload it again."
    )


def _refuse_dtd(name, system_id, public_id, has_internal_subset):
    raise DTDForbidden(name, system_id, public_id)


def _refuse_entity(name, *args):
    raise EntitiesForbidden(name, None, None, None, None, None)


def _refuse_external(context, base, system_id, public_id):
    raise ExternalReferenceForbidden(context, base, system_id, public_id)


def check_directory(name: str, data: bytes) -> None:
    """Refuse a zip listing thousands of parts from its last record, before ``zipfile`` reads
    them all into memory."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 16:
        return  # not a zip: zipfile says so
    parts, size = struct.unpack("<HI", data[end + 10 : end + 16])
    if parts > MAX_PARTS or size > MAX_PARTS * 1024:
        raise FileRejected(
            f"“{name}” holds {parts:,} parts; an Excel workbook holds a few dozen. It was not "
            "saved by a spreadsheet program: save it again from Excel as an Excel workbook."
        )


@dataclass
class Package:
    """The workbook's zip, checked: every part it lists fits the limits when unpacked."""

    name: str
    archive: zipfile.ZipFile
    deadline: Deadline

    @classmethod
    def open(cls, name: str, data: bytes, deadline: Deadline) -> "Package":
        check_directory(name, data)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            parts = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
            raise damaged(name) from error
        total = 0
        for part in parts:
            total += part.file_size
            if total > MAX_UNPACKED:
                raise FileRejected(
                    f"“{name}” would unpack to more than {human_size(MAX_UNPACKED)} (its part "
                    f"{part.filename} alone to {human_size(part.file_size)}), far more than a "
                    f"workbook of {MAX_ROWS:,} rows needs. It is refused unread: save the "
                    "values again from Excel as a new workbook."
                )
        for part in parts:
            if part.flag_bits & 0x1:
                raise FileRejected(
                    f"“{name}” is password-protected. Remove the password in Excel, save it, "
                    "and upload it again."
                )
            if part.compress_type not in ZIP_METHODS:
                raise damaged(
                    name,
                    f" (its part {part.filename} is packed in a way no spreadsheet program uses)",
                )
        return cls(name=name, archive=archive, deadline=deadline)

    def has(self, path: str) -> bool:
        try:
            self.archive.getinfo(path)
        except KeyError:
            return False
        return True

    def parse(self, path: str, handler, limit: int, *, namespaces=True) -> None:
        """Stream one XML part through ``handler`` (``start``, ``end`` and optionally ``text``
        methods, as expat calls them), checking the deadline after every chunk. Element names
        are ``namespace}local`` (see ``tags``), or as written with ``namespaces=False``."""
        try:
            part = self.archive.getinfo(path)
        except KeyError as error:
            raise damaged(self.name, f" (it has no part {path})") from error
        if part.file_size > limit:
            raise FileRejected(
                f"“{self.name}”: its part {path} would unpack to {human_size(part.file_size)}, "
                f"more than the {human_size(limit)} accepted. It is refused unread: save the "
                "values again from Excel as a new workbook."
            )
        parser = expat.ParserCreate(namespace_separator=SEPARATOR if namespaces else None)
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_entity
        parser.ExternalEntityRefHandler = _refuse_external
        if getattr(handler, "tracks_depth", False):  # the sheet's handler counts it itself
            parser.StartElementHandler = handler.start
            parser.EndElementHandler = handler.end
        else:
            parser.StartElementHandler, parser.EndElementHandler = self._nesting(path, handler)
        if hasattr(handler, "text"):
            parser.CharacterDataHandler = handler.text
        try:
            with self.archive.open(part) as stream:
                since_tag = 0  # bytes since the last ">": a tag, or text, still open
                while chunk := stream.read(CHUNK):
                    last = chunk.rfind(b">")
                    since_tag = since_tag + len(chunk) if last < 0 else len(chunk) - 1 - last
                    if since_tag > MAX_TOKEN:
                        raise damaged(
                            self.name,
                            f" (its part {path} has a tag or a text longer "
                            "than any spreadsheet writes)",
                        )
                    parser.Parse(chunk, False)
                    self.deadline.check()
                parser.Parse(b"", True)
        except Finished:
            pass
        except DefusedXmlException as error:
            raise FileRejected(
                f"“{self.name}” is refused: its part {path} declares a document type (DTD), "
                "which spreadsheet programs never write and which can make a reader expand or "
                "fetch content. Save the values again from Excel as a new workbook."
            ) from error
        except expat.ExpatError as error:
            raise damaged(
                self.name,
                f" (its part {path}: {expat.ErrorString(error.code)}, line {error.lineno})",
            ) from error
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise damaged(self.name, f" (its part {path} cannot be unpacked)") from error

    def _nesting(self, path, handler):
        """``handler``'s start and end, refusing the part past ``MAX_DEPTH`` nested elements."""
        depth = 0

        def start(name, attrs):
            nonlocal depth
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(self.name, path)
            handler.start(name, attrs)

        def end(name):
            nonlocal depth
            depth -= 1
            handler.end(name)

        return start, end

    def resolve(self, source: str, target: str) -> str:
        """A relationship's target as a path in the zip, relative to the part ``source``."""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    def relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(id, type, path) of each relationship of the part ``source`` ('' for the package)."""
        folder, base = posixpath.split(source)
        path = posixpath.join(folder, "_rels", f"{base}.rels")
        if not self.has(path):
            return []
        found = Relationships()
        self.parse(path, found, MAX_SMALL_PART)
        return [(i, kind, self.resolve(source, target)) for i, kind, target in found.items]


@dataclass
class Relationships:
    items: list = field(default_factory=list)

    def start(self, name, attrs):
        if name == f"{PACKAGE_RELATIONSHIPS}{SEPARATOR}Relationship":
            if attrs.get("TargetMode") != "External" and len(self.items) < MAX_PARTS:
                self.items.append(
                    (attrs.get("Id", ""), attrs.get("Type", ""), attrs.get("Target", ""))
                )

    def end(self, name):
        pass


WORKBOOK_TAGS = tags("workbookPr", "sheet", "sheets")


@dataclass
class Workbook:
    """The first sheet (its name and relationship id), how many sheets there are, and the
    workbook's date system."""

    sheets: int = 0
    first_name: str = ""
    first_id: str = ""
    date1904: bool = False

    def start(self, name, attrs):
        tag = WORKBOOK_TAGS.get(name)
        if tag == "sheet":
            self.sheets += 1
            if self.sheets == 1:
                self.first_name = attrs.get("name", "")
                self.first_id = next((attrs[k] for k in RELATIONSHIP_ID if k in attrs), "")
        elif tag == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")

    def end(self, name):
        if WORKBOOK_TAGS.get(name) == "sheets":
            raise Finished


STRING_TAGS = tags("si", "t", "rPh")


class SharedStrings:
    """The workbook's shared texts, in order (phonetic guides left out, as Excel shows them)."""

    def __init__(self, name):
        self.name = name
        self.strings = []
        self.parts = None
        self.buffer = None
        self.phonetic = 0

    def start(self, name, attrs):
        tag = STRING_TAGS.get(name)
        if tag == "si":
            self.parts = []
        elif tag == "t":
            if self.parts is not None and not self.phonetic:
                self.buffer = []
        elif tag == "rPh":
            self.phonetic += 1

    def text(self, data):
        if self.buffer is not None:
            self.buffer.append(data)

    def end(self, name):
        tag = STRING_TAGS.get(name)
        if tag == "t":
            if self.buffer is not None:
                self.parts.append("".join(self.buffer))
                self.buffer = None
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si" and self.parts is not None:
            text = "".join(self.parts)
            self.strings.append(unescape(text) if "_x" in text else text)
            self.parts = None
            if len(self.strings) > MAX_STRINGS:
                raise FileRejected(
                    f"“{self.name}” holds more than {MAX_STRINGS:,} different texts, more than "
                    f"a file of {MAX_ROWS:,} rows can use. Save the values again from Excel as "
                    "a new workbook."
                )


STYLE_TAGS = tags("numFmt", "cellXfs", "xf")


class DateStyles:
    """Which cell formats show a number as a date (or a duration), as openpyxl decides it."""

    def __init__(self):
        self.formats = {}
        self.in_cell_formats = False
        self.cell_formats = []

    def start(self, name, attrs):
        tag = STYLE_TAGS.get(name)
        if tag == "numFmt" and len(self.formats) < MAX_STYLES:
            self.formats[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            self.in_cell_formats = True
        elif tag == "xf" and self.in_cell_formats and len(self.cell_formats) < MAX_STYLES:
            self.cell_formats.append(attrs.get("numFmtId", "0"))

    def end(self, name):
        if STYLE_TAGS.get(name) == "cellXfs":
            raise Finished

    def _format(self, number_format):
        if number_format in self.formats:
            return self.formats[number_format]
        return BUILTIN_FORMATS.get(int(number_format), "") if number_format.isdigit() else ""

    def styles(self) -> tuple[set, set]:
        """The style ids (as written in cells' ``s``) of dates, and of durations."""
        dates, durations, kinds = set(), set(), {}
        for style, number_format in enumerate(self.cell_formats):
            if number_format not in kinds:  # thousands of styles share a handful of formats
                shown = self._format(number_format)
                is_date = bool(shown) and is_date_format(shown)
                kinds[number_format] = (is_date, is_date and is_timedelta_format(shown))
            is_date, is_duration = kinds[number_format]
            if is_date:
                dates.add(str(style))
            if is_duration:
                durations.add(str(style))
        return dates, durations
