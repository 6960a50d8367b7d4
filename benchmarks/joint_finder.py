"""Benchmark: the joint-tender finder over 10,000 pipeline items of 50 anchors.

Prints the time to read the items (one query), to match them (procurement.finder's sweep) and the
two together as the finder page asks for them with an empty cache (target: under 1 s), the number
of matches, then the finder page itself (first page of matches, timelines drawn) against the
cheapest signed-in page, by the median of several requests (target: within 3×).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/joint_finder.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench ... (the same, on PostgreSQL)

It builds a throwaway test database (a temporary SQLite file, or test_<name> on PostgreSQL when
DATABASE_URL points there) and removes it afterwards; it never touches your own data.
"""

import datetime
import os
import random
import statistics
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

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from anchors.models import Collaborative, Membership, Organisation, Person, Role, User  # noqa: E402
from procurement import cpv  # noqa: E402
from procurement.finder import find_matches  # noqa: E402
from procurement.models import PipelineItem  # noqa: E402
from procurement.selectors.pipeline import finder_candidates, joint_matches  # noqa: E402

ANCHORS, ITEMS = 50, 10_000
TARGET_SECONDS = 1.0
PAGE_RATIO = 3
REPEATS = 5


def build():
    rng = random.Random(2026)  # noqa: S311 - benchmark data, not security
    collaborative = Collaborative.objects.create(name="Benchmark collaborative", place="Anytown")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            collaborative=collaborative,
            name=f"Anchor {i}",
            short_name=f"A{i}",
            kind=Organisation.Kind.NHS_TRUST,
            role=Organisation.CollaborativeRole.CORE_ANCHOR,
        )
        for i in range(ANCHORS)
    )
    # What anchors buy: 400 codes of the services and works divisions most of them buy from.
    codes = [c for c in cpv.vocabulary() if c[:2] in {"45", "50", "60", "72", "79", "85", "90"}]
    codes = rng.sample(codes, 400)
    start = datetime.date(2026, 1, 1)
    items = []
    for index in range(ITEMS):
        publish = start + datetime.timedelta(days=rng.randrange(0, 365 * 4))
        contract_start = publish + datetime.timedelta(days=rng.randrange(60, 300))
        item = PipelineItem(
            collaborative=collaborative,
            organisation=organisations[index % ANCHORS],
            title=f"Planned procurement {index}",
            cpv_code=rng.choice(codes),
            estimated_value=Decimal(rng.randrange(20, 5000) * 1000),
            planned_publication_date=publish,
            contract_start=contract_start,
            contract_end=contract_start + datetime.timedelta(days=365 * 3),
            open_to_joint=rng.random() < 0.5,
        )
        item.window_start, item.window_end = item.window()
        items.append(item)
    PipelineItem.objects.bulk_create(items, batch_size=2000)
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum keeps them on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    viewer = User.objects.create_user("viewer@example.org", "benchmark")
    person = Person.objects.create(
        collaborative=collaborative, name="Viewer", organisation=organisations[0], user=viewer
    )
    Membership.objects.create(
        collaborative=collaborative,
        person=person,
        organisation=organisations[0],
        role=Role.HWB_MEMBER,
    )
    return collaborative, viewer


def timed(function, repeats=REPEATS):
    times, result = [], None
    for _ in range(repeats):
        cache.clear()
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def page_time(client, url, repeats=15):
    client.get(url)  # warm: templates compiled, session read once
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def run() -> bool:
    started = time.perf_counter()
    collaborative, viewer = build()
    took = time.perf_counter() - started
    print(f"Built {ITEMS:,} pipeline items of {ANCHORS} anchors in {took:.1f} s")

    read, _, candidates = timed(lambda: finder_candidates(collaborative=collaborative))
    print(f"Read the items (one query):           median {read * 1000:6.0f} ms")
    ok = True
    for depth in (2, 3, 4):
        match, _, matches = timed(lambda depth=depth: find_matches(candidates, depth=depth))
        both, best, _ = timed(
            lambda depth=depth: joint_matches(collaborative=collaborative, depth=depth)
        )
        biggest = max((m.size for m in matches), default=0)
        verdict = "under" if both < TARGET_SECONDS else "OVER"
        ok &= both < TARGET_SECONDS
        print(
            f"Depth {depth}: match {match * 1000:5.0f} ms; read + match {both * 1000:5.0f} ms "
            f"(best {best * 1000:.0f} ms, {verdict} {TARGET_SECONDS:.0f} s); "
            f"{len(matches):,} matches, the largest of {biggest} items"
        )

    setup_test_environment()
    client = Client()
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    pages = {
        name: page_time(client, reverse(name))
        for name in ("anchors:my_account", "anchors:home", "procurement:pipeline_list")
    }
    cheapest_name = min(pages, key=pages.get)
    cheapest = pages[cheapest_name]

    def finder_page(fresh):
        def get():
            if fresh:
                cache.clear()
            return client.get(reverse("procurement:joint_finder"))

        get()
        times = []
        for _ in range(15):
            began = time.perf_counter()
            get()
            times.append(time.perf_counter() - began)
        return statistics.median(times)

    cached = finder_page(fresh=False)
    fresh = finder_page(fresh=True)
    for name, seconds in pages.items():
        print(f"Page {name}: median {seconds * 1000:.0f} ms")
    print(
        f"Finder page (5 matches a page, timelines drawn): median {cached * 1000:.0f} ms with the "
        f"matches cached = {cached / cheapest:.1f}× the cheapest signed-in page ({cheapest_name}); "
        f"{fresh * 1000:.0f} ms = {fresh / cheapest:.1f}× when the pipeline has just changed"
    )
    ok &= cached <= PAGE_RATIO * cheapest
    return ok


def main():
    workdir = Path(tempfile.mkdtemp(prefix="joint-bench-"))
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
