"""Benchmark: the first page of every list endpoint of the read-only API on the large
collaborative, against the cheapest authenticated endpoint (``/api/v1/me/``).

Builds the large collaborative (benchmarks.builder: 50 anchors, 500 people, 2,000 workshops,
20,000 actions, ≈ 100,000 metric values) in a throwaway database, makes the facilitator a
personal API token (the facilitator sees the most), and requests every endpoint with it through
the whole middleware stack in interleaved rounds, so a slow moment of the machine falls on every
endpoint alike. For each it prints the median and 95th-percentile time, the ratio of the median to
the baseline's, the SQL queries of one request and the JSON size.

Target: every list's first page ≤ 3× the baseline's median.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/api.py
    ... --rounds 50 --markdown      more rounds; print the table as Markdown (README)
    ... --keep --only workshops --profile   where one endpoint's time goes (cProfile)

The database is a temporary SQLite file (or test_<name> on PostgreSQL), removed afterwards.
Exit status 1 if an endpoint misses the target.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from anchors.common.api.pagination import PortalCursorPagination  # noqa: E402
from anchors.models import Person  # noqa: E402
from anchors.services.api_tokens import api_token_create  # noqa: E402
from benchmarks.pages import large_collaborative, p95  # noqa: E402
from metrics.models import MetricValue  # noqa: E402

RATIO_TARGET = 3.0
BASELINE = "/api/v1/me/"
LISTS = [
    "organisations",
    "people",
    "workstreams",
    "workshops",
    "actions",
    "metrics",
    "periods",
    "values",
    "procurement/status",
    "procurement/pipeline",
    "procurement/joint-matches",
    "procurement/suppliers",
    "procurement/spend-shares",
    "governance/escalations",
    "governance/decisions",
    "governance/reports",
    "workforce/hiring",
]


def endpoints(data):
    urls = [("Me (baseline)", BASELINE)]
    urls += [(name, f"/api/v1/{name}/") for name in LISTS]
    urls.append(("values ?state=verified", "/api/v1/values/?state=verified"))
    urls.append(("metric figures", f"/api/v1/metrics/{data.metrics[0].pk}/figures/"))
    return urls


def profile(client, url):
    """Where one request's time goes (cProfile over 5 requests, by cumulative and own time)."""
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def measure(client, urls, rounds):
    times = {url: [] for url in urls}
    for url in urls:  # warm: caches filled
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times[url].append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
    return times


def run(args) -> bool:
    # The benchmark makes thousands of requests with one token: lift the rate limit.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "1000000/min"},
    }
    started = time.perf_counter()
    data = large_collaborative()
    print(
        f"Large collaborative ready in {time.perf_counter() - started:.1f} s: "
        f"{len(data.organisations)} anchors, {Person.objects.count():,} people, "
        f"{MetricValue.objects.count():,} metric values."
    )
    _, secret = api_token_create(
        user=data.facilitator, collaborative=data.collaborative, name="Benchmark", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    listed = endpoints(data)
    if args.only:
        listed = [(label, url) for label, url in listed if url == BASELINE or args.only in label]
    if args.profile:
        for label, url in listed:
            print(f"== {label}: {url}")
            profile(client, url)
        return True
    urls = [url for _, url in listed]
    times = measure(client, urls, args.rounds)
    baseline = statistics.median(times[BASELINE])
    rows, ok = [], True
    for label, url in listed:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        body = response.content
        results = response.json().get("results") if url != BASELINE else None
        median = statistics.median(times[url])
        ratio = median / baseline
        within = ratio <= RATIO_TARGET
        ok &= within
        rows.append(
            (
                label,
                "—" if results is None else str(len(results)),
                f"{median * 1000:.1f}",
                f"{p95(times[url]) * 1000:.1f}",
                f"{ratio:.1f}×",
                str(len(queries)),
                f"{len(body) / 1024:,.0f}",
                "yes" if within else "NO",
            )
        )
    heading = ("Endpoint", "Rows", "Median ms", "p95 ms", "× me", "Queries", "KB", "Within")
    print(
        f"\n{connection.vendor}: {args.rounds} interleaved rounds, first page "
        f"({PortalCursorPagination.page_size} rows); target "
        f"≤ {RATIO_TARGET:g}× the baseline's median ({baseline * 1000:.1f} ms)\n"
    )
    if args.markdown:
        print("| " + " | ".join(heading) + " |")
        print("|" + "|".join("---" if i == 0 else "--:" for i in range(len(heading))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [heading, *rows]) for i in range(len(heading))]
        for row in [heading, *rows]:
            print(
                "  ".join(
                    cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                    for i, cell in enumerate(row)
                )
            )
    print(f"\nEvery list within target: {'yes' if ok else 'NO'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="requests of each endpoint")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--only", help="only the endpoints whose label contains this (and me)")
    parser.add_argument("--profile", action="store_true", help="profile the endpoints instead")
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run")
    args = parser.parse_args()
    workdir = Path(tempfile.gettempdir() if args.keep else tempfile.mkdtemp(prefix="api-bench-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "anchors-api-bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        ok = run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
