"""Benchmark: every list and detail page on a large collaborative, against the cheapest signed-in
page.

Builds the large collaborative of the targets (benchmarks.builder: 50 anchors, 500 people, 2,000
workshops, 20,000 actions, 60 metrics × 40 quarters ≈ 100,000 values) in a throwaway database,
signs in as the facilitator (who sees the most), and requests every page through the whole
middleware stack (sessions, sign-in, two-factor check, CSP, compression) in interleaved rounds,
so a slow moment of the machine falls on every page alike. For each page it prints the median
and 95th-percentile server time, the ratio of the median to `/account/`'s, the SQL queries of
one request, and the HTML size raw and gzip-compressed.

Targets: every page ≤ 3× the minimal page's median and ≤ 200 KB compressed. The database's
statistics are gathered (``ANALYZE``) once it is built, as PostgreSQL's autovacuum would.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anchors ... benchmarks/pages.py
    ... --rounds 50 --markdown      more rounds; print the table as Markdown (README)

The database is a temporary SQLite file, or test_<name> on PostgreSQL when DATABASE_URL points
there, removed afterwards; it never touches your own data. Exit status 1 if a page misses a
target.
"""

import argparse
import cProfile
import gzip
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# The project's modules need Django set up before they are imported.
django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from anchors.models import (  # noqa: E402
    Action,
    Collaborative,
    Organisation,
    OrganisationUpdate,
    Person,
    User,
    Workshop,
    Workstream,
)
from benchmarks.builder import LARGE, LARGE_NAME, build_large, build_workforce  # noqa: E402
from metrics.models import Metric, MetricValue, ReportingPeriod  # noqa: E402
from workforce.models import (  # noqa: E402
    Apprentice,
    ApprenticeshipProgramme,
    Placement,
    Rotation,
    RotationHost,
    RouteProgramme,
    Starter,
)

RATIO_TARGET = 3.0
GZIP_TARGET_KB = 200
BASELINE = "/account/"


def pages(data) -> list[tuple[str, str]]:
    """(label, URL) of every list and detail page, the baseline first."""
    org = data.organisations[0]
    workshop = Workshop.objects.filter(collaborative=data.collaborative).order_by("-date").first()
    action = Action.objects.filter(collaborative=data.collaborative).first()
    person = Person.objects.filter(organisation=org).first()
    period = data.periods[-1]
    value = MetricValue.objects.filter(period=period, organisation=org).first()
    stream = data.workstreams[0]
    named = [
        ("Your account (baseline)", "anchors:my_account", []),
        ("Home", "anchors:home", []),
        ("Actions (open)", "anchors:action_list", []),
        ("Actions (every state)", "anchors:action_list", [], "?state="),
        ("Actions, page 40", "anchors:action_list", [], "?state=&page=40"),
        ("Action", "anchors:action_edit", [action.pk]),
        ("Workshops", "anchors:workshop_list", []),
        ("Workshops, page 30", "anchors:workshop_list", [], "?page=30"),
        ("Workshop", "anchors:workshop_detail", [workshop.pk]),
        ("Record a workshop", "anchors:workshop_create", []),
        ("Correct a workshop", "anchors:workshop_edit", [workshop.pk]),
        ("Workstreams", "anchors:workstream_list", []),
        ("Workstream (timeline of 400)", "anchors:workstream_detail", [stream.pk]),
        ("Organisations", "anchors:organisation_list", []),
        ("Organisation", "anchors:organisation_detail", [org.pk]),
        ("People", "anchors:person_list", []),
        ("Person", "anchors:person_detail", [person.pk]),
        ("Metrics framework", "metrics:index", []),
        ("Metric (40 quarters)", "metrics:metric_detail", [data.metrics[0].pk]),
        ("Periods", "metrics:period_list", []),
        ("Period", "metrics:period_detail", [period.pk]),
        ("Submission grid (all anchors)", "metrics:submit", [period.pk]),
        ("Submission grid (one anchor)", "metrics:submit", [period.pk], f"?organisation={org.pk}"),
        ("Value", "metrics:value_detail", [value.pk]),
        ("Import a file", "metrics:import", []),
        ("Procurement status", "procurement:index", []),
        ("Suppliers", "procurement:supplier_list", []),
        ("Supplier events", "procurement:event_list", []),
        ("Shared resources", "procurement:resource_list", []),
        ("Tender pipeline", "procurement:pipeline_list", []),
        ("Joint-tender finder", "procurement:joint_finder", []),
        ("Local what-if", "procurement:local_what_if", []),
        ("Spend", "procurement:spend", []),
        ("Dashboard", "governance:dashboard", []),
        ("Governance", "governance:index", []),
        ("Escalations", "governance:escalation_list", []),
        ("Decision log", "governance:decision_list", []),
        ("Quarterly reports", "governance:report_list", []),
        *workforce_pages(data),
    ]
    found = []
    for label, name, args, *query in named:
        try:
            found.append((label, reverse(name, args=args) + (query[0] if query else "")))
        except NoReverseMatch:
            continue  # a page of an app not built yet
    return found


