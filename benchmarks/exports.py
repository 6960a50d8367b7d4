"""Benchmark: a full export of the large collaborative's 100,000 metric values, to CSV and to
Excel, through the toolkit's export path (anchors.common.exports.export_file, what the background
task runs for an export over 10,000 rows), as the facilitator.

Builds the large collaborative (benchmarks.builder: 50 anchors × 60 metrics × 40 quarters ≈
100,000 values) in a throwaway database, then runs each format in a fresh subprocess so that its
peak memory is its own: wall time, peak resident memory of the process (ru_maxrss, Django and the
project loaded included) and its growth during the export, and Python's own peak allocation
during the export (tracemalloc).

Targets: under 10 s and under 200 MB for each format. Memory is the growth of the process's peak
resident memory during the export (what an export adds to a worker); the worker's own size before
it (Django and the project loaded) is printed beside it. ``--python-memory`` adds Python's own peak
allocation (tracemalloc) in a slower run.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/exports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anchors_exports_bench ... benchmarks/exports.py

The database is a temporary SQLite file, or test_<name> on PostgreSQL, removed afterwards (or
kept with --keep). Exit status 1 if a format misses a target.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from anchors.common import exports, registry  # noqa: E402
from anchors.models import Collaborative, User  # noqa: E402
from benchmarks.builder import LARGE, LARGE_NAME, build_large  # noqa: E402
from metrics.models import MetricValue  # noqa: E402

SECONDS = 10.0
MEGABYTES = 200.0
EXPORT = "metrics.figures"  # every value the facilitator may see: one row each


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(format: str, path: str, *, python_memory=False) -> dict:
    """One export in this process, measured: wall time and the process's peak resident memory,
    before (Django, the project and the export's modules loaded, as in a worker) and after."""
    collaborative = Collaborative.objects.get(name=LARGE_NAME)
    user = User.objects.get(email="facilitator.large@example.org")
    registry.export_builder(EXPORT)  # its module imported, as in a worker that ran one before
    before = _rss_mb()
    if python_memory:
        tracemalloc.start()  # slows the export down: off for the timed runs
    started = time.perf_counter()
    export = exports.build_export(EXPORT, user=user, collaborative=collaborative, query=QueryDict())
    with open(path, "wb") as target:
        exports.export_file(export, format, target)
    seconds = time.perf_counter() - started
    python_peak = tracemalloc.get_traced_memory()[1] if python_memory else 0
    tracemalloc.stop()
    return {
        "format": format,
        "rows": export.count,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_rss_mb(), 1),
        "rss_before_mb": round(before, 1),
        "rss_growth_mb": round(_rss_mb() - before, 1),
        "python_peak_mb": round(python_peak / 1024 / 1024, 1),
        "file_mb": round(Path(path).stat().st_size / 1024 / 1024, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the database for a rerun")
    parser.add_argument(
        "--python-memory",
        action="store_true",
        help="also run each format under tracemalloc (Python's own peak; slower)",
    )
    args = parser.parse_args()
    if args.child:
        connection.settings_dict["NAME"] = args.database
        with tempfile.TemporaryDirectory() as folder:
            target = str(Path(folder) / f"export.{args.child}")
            print(json.dumps(child(args.child, target, python_memory=args.python_memory)))
        return
    workdir = Path(
        tempfile.gettempdir() if args.keep else tempfile.mkdtemp(prefix="exports-bench-")
    )
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "anchors-exports-bench.sqlite3")
    original = connection.settings_dict["NAME"]
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    ok = True
    try:
        if not Collaborative.objects.filter(name=LARGE_NAME).exists():
            started = time.perf_counter()
            build_large(**LARGE)
            print(f"Built the large collaborative in {time.perf_counter() - started:.0f} s")
        values = MetricValue.objects.filter(collaborative__name=LARGE_NAME).count()
        print(f"{connection.vendor}: {values:,} metric values")
        connection.close()
        print(
            "| format | rows | time | RSS before | RSS peak | growth during the export "
            "| Python peak (tracemalloc) | file |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        extra = ["--python-memory"] if args.python_memory else []
        for format in ("csv", "xlsx"):
            out = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--child", format, "--database", database, *extra],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            met = result["seconds"] < SECONDS and result["rss_growth_mb"] < MEGABYTES
            ok = ok and met
            python_peak = f"{result['python_peak_mb']} MB" if args.python_memory else "—"
            print(
                f"| {format} | {result['rows']:,} | {result['seconds']} s | "
                f"{result['rss_before_mb']} MB | {result['peak_rss_mb']} MB | "
                f"{result['rss_growth_mb']} MB | {python_peak} | {result['file_mb']} MB |"
                + ("" if met else " MISSED")
            )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original, verbosity=0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
