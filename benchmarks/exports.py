"""Benchmark: a full export of the large collaborative's 100,000 metric values, to CSV and to
Excel, through the toolkit's export path (anchors.common.exports.export_file, what the background
task runs for an export over 10,000 rows), as the facilitator.

Builds the large collaborative (benchmarks.builder: 50 anchors × 60 metrics × 40 quarters ≈
100,000 values) in a throwaway database, then runs each format in a fresh subprocess so that its
peak memory is its own (the building process's memory is not counted): wall time, the process's
resident memory before the export (its baseline: Django, the project, its URLconf and the export's
module loaded, as in a web or task worker), its peak resident memory over its whole life (VmHWM,
the export included) and the growth, and Python's own peak allocation during the export
(tracemalloc).

Targets: under 10 s and a peak under 200 MB for each format — the whole process's peak, not only
what the export adds. ``--python-memory`` adds Python's own peak allocation (tracemalloc) in a
slower run.

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
from django.urls import resolve  # noqa: E402

from anchors.common import exports, registry  # noqa: E402
from anchors.models import Collaborative, User  # noqa: E402
from benchmarks.builder import LARGE, LARGE_NAME, build_large  # noqa: E402
from metrics.models import MetricValue  # noqa: E402

SECONDS = 10.0
MEGABYTES = 200.0
EXPORT = "metrics.figures"  # every value the facilitator may see: one row each
# Large libraries, listed when the export's process has them loaded (XlsxWriter: the Excel
# export's own; the others: what the export does not use, loaded by a module's top-level import).
HEAVY = ("pandas", "numpy", "openpyxl", "plotly", "weasyprint", "xlsxwriter")


def _status_mb(field: str) -> float | None:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, from /proc (Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def _rss_mb() -> float:
    """Resident memory now (VmRSS), or the peak where /proc is not there."""
    now = _status_mb("VmRSS")
    return now if now is not None else _peak_mb()


def _peak_mb() -> float:
    """The process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss survives
    exec, so a subprocess started from the benchmark (which has the built database's objects in
    memory) would report the parent's size rather than its own."""
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(format: str, path: str, *, python_memory=False) -> dict:
    """One export in this process, measured: wall time, the process's resident memory before
    (Django, the project, its URLconf and the export's module loaded, as in a worker) and its
    peak over its whole life, the export included."""
    resolve("/")  # the URLconf and every view module it names, as in a web process
    collaborative = Collaborative.objects.get(name=LARGE_NAME)
    user = User.objects.get(email="facilitator.large@example.org")
    registry.export_builder(EXPORT)  # its module imported, as in a worker that ran one before
    before = _rss_mb()
    peak_before = _peak_mb()
    if python_memory:
        tracemalloc.start()  # slows the export down: off for the timed runs
    started, cpu_started = time.perf_counter(), time.process_time()
    export = exports.build_export(EXPORT, user=user, collaborative=collaborative, query=QueryDict())
    with open(path, "wb") as target:
        exports.export_file(export, format, target)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    python_peak = tracemalloc.get_traced_memory()[1] if python_memory else 0
    tracemalloc.stop()
    return {
        "format": format,
        "rows": export.count,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_rss_mb": round(_peak_mb(), 1),
        "rss_before_mb": round(before, 1),
        "peak_before_mb": round(peak_before, 1),
        "rss_growth_mb": round(_peak_mb() - before, 1),
        "modules": sorted(m for m in HEAVY if m in sys.modules),
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
            "| format | rows | time (CPU) | RSS before (baseline) | RSS peak (VmHWM) | growth "
            "| Python peak (tracemalloc) | file | heavy libraries loaded |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
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
            met = result["seconds"] < SECONDS and result["peak_rss_mb"] < MEGABYTES
            ok = ok and met
            python_peak = f"{result['python_peak_mb']} MB" if args.python_memory else "—"
            print(
                f"| {format} | {result['rows']:,} | "
                f"{result['seconds']} s ({result['cpu_seconds']} s) | "
                f"{result['rss_before_mb']} MB | {result['peak_rss_mb']} MB | "
                f"{result['rss_growth_mb']} MB | {python_peak} | {result['file_mb']} MB | "
                f"{', '.join(result['modules']) or 'none'} |" + ("" if met else " MISSED")
            )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original, verbosity=0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