def workforce_pages(data) -> list[tuple]:
    """The workforce app's GET pages, at their fullest: the anchor with the most starter rows,
    the programme with the most apprentices, the rotation with the largest cohort."""
    collaborative = data.collaborative
    org = data.organisations[0]
    route = RouteProgramme.objects.filter(collaborative=collaborative).order_by("pk").first()
    programme = (
        ApprenticeshipProgramme.objects.filter(collaborative=collaborative)
        .annotate(n=Count("apprentices"))
        .order_by("-n", "pk")
        .first()
    )
    apprentice = Apprentice.objects.filter(programme=programme).order_by("pk").first()
    rotation = (
        Rotation.objects.filter(collaborative=collaborative)
        .annotate(n=Count("members"))
        .order_by("-n", "pk")
        .first()
    )
    if route is None or programme is None or rotation is None:
        return []
    host = RotationHost.objects.filter(rotation=rotation).order_by("pk").first()
    placement = Placement.objects.filter(rotation=rotation).order_by("pk").first()
    return [
        ("Workforce overview", "workforce:index", []),
        ("Workforce settings", "workforce:hiring_settings", []),
        ("Workforce starters (one anchor)", "workforce:starter_list", [org.pk]),
        ("Workforce starters, page 20", "workforce:starter_list", [org.pk], "?page=20"),
        ("Workforce add a starter", "workforce:starter_add", [org.pk]),
        ("Workforce count starters", "workforce:starter_count", [org.pk]),
        ("Workforce import starters", "workforce:starter_import", [org.pk]),
        ("Workforce routes", "workforce:route_list", []),
        ("Workforce add a route", "workforce:route_create", []),
        ("Workforce route (40 quarters)", "workforce:route_detail", [route.pk]),
        ("Workforce edit a route", "workforce:route_edit", [route.pk]),
        ("Workforce route counts", "workforce:route_activity", [route.pk]),
        ("Workforce programmes", "workforce:programme_list", []),
        ("Workforce add a programme", "workforce:programme_create", []),
        ("Workforce programme (largest)", "workforce:programme_detail", [programme.pk]),
        ("Workforce edit a programme", "workforce:programme_edit", [programme.pk]),
        ("Workforce add an apprentice", "workforce:apprentice_add", [programme.pk]),
        ("Workforce edit an apprentice", "workforce:apprentice_edit", [apprentice.pk]),
        ("Workforce rotations", "workforce:rotation_list", []),
        ("Workforce add a rotation", "workforce:rotation_create", []),
        ("Workforce rotation (largest)", "workforce:rotation_detail", [rotation.pk]),
        ("Workforce edit a rotation", "workforce:rotation_edit", [rotation.pk]),
        ("Workforce rotation state", "workforce:rotation_state", [rotation.pk]),
        ("Workforce rotation proposal", "workforce:rotation_propose", [rotation.pk]),
        ("Workforce add a host", "workforce:host_add", [rotation.pk]),
        ("Workforce edit a host", "workforce:host_edit", [host.pk]),
        ("Workforce add to the cohort", "workforce:member_add", [rotation.pk]),
        ("Workforce add a placement", "workforce:placement_add", [rotation.pk]),
        ("Workforce edit a placement", "workforce:placement_edit", [placement.pk]),
    ]


def enrich(data):
    """What the detail pages show at their fullest: a long history on the action, 400 updates on
    the first workstream's timeline."""
    action = Action.objects.filter(collaborative=data.collaborative).first()
    for n in range(120):
        action.note = f"Progress note {n}"
        action._history_user = data.facilitator
        action.save()
    stream = data.workstreams[0]
    OrganisationUpdate.objects.bulk_create(
        OrganisationUpdate(
            collaborative=data.collaborative,
            workstream=stream,
            organisation=data.organisations[n % len(data.organisations)],
            date=data.workshops[-1].date,
            current_focus=f"Focus {n}",
            challenges="Sign-off takes months.",
            successes="A shared supplier list.",
        )
        for n in range(400)
    )


