"""Benchmark: import 100,000 metric values (50 organisations × 50 metrics × 40 quarters).

Prints the rows, the dry run's time (read, check every row, keep the checked plan), the confirm's
(reuse that plan, write every value and its history row in one transaction), the total and the
process's peak memory (maximum resident set), then what the same machine needs at the least for
the same work: pandas reading the file, and a plain COPY (PostgreSQL) or executemany (SQLite) of
the same rows into the same table, with the ratios. Targets (docs/adr/0008): total under 10 s on
PostgreSQL and 6 s on SQLite, under 400 MB.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/metrics_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench ... (the same, on PostgreSQL)
    ... --xlsx          the same rows as an Excel workbook instead of CSV
    ... --repeat 3      each part three times, the best reported (on a machine others share)

It builds a throwaway test database (a temporary SQLite file, or test_<name> on PostgreSQL when
DATABASE_URL points there) and removes it afterwards; it never touches your own data.
"""

import argparse
import datetime
import gc
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

import pandas as pd  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from anchors.models import Collaborative, Membership, Organisation, Person, Role, User  # noqa: E402
from metrics import services  # noqa: E402
from metrics.models import Metric, MetricValue, Outcome, ReportingPeriod  # noqa: E402

ORGANISATIONS, METRICS, QUARTERS = 50, 50, 40
RATIO_EVERY = 4  # every fourth metric is a ratio (numerator and denominator)
TARGET_SECONDS = {"postgresql": 10, "sqlite": 6}
TARGET_MB = 400


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
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each part N times and report the best"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="metrics-bench-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    ready = time.perf_counter() - started
    print(f"Database: {connection.vendor} (test database ready in {ready:.1f} s)")
    print(
        f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        "(other work on the machine slows every figure below)"
    )
    try:
        ok = run(args)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        for path in workdir.glob("*"):
            path.unlink()
        workdir.rmdir()
    if not ok:
        sys.exit(1)


def run(args) -> bool:
    collaborative, user, organisations, metrics, periods = build_framework()
    lines = build_rows(organisations, metrics, periods)
    rows = len(lines) - 1
    if args.xlsx:
        name, data = "benchmark.xlsx", as_xlsx(lines)
    else:
        name, data = "benchmark.csv", ("\n".join(lines) + "\n").encode()
    del lines
    gc.collect()
    print(f"Memory before importing: {current_mb():.0f} MB (Python, Django, pandas, the file)")
    print(
        f"File: {name} ({ORGANISATIONS} organisations × {METRICS} metrics × {QUARTERS} "
        f"quarters), {len(data) / 1024 / 1024:.1f} MB"
    )
    runs = []
    for attempt in range(args.repeat):
        if attempt:
            empty_tables()
        dry, confirm, dry_cpu, confirm_cpu = import_once(user, collaborative, name, data, rows)
        runs.append((dry, confirm, dry_cpu, confirm_cpu))
        if args.repeat > 1:
            print(
                f"  run {attempt + 1}: dry run {dry:.2f} s + confirm {confirm:.2f} s = "
                f"{dry + confirm:.2f} s"
            )
    peak = peak_mb()  # before the comparisons below, which are not the import's
    dry, confirm, dry_cpu, confirm_cpu = min(runs, key=lambda run: run[0] + run[1])
    total = dry + confirm
    read = min(pandas_read(name, data) for _ in range(args.repeat))
    plain = min(
        plain_write(collaborative, user, organisations, metrics, periods, data)
        for _ in range(args.repeat)
    )

    target = TARGET_SECONDS[connection.vendor]
    plain_name = "Plain COPY" if connection.vendor == "postgresql" else "Plain executemany"
    reader = "pandas read_excel" if args.xlsx else "pandas read_csv"
    if args.repeat > 1:
        print(f"Best of {args.repeat} runs (each comparison too):")
    where = (
        "Python and SQLite"
        if connection.vendor == "sqlite"
        else "Python and its PostgreSQL server process"
    )
    print(f"Rows:                {rows:9,}")
    print(
        f"Dry run:             {dry:9.2f} s  (read, check every row, keep the checked plan; "
        f"CPU {dry_cpu:.2f} s)"
    )
    print(
        f"Confirm:             {confirm:9.2f} s  (reuse the checked plan; write values + history; "
        f"CPU {confirm_cpu:.2f} s)"
    )
    print(f"Total:               {total:9.2f} s  (target < {target} s on {connection.vendor})")
    print(
        f"CPU used:            {dry_cpu + confirm_cpu:9.2f} s  ({where}; the rest of the total "
        "is waiting for a CPU or the disk)"
    )
    print(f"Peak memory:         {peak:9.0f} MB (maximum resident set; target < {TARGET_MB} MB)")
    print(f"{reader + ':':21s}{read:9.2f} s  dry run ÷ pandas read       {dry / read:5.1f}×")
    print(
        f"{plain_name + ':':21s}{plain:9.2f} s  confirm ÷ plain write       {confirm / plain:5.1f}×"
        "  (values only, same table, committed)"
    )
    print(
        f"Read + plain write:  {read + plain:9.2f} s  total ÷ (read + plain write) "
        f"{total / (read + plain):4.1f}×"
    )
    ok = total < target and peak < TARGET_MB
    print(f"Load average after:  {os.getloadavg()[0]:9.1f}")
    print("Result:              " + ("within target" if ok else "OVER TARGET"))
    return ok


