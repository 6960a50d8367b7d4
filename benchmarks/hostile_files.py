"""Benchmark: how much refusing a hostile import file costs (issue 8).

Builds each file in a temporary folder, then reads it as an upload is read (``read_upload``) in a
fresh process, and prints the time it took, the process's peak memory above what it held before
reading (resident set), and the importer's answer. Targets: the small workbook claiming the whole
sheet (a heading in XFD1, a cell on row 1,048,576) and the five-million-line CSV are each refused
in under 2 s and 200 MB; the others are shown for comparison.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/hostile_files.py

No database is used: files are refused before any row is checked against one.
"""

import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# The project's modules need Django set up before they are imported.
django.setup()

from metrics.imports import FileRejected, read_upload  # noqa: E402
from tests.metrics.files.make_corpus import (  # noqa: E402
    billion_laughs_xlsx,
    five_million_lines_csv,
    many_blank_rows_xlsx,
    sheet_xml,
    too_many_rows_csv,
    too_many_rows_xlsx,
    with_sheet,
    xfd_and_last_row_xlsx,
    zip_bomb_xlsx,
)

TARGET_SECONDS, TARGET_MB = 2, 200
CASES = [
    # (file name, what it is, how it is built, held to the target)
    ("xfd1_a1048576.xlsx", "heading in XFD1, a cell on row 1,048,576", xfd_and_last_row_xlsx, True),
    ("lines_5_million.csv", "heading and 5,000,000 empty lines", five_million_lines_csv, True),
    ("zip_bomb.xlsx", "sheet XML unpacking to 300 MB", zip_bomb_xlsx, False),
    ("billion_laughs.xlsx", "entity bomb in the sheet XML", billion_laughs_xlsx, False),
    (
        "repeated_rows.xlsx",
        "row 3 repeated 3,000,000 times (openpyxl: 50 s)",
        lambda: with_sheet(sheet_xml('<row r="3"/>' * 3_000_000)),
        False,
    ),
    (
        "deep_nesting.xlsx",
        "5,000,000 nested elements (expat alone: 635 MB)",
        lambda: with_sheet(sheet_xml("<x>" * 5_000_000)),
        False,
    ),
    ("blank_rows.xlsx", "1,048,575 formatted empty rows", many_blank_rows_xlsx, False),
    ("rows_200001.csv", "one row of values over the limit", too_many_rows_csv, False),
    ("rows_200001.xlsx", "one row of values over the limit", too_many_rows_xlsx, False),
]


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def measure(path: Path) -> tuple[float, float, str]:
    """Run in a fresh process: seconds, peak memory above the start (MB), and the answer."""
    data = path.read_bytes()
    before = resident_mb()
    started = time.perf_counter()
    try:
        read_upload(name=path.name, data=data)
        answer = "read (no refusal)"
    except FileRejected as error:
        answer = error.message
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return seconds, max(0.0, peak - before), answer


def main():
    context = multiprocessing.get_context("fork")
    ok = True
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        print(f"{'file':22} {'size':>9} {'time':>8} {'memory':>8}  answer")
        for name, what, build, held in CASES:
            path = Path(folder) / name
            path.write_bytes(build())
            with context.Pool(1) as pool:  # a new process each, so peaks do not carry over
                seconds, extra, answer = pool.apply(measure, (path,))
            size = path.stat().st_size
            within = seconds < TARGET_SECONDS and extra < TARGET_MB
            mark = ("ok" if within else "OVER") if held else "  "
            ok = ok and (within or not held)
            print(
                f"{name:22} {size / 1024:7.0f} KB {seconds:6.2f} s {extra:5.0f} MB {mark}  "
                f"({what}) {answer[:110]}"
            )
            path.unlink()
    print(
        f"Result: {'within target' if ok else 'OVER TARGET'} (held files: under "
        f"{TARGET_SECONDS} s and {TARGET_MB} MB above the process's memory before reading)"
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
