"""Benchmark: loading a 1,000,000-row postcode lookup shaped like the ONS Postcode Directory
(about 50 columns, as published) with ``manage.py load_postcode_lookup``.

Writes the file (not timed), then runs the command in a child process and prints its time and
its peak memory (the child's maximum resident set size). Targets: under 60 s and under 300 MB.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/postcode_lookup.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anchors_postcode_bench ... (on PostgreSQL)

It builds a throwaway test database (a temporary SQLite file, or test_<name> on PostgreSQL when
DATABASE_URL points there) and removes it afterwards; it never touches your own data.
"""

import csv
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402

ROWS = int(os.environ.get("POSTCODE_ROWS", 1_000_000))
TARGET_SECONDS, TARGET_MB = 60.0, 300.0
# The ONSPD's columns (May 2025 edition), in its order.
HEADINGS = (
    "pcd7,pcd8,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,"
    "osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,"
    "npark,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua24,ru11ind,oac11,lat,long,"
    "lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21"
).split(",")


def write_file(path: Path):
    rng = random.Random(2025)  # noqa: S311 - benchmark data
    letters = string.ascii_uppercase
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for number in range(ROWS):
            area = letters[number % 26] + letters[(number // 26) % 26]
            district = (number // 676) % 100
            inward = (
                f"{number // 67600 % 10}{letters[number // 676000 % 26]}{letters[number % 7 + 3]}"
            )
            pcds = f"{area}{district} {inward}"
            lsoa11 = f"E0{1000000 + number % 32844:07d}"
            lsoa21 = f"E0{1000000 + number % 33755:07d}"
            row = dict.fromkeys(HEADINGS, "")
            row.update(
                pcd7=pcds.replace(" ", "").ljust(7),
                pcd8=pcds,
                pcds=pcds,
                dointr="199906",
                doterm="202001" if number % 9 == 0 else "",
                oslaua="E09000012",
                osward="E05009367",
                usertype=str(number % 2),
                oseast1m=str(530000 + rng.randrange(9000)),
                osnrth1m=str(180000 + rng.randrange(9000)),
                osgrdind="1",
                ctry="E92000001",
                rgn="E12000007",
                lsoa11=lsoa11,
                msoa11="E02000001",
                oa11="E00000001",
                lsoa21=lsoa21,
                msoa21="E02000001",
                oa21="E00000001",
                lat=f"{51.5 + rng.random() / 10:.6f}",
                long=f"{-0.1 + rng.random() / 10:.6f}",
                imd=str(rng.randrange(1, 32845)),
                icb="E54000029",
            )
            writer.writerow(row.values())


def main():
    workdir = Path(tempfile.mkdtemp(prefix="postcode-bench-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"Database: {connection.vendor}")
    ok = False
    try:
        path = workdir / "ONSPD_bench.csv"
        started = time.monotonic()
        write_file(path)
        size = path.stat().st_size / 1024 / 1024
        print(
            f"File: {ROWS:,} rows x {len(HEADINGS)} columns, {size:.0f} MB, written in "
            f"{time.monotonic() - started:.1f} s"
        )
        env = dict(os.environ)
        if connection.vendor == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
        else:
            url = env["DATABASE_URL"].rsplit("/", 1)[0]
            env["DATABASE_URL"] = f"{url}/{test_name}"
        connection.close()
        started = time.monotonic()
        subprocess.run(  # noqa: S603 - our own command
            [sys.executable, str(ROOT / "manage.py"), "load_postcode_lookup", str(path)],
            check=True,
            env=env,
        )
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        from workforce.models import PostcodeLsoa

        loaded = PostcodeLsoa.objects.count()
        print(f"Loaded {loaded:,} postcodes in {seconds:.1f} s, peak memory {peak:.0f} MB")
        ok = seconds < TARGET_SECONDS and peak < TARGET_MB and loaded == ROWS
        print(
            f"Targets: under {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB: "
            + ("met" if ok else "NOT MET")
        )
    finally:
        connection.close()
        connection.creation.destroy_test_db(original_name, verbosity=0)
        for item in workdir.glob("*"):
            item.unlink()
        workdir.rmdir()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
