"""What a shared document may be: its type is read from its first bytes, not trusted from its
name, and its size is limited. Pure functions; the resources service calls them."""

import zipfile

MAX_RESOURCE_BYTES = 10 * 1024 * 1024
PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003
# extension -> (what people call it, how its content starts)
ALLOWED = {
    "pdf": ("a PDF", "pdf"),
    "docx": ("a Word document", "ooxml"),
    "xlsx": ("an Excel workbook", "ooxml"),
    "pptx": ("a PowerPoint presentation", "ooxml"),
    "odt": ("an OpenDocument text", "odf"),
    "ods": ("an OpenDocument spreadsheet", "odf"),
    "doc": ("a Word 97-2003 document", "ole"),
    "xls": ("an Excel 97-2003 workbook", "ole"),
    "csv": ("a CSV file", "text"),
    "txt": ("a text file", "text"),
}
OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ALLOWED_TEXT = ", ".join(sorted(ALLOWED))


class FileRefused(ValueError):
    """The file is not a type the library takes, or is too large; the message says why."""


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_names(upload) -> list[str]:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return []
    finally:
        upload.seek(0)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the sample is still text.
            if encoding == "utf-8-sig" and error.start >= len(head) - 3:
                return True
            continue
        return True
    return False


def check_resource_file(upload) -> str:
    """The file's extension when its name, size and content agree; FileRefused otherwise."""
    name = upload.name or ""
    extension = _extension(name)
    if extension not in ALLOWED:
        raise FileRefused(f"The file must be one of these types: {ALLOWED_TEXT}")
    if upload.size == 0:
        raise FileRefused("The selected file is empty")
    if upload.size > MAX_RESOURCE_BYTES:
        raise FileRefused(f"The file must be smaller than {MAX_RESOURCE_BYTES // (1024 * 1024)} MB")
    label, kind = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    ok = {
        "pdf": head.startswith(PDF),
        "ole": head.startswith(OLE),
        "text": _is_text(head),
    }.get(kind)
    if kind == "ooxml":
        names = _zip_names(upload) if head.startswith(ZIP) else []
        ok = "[Content_Types].xml" in names and any(
            n.startswith(OOXML_PART[extension]) for n in names
        )
    elif kind == "odf":
        ok = head.startswith(ZIP) and "mimetype" in _zip_names(upload)
    if not ok:
        raise FileRefused(
            f"The file is called .{extension} but its content is not {label}: "
            "check you chose the right file"
        )
    return extension