def measure(client, urls, rounds, clock=time.perf_counter):
    times = {url: [] for url in urls}
    for url in urls:  # warm: templates compiled, caches filled
        for _ in range(2):
            assert client.get(url, HTTP_ACCEPT_ENCODING="gzip").status_code == 200, url
    for _ in range(rounds):
        for url in urls:
            started = clock()
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            times[url].append(clock() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
    return times


def sizes_and_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    body = response.content
    raw = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    return len(queries), len(raw), len(body)


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def analyze():
    """Gather the planner's statistics, as PostgreSQL's autovacuum does within a minute of a bulk
    load (and SQLite's ``PRAGMA optimize``): without them a freshly built database is read with
    the plans of an empty one (SQLite scanned a collaborative's 96,000 values through the
    collaborative's index rather than the (period, state) one)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def large_collaborative():
    """The large collaborative, built now, or found again in a kept database (--keep)."""
    found = Collaborative.objects.filter(name=LARGE_NAME).first()
    if found is None:
        data = build_large(**LARGE)
        enrich(data)
        build_workforce(data)
        analyze()
        return data
    data = SimpleNamespace(
        collaborative=found,
        facilitator=User.objects.get(email="facilitator.large@example.org"),
        organisations=list(
            Organisation.objects.filter(collaborative=found, role="core_anchor").order_by("name")
        ),
        workstreams=list(Workstream.objects.filter(collaborative=found).order_by("name")),
        workshops=list(Workshop.objects.filter(collaborative=found).order_by("-date")),
        metrics=list(Metric.objects.filter(collaborative=found).order_by("order")),
        periods=list(
            ReportingPeriod.objects.filter(collaborative=found).order_by(
                "financial_year", "quarter"
            )
        ),
    )
    if not Starter.objects.filter(collaborative=found).exists():
        build_workforce(data)  # kept from before the benchmark had workforce pages
    analyze()  # kept from a run that may have stopped before
    return data


def profile(client, url):
    """Where one request's time goes (cProfile, top 30 by cumulative time)."""
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        client.get(url)
    profiler.disable()
    lines = int(os.environ.get("PROFILE_LINES", 30))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(lines)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    if os.environ.get("PROFILE_CALLERS"):  # who calls the functions matching this
        pstats.Stats(profiler).print_callers(os.environ["PROFILE_CALLERS"])


def run(args) -> bool:
    started = time.perf_counter()
    data = large_collaborative()
    print(
        f"Built the large collaborative in {time.perf_counter() - started:.1f} s: "
        f"{len(data.organisations)} anchors, {Person.objects.count():,} people, "
        f"{Workshop.objects.count():,} workshops, {Action.objects.count():,} actions, "
        f"{MetricValue.objects.count():,} metric values."
    )
    client = Client()
    client.force_login(data.facilitator, backend="django.contrib.auth.backends.ModelBackend")
    listed = pages(data)
    if args.only:
        listed = [(label, url) for label, url in listed if url == BASELINE or args.only in label]
    if args.profile:
        for label, url in listed[1:]:
            print(f"== {label}: {url}")
            profile(client, url)
        return True
    urls = [url for _, url in listed]
    times = measure(client, urls, args.rounds, time.process_time if args.cpu else time.perf_counter)
    baseline = statistics.median(times[BASELINE])
    rows, ok = [], True
    for label, url in listed:
        queries, raw, compressed = sizes_and_queries(client, url)
        median = statistics.median(times[url])
        ratio = median / baseline
        within = ratio <= RATIO_TARGET and compressed <= GZIP_TARGET_KB * 1024
        ok &= within
        rows.append(
            (
                label,
                f"{median * 1000:.0f}",
                f"{p95(times[url]) * 1000:.0f}",
                f"{ratio:.1f}×",
                str(queries),
                f"{raw / 1024:,.0f}",
                f"{compressed / 1024:,.1f}",
                "yes" if within else "NO",
            )
        )
    reset_queries()
    heading = ("Page", "Median ms", "p95 ms", "× /account/", "Queries", "KB", "KB gzip", "Within")
    print(
        f"\n{connection.vendor}: {args.rounds} interleaved rounds; targets ≤ {RATIO_TARGET:g}× "
        f"the baseline's median ({baseline * 1000:.0f} ms) and ≤ {GZIP_TARGET_KB} KB compressed\n"
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
    print(f"\nEvery page within target: {'yes' if ok else 'NO'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="requests of each page (≥ 30)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--only", help="only the pages whose label contains this (and baseline)")
    parser.add_argument("--profile", action="store_true", help="profile the pages instead")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time the process's CPU, not the clock: steadier on a busy machine (on SQLite, "
        "which runs in the process, it is the whole server time; on PostgreSQL it leaves out "
        "the database's own)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database for the next run (faster reruns)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.gettempdir() if args.keep else tempfile.mkdtemp(prefix="pages-bench-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "anchors-pages-bench.sqlite3")
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
