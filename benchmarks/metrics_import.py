"""Benchmark: import 100,000 metric values (50 organisations × 50 metrics × 40 quarters).

Prints rows per second for the dry run (read, check every row, plan) and for the confirmed import
(read and check again, then write every value and its history row in one transaction), the whole
time, and the process's peak memory. Target: whole import under 20 s and under 500 MB.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/metrics_import.py
    ... --xlsx          the same rows as an Excel workbook instead of CSV

It builds a throwaway test database (a temporary SQLite file, or test_<name> on PostgreSQL when
DATABASE_URL points there) and removes it afterwards; it never touches your own data.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# The project's modules need Django set up before they are imported.
django.setup()

from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from anchors.models import Collaborative, Membership, Organisation, Person, Role, User  # noqa: E402
from metrics import services  # noqa: E402
from metrics.models import Metric, MetricValue, Outcome, ReportingPeriod  # noqa: E402

ORGANISATIONS, METRICS, QUARTERS = 50, 50, 40
RATIO_EVERY = 4  # every fourth metric is a ratio (numerator and denominator)
TARGET_SECONDS, TARGET_MB = 20, 500


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_framework():
    collaborative = Collaborative.objects.create(name="Benchmark collaborative", place="Anywhere")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            collaborative=collaborative,
            name=f"Organisation {i:02d}",
            short_name=f"Org {i:02d}",
            kind=Organisation.Kind.NHS_TRUST,
            role=Organisation.CollaborativeRole.CORE_ANCHOR,
        )
        for i in range(ORGANISATIONS)
    )
    outcome = Outcome.objects.create(collaborative=collaborative, name="Benchmark outcome")
    metrics = Metric.objects.bulk_create(
        Metric(
            collaborative=collaborative,
            outcome=outcome,
            code=f"BENCH-{i:02d}",
            name=f"Benchmark metric {i:02d}",
            definition="Synthetic.",
            unit=Metric.Unit.PERCENT if i % RATIO_EVERY == 0 else Metric.Unit.COUNT,
            kind=Metric.Kind.RATIO if i % RATIO_EVERY == 0 else Metric.Kind.AMOUNT,
            numerator_label="Part" if i % RATIO_EVERY == 0 else "",
            denominator_label="Whole" if i % RATIO_EVERY == 0 else "",
            direction=Metric.Direction.HIGHER,
        )
        for i in range(METRICS)
    )
    periods = []
    for index in range(QUARTERS):
        period = ReportingPeriod(
            collaborative=collaborative,
            financial_year=2016 + index // 4,
            quarter=index % 4 + 1,
            state=ReportingPeriod.State.OPEN,
        )
        period.clean()
        period.deadline = period.end_date
        periods.append(period)
    ReportingPeriod.objects.bulk_create(periods)
    user = User.objects.create_user(email="benchmark@example.org")
    person = Person.objects.create(
        collaborative=collaborative, name="Benchmark", organisation=organisations[0], user=user
    )
    Membership.objects.create(
        collaborative=collaborative,
        person=person,
        organisation=organisations[0],
        role=Role.FACILITATOR,
    )
    return collaborative, user, organisations, metrics, periods


def build_rows(organisations, metrics, periods):
    header = "organisation,metric,period,value,numerator,denominator,evidence_note"
    lines = [header]
    n = 0
    for org in organisations:
        for metric in metrics:
            ratio = metric.kind == "ratio"
            for period in periods:
                n += 1
                if ratio:
                    figures = f",{n % 997},{1000 + n % 500}"
                else:
                    figures = f"{(n * 37) % 100000}.{n % 100:02d},,"
                lines.append(
                    f"{org.short_name},{metric.code},{period.code},{figures},Benchmark row {n}"
                )
    return lines


def as_xlsx(lines) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Values")
    for line in lines:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--xlsx", action="store_true", help="benchmark an .xlsx file instead")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="metrics-bench-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    ready = time.perf_counter() - started
    print(f"Database: {connection.vendor} (test database ready in {ready:.1f} s)")
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        for path in workdir.glob("*"):
            path.unlink()
        workdir.rmdir()


def run(args):
    collaborative, user, organisations, metrics, periods = build_framework()
    lines = build_rows(organisations, metrics, periods)
    rows = len(lines) - 1
    if args.xlsx:
        name, data = "benchmark.xlsx", as_xlsx(lines)
    else:
        name, data = "benchmark.csv", ("\n".join(lines) + "\n").encode()
    del lines
    print(f"Memory before importing: {current_mb():.0f} MB (Python, Django, pandas, the file)")
    print(
        f"File: {name}, {rows:,} rows ({ORGANISATIONS} organisations × {METRICS} metrics × "
        f"{QUARTERS} quarters), {len(data) / 1024 / 1024:.1f} MB"
    )

    started = time.perf_counter()
    batch, plan = services.import_upload(
        user=user, collaborative=collaborative, name=name, data=data
    )
    dry = time.perf_counter() - started
    assert not plan.errors, plan.errors[:5]
    assert plan.to_create == rows, plan.to_create
    assert MetricValue.objects.count() == 0
    print(f"Dry run:      {dry:6.2f} s  {rows / dry:10,.0f} rows/s  (nothing written)")

    started = time.perf_counter()
    services.import_confirm(user=user, batch=batch, digest=plan.digest)
    write = time.perf_counter() - started
    assert MetricValue.objects.count() == rows
    assert MetricValue.history.count() == rows
    print(f"Import:       {write:6.2f} s  {rows / write:10,.0f} rows/s  (checked again, written)")

    total = dry + write
    print(f"Whole import: {total:6.2f} s  (dry run + confirm; target < {TARGET_SECONDS} s)")

    started = time.perf_counter()
    _, again = services.import_upload(user=user, collaborative=collaborative, name=name, data=data)
    reimport = time.perf_counter() - started
    assert (again.to_create, again.to_change, again.unchanged) == (0, 0, rows)
    print(
        f"Re-import:    {reimport:6.2f} s  {rows / reimport:10,.0f} rows/s  "
        f"(all {rows:,} unchanged, nothing written)"
    )
    sample = MetricValue.objects.filter(metric__kind="amount").first()
    assert sample.value == sample.value.quantize(Decimal("0.01"))

    peak = peak_mb()
    print(f"Peak memory:  {peak:6.0f} MB (process maximum resident set; target < {TARGET_MB} MB)")
    ok = total < TARGET_SECONDS and peak < TARGET_MB
    print("Result:       " + ("within target" if ok else "OVER TARGET"))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
