"""Benchmark: importing a 50,000-line spend file as a council publishes it.

The file has title lines above the headings, £ amounts with thousands separators in quotes,
credit notes, dd/mm/yyyy dates, ledger codes in the expense type, company numbers appended to
some names and withheld names; 3,000 suppliers, 2,000 of them already in the register. Prints the
time of each step — upload (read, find the headings, check every row, keep the cells), the
preview's dry run, and the confirm (check again, match suppliers, add the new ones with history,
write the lines, write four draft metric values) — and the whole import (target: under 10 s).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/spend_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench ... (the same, on PostgreSQL)

It builds a throwaway test database (a temporary SQLite file, or test_<name> on PostgreSQL when
DATABASE_URL points there) and removes it afterwards; it never touches your own data.
"""

import datetime
import os
import random
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

from django.db import connection  # noqa: E402

from anchors.models import Collaborative, Membership, Organisation, Person, Role, User  # noqa: E402
from metrics.models import Metric, MetricValue, Outcome, ReportingPeriod  # noqa: E402
from procurement.models import AreaDistrict, SpendLine, Supplier  # noqa: E402
from procurement.services import spend as services  # noqa: E402
from procurement.services.suppliers import prepare_supplier  # noqa: E402

LINES = 50_000
SUPPLIERS, IN_REGISTER = 3_000, 2_000
TARGET_SECONDS = 10.0
DISTRICTS = ["E1", "E2", "E5", "E8", "E9", "E15", "N1", "N4", "N16", "EC1", "EC2", "EC3", "EC4"]
ELSEWHERE = ["SL1", "M1", "B4", "LS1", "BS1", "CF10", "G1", "NW1", "SE1", "W1"]
CATEGORIES = [
    "(55040) Admin & Clerical",
    "(41200) Building Repairs",
    "(42000) Cleaning",
    "(30100) Drugs",
    "(51000) Grants to Voluntary Organisations",
    "(60000) Care Packages",
    "(55010) Printing",
    "(47000) Agency Staff",
]


def build():
    rng = random.Random(2026)  # noqa: S311 - benchmark data, not security
    collaborative = Collaborative.objects.create(name="Benchmark collaborative", place="Anytown")
    organisation = Organisation.objects.create(
        collaborative=collaborative,
        name="Anytown Council",
        short_name="ATC",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        role=Organisation.CollaborativeRole.CORE_ANCHOR,
    )
    user = User.objects.create_user("lead@example.org", "benchmark")
    person = Person.objects.create(
        collaborative=collaborative, name="Lead", organisation=organisation, user=user
    )
    Membership.objects.create(
        collaborative=collaborative,
        person=person,
        organisation=organisation,
        role=Role.PROCUREMENT_LEAD,
    )
    period = ReportingPeriod.objects.create(
        collaborative=collaborative,
        financial_year=2025,
        quarter=1,
        deadline=datetime.date(2025, 7, 31),
    )
    outcome = Outcome.objects.create(collaborative=collaborative, name="Money stays local")
    for code in services.SPEND_METRICS:
        Metric.objects.create(
            collaborative=collaborative,
            outcome=outcome,
            code=code,
            name=code,
            definition="Share of spend.",
            unit=Metric.Unit.PERCENT,
            kind=Metric.Kind.RATIO,
            direction=Metric.Direction.HIGHER,
            numerator_label="Spend (£)",
            denominator_label="All spend (£)",
        )
    AreaDistrict.objects.bulk_create(
        AreaDistrict(collaborative=collaborative, district=d) for d in DISTRICTS
    )
    names = []
    for index in range(SUPPLIERS):
        district = rng.choice(DISTRICTS if rng.random() < 0.4 else ELSEWHERE)
        names.append((f"Supplier {index:04d} Ltd", f"{district} {rng.randrange(1, 9)}AB"))
    register = []
    for name, postcode in names[:IN_REGISTER]:
        supplier = Supplier(
            collaborative=collaborative,
            name=name,
            postcode=postcode,
            sme=rng.random() < 0.5,
            vcse=rng.random() < 0.15,
            bame_led=rng.random() < 0.1,
        )
        register.append(prepare_supplier(supplier, districts=DISTRICTS))
    Supplier.objects.bulk_create(register, batch_size=1000)
    return organisation, user, period, names, rng


def spend_file(names, rng) -> bytes:
    rows = [
        "Anytown Council",
        "Payments to suppliers over £500",
        "Period:,01/04/2025 to 30/06/2025",
        "",
        "Body Name,Expense Type,Payment Date,Transaction Number,Supplier Name,Supplier Postcode,"
        "Amount",
    ]
    start = datetime.date(2025, 4, 1)
    for index in range(LINES):
        name, postcode = rng.choice(names)
        if rng.random() < 0.02:
            name, postcode = "REDACTED PERSONAL DATA", ""
        elif rng.random() < 0.1:
            name = f"{name}:{rng.randrange(10**7, 10**8):08d}"
            postcode = ""
        pence = rng.randrange(50_000, 5_000_000)
        amount = f"£{pence // 100:,}.{pence % 100:02d}"
        if rng.random() < 0.03:
            amount = "-" + amount
        date = start + datetime.timedelta(days=rng.randrange(0, 91))
        rows.append(
            f'Anytown Council,{rng.choice(CATEGORIES)},{date:%d/%m/%Y},TN{index:06d},"{name}",'
            f'{postcode},"{amount}"'
        )
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def step(label, function):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label:<58} {seconds:6.2f} s")
    return result, seconds


def run() -> bool:
    started = time.perf_counter()
    organisation, user, period, names, rng = build()
    data = spend_file(names, rng)
    print(
        f"Built a register of {IN_REGISTER:,} suppliers and a spend file of {LINES:,} lines "
        f"({len(data) / 1024 / 1024:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )
    batch, upload = step(
        "Upload: read, find the headings, check every row, keep",
        lambda: services.spend_upload(
            user=user, organisation=organisation, period=period, name="spend.csv", data=data
        ),
    )
    plan, preview = step(
        "Preview: the dry run again from the kept cells", lambda: services.spend_plan(batch=batch)
    )
    assert plan.ok, plan.errors[:5]
    digest = services.plan_digest(batch, plan)
    result, confirm = step(
        "Confirm: check, match suppliers, write lines and metrics",
        lambda: services.spend_confirm(user=user, batch=batch, digest=digest),
    )
    total = upload + confirm
    lines = SpendLine.objects.filter(batch=batch).count()
    values = MetricValue.objects.filter(organisation=organisation, period=period).count()
    verdict = "under" if total < TARGET_SECONDS else "OVER"
    print(
        f"Imported {lines:,} lines ({result.new_suppliers:,} new suppliers, {values} draft metric "
        f"values): upload + confirm {total:.2f} s ({verdict} {TARGET_SECONDS:.0f} s); "
        f"with the preview {total + preview:.2f} s"
    )
    return lines == LINES and total < TARGET_SECONDS


def main():
    workdir = Path(tempfile.mkdtemp(prefix="spend-bench-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"Database: {connection.vendor}")
    try:
        ok = run()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        for path in workdir.glob("*"):
            path.unlink()
        workdir.rmdir()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
