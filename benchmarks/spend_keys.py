"""Benchmark: what the database's checks of a spend line's copied keys cost (ADR 15).

Migration 0006 made a spend line's collaborative, organisation, period and creator real foreign
keys again (0005 had dropped their checks for speed). This imports the 50,000-line file of
``benchmarks/spend_import.py`` several times, alternately with the four keys checked (as
migrated) and not checked (as 0005 had them), interleaved so that the load of a shared machine
falls on both alike, and prints the upload + confirm time of each and the medians.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/spend_keys.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench ... (the same, on PostgreSQL)

Like the import benchmark it builds a throwaway test database and removes it afterwards.
"""

import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spend_import as bench  # noqa: E402 - sets Django up first
from allauth.account.models import EmailAddress  # noqa: E402
from django.db import connection  # noqa: E402

from anchors.models import Collaborative, User  # noqa: E402
from procurement.models import SpendLine  # noqa: E402
from procurement.services import spend as services  # noqa: E402

ROUNDS = 3
KEYS = ["collaborative", "organisation", "period", "created_by"]


STATE = {"checked": True}  # as migrated


def set_checked(checked: bool):
    """Add (or drop) the four keys' constraints, as migration 0006 (or 0005) has them."""
    if STATE["checked"] == checked:
        return
    STATE["checked"] = checked
    with connection.schema_editor() as editor:
        for name in KEYS:
            field = SpendLine._meta.get_field(name)
            old, new = copy.copy(field), copy.copy(field)
            old.db_constraint, new.db_constraint = not checked, checked
            editor.alter_field(SpendLine, old, new)


def one_import(number: int) -> float:
    # Each import in its own collaborative, as the first one (the builder's names are fixed).
    User.objects.filter(email="lead@example.org").update(email=f"lead{number}@example.org")
    EmailAddress.objects.filter(email="lead@example.org").update(email=f"lead{number}@example.org")
    Collaborative.objects.filter(name="Benchmark collaborative").update(
        name=f"Benchmark collaborative {number}"
    )
    organisation, user, period, names, rng = bench.build()
    data = bench.spend_file(names, rng)
    started = time.perf_counter()
    batch = services.spend_upload(
        user=user, organisation=organisation, period=period, name="spend.csv", data=data
    )
    plan = services.spend_plan(batch=batch)
    assert plan.ok, plan.errors[:5]
    upload = time.perf_counter() - started
    digest = services.plan_digest(batch, plan)
    started = time.perf_counter()
    services.spend_confirm(user=user, batch=batch, digest=digest)
    confirm = time.perf_counter() - started
    assert SpendLine.objects.filter(batch=batch).count() == bench.LINES
    return upload, confirm


def run():
    times = {True: [], False: []}
    number = 0
    for round_number in range(1, ROUNDS + 1):
        for checked in (False, True) if round_number % 2 else (True, False):
            set_checked(checked)
            number += 1
            upload, confirm = one_import(number)
            times[checked].append(confirm)
            label = "keys checked    " if checked else "keys not checked"
            print(
                f"round {round_number}, {label}: upload {upload:5.2f} s, confirm {confirm:5.2f} s"
            )
    set_checked(True)
    checked, unchecked = statistics.median(times[True]), statistics.median(times[False])
    # Each round's two imports ran side by side: their difference is the least disturbed figure.
    paired = statistics.median(a - b for a, b in zip(times[True], times[False], strict=True))
    print(
        f"Confirm of {bench.LINES:,} lines, median of {ROUNDS}: keys checked {checked:.2f} s, "
        f"not checked {unchecked:.2f} s; the four checks cost {paired:+.2f} s "
        f"(median of the rounds' differences, {paired / unchecked:+.0%})"
    )


def main():
    workdir = Path(tempfile.mkdtemp(prefix="spend-keys-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"Database: {connection.vendor}", flush=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        for path in workdir.glob("*"):
            path.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