def cpu_seconds() -> float:
    """CPU time used so far by this process and, on PostgreSQL on this machine, by the server
    process serving this connection: the work itself, whatever else the machine is doing."""
    used = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the database runs elsewhere: this process only
            return used
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def import_once(user, collaborative, name, data, rows) -> tuple[float, float, float, float]:
    """One dry run and its confirm, timed apart (wall clock, and CPU time: ``cpu_seconds``); the
    rows and history checked afterwards."""
    started, cpu = time.perf_counter(), cpu_seconds()
    batch, plan = services.import_upload(
        user=user, collaborative=collaborative, name=name, data=data
    )
    dry, dry_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    assert not plan.errors, plan.errors[:5]
    assert plan.to_create == rows, plan.to_create
    assert MetricValue.objects.count() == 0
    digest = plan.digest
    del plan
    gc.collect()

    started, cpu = time.perf_counter(), cpu_seconds()
    services.import_confirm(user=user, batch=batch, digest=digest)
    confirm, confirm_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    assert MetricValue.objects.count() == rows
    assert MetricValue.history.filter(history_type="+").count() == rows
    sample = MetricValue.objects.filter(metric__kind="amount").first()
    assert sample.value == sample.value.quantize(Decimal("0.01"))
    return dry, confirm, dry_cpu, confirm_cpu


def empty_tables():
    """The values and their history removed, so the next run writes into empty tables again."""
    table = connection.ops.quote_name(MetricValue._meta.db_table)
    history = connection.ops.quote_name(MetricValue.history.model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}, {history}")
        else:
            cursor.execute(f"DELETE FROM {history}")  # noqa: S608
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            cursor.execute("VACUUM")


def pandas_read(name, data) -> float:
    """How long pandas alone takes to read the file's cells as text."""
    started = time.perf_counter()
    if name.endswith(".xlsx"):
        frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    elapsed = time.perf_counter() - started
    assert len(frame) == ORGANISATIONS * METRICS * QUARTERS
    return elapsed


PLAIN_COLUMNS = (
    "collaborative_id",
    "organisation_id",
    "metric_id",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
    "evidence_file",
    "state",
    "return_reason",
    "entered_by_id",
    "created_by_id",
    "created_at",
    "updated_at",
)


def plain_write(collaborative, user, organisations, metrics, periods, data) -> float:
    """The least the database needs to store the same rows in the same table: the import's rows
    are removed, then the same values go in again by one plain COPY (PostgreSQL) or executemany
    (SQLite) of rows prepared beforehand, committed (foreign keys checked), with no checking,
    no plan and no history."""
    empty_tables()
    table = connection.ops.quote_name(MetricValue._meta.db_table)
    org = {o.short_name: o.pk for o in organisations}
    metric = {m.code: m.pk for m in metrics}
    period = {p.code: p.pk for p in periods}
    now = connection.ops.adapt_datetimefield_value(datetime.datetime.now(datetime.UTC))
    rows = []
    for line in data.decode().splitlines()[1:]:
        o, m, p, v, n, d, note = line.split(",")
        rows.append(
            (collaborative.pk, org[o], metric[m], period[p], v or None, n or None, d or None)
            + (note, "", MetricValue.State.DRAFT, "", user.pk, user.pk, now, now)
        )
    columns = ", ".join(PLAIN_COLUMNS)
    if connection.vendor == "postgresql":
        text = io.StringIO(
            "".join("\t".join("\\N" if v is None else str(v) for v in row) + "\n" for row in rows)
        )
        del rows
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", text, size=1 << 20)
    else:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(PLAIN_COLUMNS))})",
                rows,
            )
    elapsed = time.perf_counter() - started
    assert MetricValue.objects.count() == ORGANISATIONS * METRICS * QUARTERS
    return elapsed


if __name__ == "__main__":
    main()
