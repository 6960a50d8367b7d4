"""Loading a postcode-to-LSOA lookup: the ONS Postcode Directory (ONSPD) or the National
Statistics Postcode Lookup (NSPL) CSV as published, streamed.

Only three columns are read — the postcode (``pcds``, or ``pcd``/``pcd7``/``pcd8``), and the 2011
and/or 2021 LSOA (``lsoa11``/``lsoa21`` in ONSPD, ``lsoa11cd``/``lsoa21cd`` in NSPL 2021 on) —
whatever else the file holds (ONSPD has about 50 columns). pandas reads them in chunks of 50,000
rows (``usecols``: the other columns are never turned into objects); each chunk is inserted at once
(COPY on PostgreSQL, one prepared INSERT on SQLite), so a 1,000,000-row file loads in seconds within
a few tens of MB.

Terminated postcodes (``doterm`` filled) are kept: a new starter may give the postcode of a home
they have lived in for years, and ONS keeps terminated postcodes in the directory, with their
LSOA, for exactly that kind of lookup. The load replaces the whole lookup in one transaction.
"""

import csv
import gzip
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from anchors.common.errors import PortalError

CHUNK_ROWS = 50_000
SQLITE_CACHE_KB = -24_000  # negative: KiB
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8", "pcd2")  # the first one present is used
LSOA11_COLUMNS = ("lsoa11", "lsoa11cd")
LSOA21_COLUMNS = ("lsoa21", "lsoa21cd")


class LookupFileError(PortalError):
    """Not a postcode directory the loader understands; nothing was loaded."""


@dataclass
class LookupResult:
    rows: int
    postcode_column: str
    lsoa11_column: str | None
    lsoa21_column: str | None
    ignored_columns: int
    skipped: int


def _open_text(path: Path):
    """The CSV as text, whether plain, gzip-compressed, or a zip holding one CSV."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    if magic == b"PK\x03\x04":
        archive = zipfile.ZipFile(path)
        names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        # The published zip holds the directory's one big CSV among documents and user guides.
        name = max(names, key=lambda n: archive.getinfo(n).file_size, default=None)
        if name is None:
            raise LookupFileError(f"“{path.name}” holds no CSV file.")
        return io.TextIOWrapper(archive.open(name), encoding="utf-8-sig", newline="")
    return path.open("r", encoding="utf-8-sig", newline="")


def _find(headings, names):
    lowered = {h.strip().lower(): h for h in headings}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def _columns(headings):
    postcode = _find(headings, POSTCODE_COLUMNS)
    lsoa11 = _find(headings, LSOA11_COLUMNS)
    lsoa21 = _find(headings, LSOA21_COLUMNS)
    if postcode is None:
        raise LookupFileError(
            "The file has no postcode column (“pcds”, as in the ONS Postcode Directory and the "
            "National Statistics Postcode Lookup)."
        )
    if lsoa11 is None and lsoa21 is None:
        raise LookupFileError(
            "The file has no LSOA column (“lsoa11” or “lsoa21” in the ONSPD, “lsoa11cd” or "
            "“lsoa21cd” in the NSPL)."
        )
    return postcode, lsoa11, lsoa21


def _chunks(path, columns):
    import pandas as pd

    with _open_text(path) as text:
        yield from pd.read_csv(
            text,
            usecols=[c for c in columns if c],
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            chunksize=CHUNK_ROWS,
            engine="c",
        )


def load_postcode_lookup(path, *, source="") -> LookupResult:
    """Replace the lookup with the file's postcodes (all or nothing)."""
    import pandas as pd

    from workforce.models import PostcodeLookupLoad, PostcodeLsoa

    path = Path(path)
    with _open_text(path) as text:
        headings = next(csv.reader(text), None)
    if not headings:
        raise LookupFileError(f"“{path.name}” is empty.")
    postcode, lsoa11, lsoa21 = _columns(headings)
    quote = connection.ops.quote_name
    table = quote(PostcodeLsoa._meta.db_table)
    names = ", ".join(quote(c) for c in ("postcode", "lsoa11", "lsoa21"))
    rows = skipped = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's table
            # The postcodes arrive in no useful order for the key's B-tree: SQLite's default 2 MB
            # page cache makes every insert a read from disk (30 s for a million); 24 MB, 16 s.
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KB}")
        for chunk in _chunks(path, (postcode, lsoa11, lsoa21)):
            codes = chunk[postcode].str.replace(" ", "", regex=False).str.upper()
            frame = pd.DataFrame(
                {
                    "postcode": codes,
                    "lsoa11": chunk[lsoa11].str.strip() if lsoa11 else "",
                    "lsoa21": chunk[lsoa21].str.strip() if lsoa21 else "",
                }
            )
            keep = (frame["postcode"].str.len().between(5, 8)) & (
                (frame["lsoa11"] != "") | (frame["lsoa21"] != "")
            )
            skipped += int((~keep).sum())
            frame = frame[keep].drop_duplicates("postcode", keep="last")
            if frame.empty:
                continue
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                frame.to_csv(buffer, sep="\t", header=False, index=False)
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer, 1 << 20)
            else:
                cursor.executemany(
                    f"INSERT OR REPLACE INTO {table} ({names}) VALUES (%s, %s, %s)",  # noqa: S608
                    frame.itertuples(index=False, name=None),
                )
            rows += len(frame)
        if connection.vendor != "postgresql":
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        if not rows:
            raise LookupFileError(f"“{path.name}” has no postcodes with an LSOA.")
        PostcodeLookupLoad.objects.create(
            source=(source or path.name)[:300],
            row_count=rows,
            has_lsoa11=lsoa11 is not None,
            has_lsoa21=lsoa21 is not None,
        )
    return LookupResult(
        rows=rows,
        postcode_column=postcode,
        lsoa11_column=lsoa11,
        lsoa21_column=lsoa21,
        ignored_columns=len(headings) - len({postcode, lsoa11, lsoa21} - {None}),
        skipped=skipped,
    )
