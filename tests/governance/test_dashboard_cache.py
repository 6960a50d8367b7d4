"""The dashboard's shared sections (everything but what waits for the viewer) are kept in the
cache under a version that every write to a table they read moves on: a second request reads them
from the cache, and a write through any path — the forms' saves, the metric import's set-based
writes (COPY on PostgreSQL), the starters import, the OCDS import, the tables without history —
is on the very next page."""

import datetime
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anchors.common.locking import version_of
from anchors.models import Participation, Theme, Workstream
from governance.models import Escalation, Group
from governance.selectors import dashboard as selectors
from governance.views import dashboard as views
from metrics import services as metric_services
from metrics.models import MetricValue
from metrics.services import Entry
from procurement.models import OrganisationStatus, PipelineItem
from procurement.services.pipeline import ocds_import
from tests.anchors.factories import OrganisationFactory
from tests.governance.report_fixtures import build, person_of
from workforce.models.hiring import Band, Route
from workforce.services.hiring import starters_import

pytestmark = pytest.mark.django_db

URL = "/governance/dashboard/"
OCDS = Path(__file__).parents[1] / "procurement" / "files" / "ocds"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(collaborative, org_a, org_b, facilitator, sponsor_a):
    return build(collaborative, orgs=[org_a, org_b], facilitator=facilitator, sponsor=sponsor_a)


def _get(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def _sections(html):
    """The shared sections: from their heading to the end of the page's main content."""
    return html[html.index("Where the collaborative stands") : html.index("</main>")]


def test_a_second_request_reads_the_sections_from_the_cache(
    data, sponsor_a, hwb_member, client_for
):
    client = client_for(sponsor_a)
    query = f"?period={data['periods'][1].pk}"
    with CaptureQueriesContext(connection) as first:
        html = _get(client, query)
    with CaptureQueriesContext(connection) as second:
        again = _get(client, query)
    assert _sections(again) == _sections(html)
    assert "nonce" not in _sections(html)  # nothing of one response kept for another
    # Sign-in and roles (5), the quarters and themes (2), the viewer's escalations, the version.
    # Sign-in and roles (5), the quarters and themes (2), the viewer's escalations, the version,
    # the page's header (1).
    assert len(second) <= 10 < len(first)
    assert "Waiting for your decision" in html
    # Another member reads the same sections, with nothing of the sponsor's waiting list.
    other = _get(client_for(hwb_member), query)
    assert _sections(other) == _sections(html)
    assert "Waiting for your decision" not in other


def test_the_filters_and_other_parameters_are_kept_apart(data, viewer, client_for):
    client = client_for(viewer)
    q1, q2 = data["periods"][0], data["periods"][1]
    first = _get(client, f"?period={q1.pk}")
    second = _get(client, f"?period={q2.pk}")
    assert q1.label in first
    assert q2.label in second
    assert _sections(first) != _sections(second)
    # A parameter the sections' download links would repeat is never read from the cache.
    odd = _get(client, f"?period={q1.pk}&x=1")
    assert "x=1" in odd


def _import_metric_value(ctx):
    """The import writes drafts (COPY on PostgreSQL), not counted until submitted: the version
    moves on with the import, and the submission is on the page."""
    gamma = OrganisationFactory(
        collaborative=ctx["collaborative"], name="Gamma Trust", short_name="Gamma"
    )
    before = selectors.shared_version().key
    text = "organisation,metric,period,value\nGamma,LOC-00,2025-26-Q2,1000\n"
    batch, plan = metric_services.import_upload(
        user=ctx["facilitator"],
        collaborative=ctx["collaborative"],
        name="f.csv",
        data=text.encode(),
    )
    assert plan.errors == []
    metric_services.import_confirm(user=ctx["facilitator"], batch=batch, digest=plan.digest)
    assert selectors.shared_version().key != before
    draft = MetricValue.objects.get(organisation=gamma)
    metric_services.values_save(
        user=ctx["facilitator"],
        organisation=gamma,
        period=draft.period,
        entries=[
            Entry(
                metric_id=draft.metric_id,
                value=Decimal(1000),
                evidence_note="Payroll extract",
                version=version_of(draft),
            )
        ],
        submit=True,
    )
    return "1,050"


def _import_starters(ctx):
    start = ctx["data"]["periods"][1].start_date.isoformat()
    rows = [
        (n, {"start_date": start, "role_band": Band.BAND_4.value, "route": Route.DIRECT.value})
        for n in (2, 3, 4)
    ]
    starters_import(user=ctx["facilitator"], organisation=ctx["org_a"], rows=rows)
    return "3 new starters across the anchors"


def _raise_escalation(ctx):
    period = ctx["data"]["periods"][1]
    Escalation.objects.create(
        collaborative=ctx["collaborative"],
        title="Another escalation",
        ask="decision",
        detail="Detail.",
        impact="Impact.",
        needed_by=period.end_date,
        addressed_group=Group.objects.get(collaborative=ctx["collaborative"], kind="hwb"),
        raised_by=person_of(ctx["facilitator"]),
        raised_on=timezone.localdate(),
    )
    return "2</span> open escalations"


def _rename_theme(ctx):
    theme = ctx["theme"]
    theme.name = "Renamed theme"
    theme.save()
    return "Renamed theme"


def _save_status(ctx):
    OrganisationStatus.objects.create(
        collaborative=ctx["collaborative"],
        organisation=ctx["org_a"],
        theme=ctx["theme"],
        level=4,
        reviewed_at=timezone.now(),
    )
    return 'govuk-table__cell--numeric app-nowrap">4</td>'


def _workstream_gap(ctx):
    workstream = Workstream.objects.create(collaborative=ctx["collaborative"], name="Food")
    Participation.objects.create(
        collaborative=ctx["collaborative"],
        workstream=workstream,
        organisation=ctx["org_b"],
        sponsorship=Participation.Sponsorship.REQUESTED,
        sponsorship_date=timezone.localdate(),
    )
    return "Food</a>"


WRITES = {
    "metric import": _import_metric_value,
    "starters import": _import_starters,
    "escalation raised": _raise_escalation,
    "theme renamed (no history)": _rename_theme,
    "procurement status saved": _save_status,
    "workstream participation": _workstream_gap,
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_is_on_the_next_page(
    write, data, collaborative, org_a, org_b, facilitator, viewer, client_for
):
    theme = Theme.objects.create(collaborative=collaborative, name="Social Value")
    client = client_for(viewer)
    query = f"?period={data['periods'][1].pk}"
    before = _get(client, query)
    assert _sections(_get(client, query)) == _sections(before)  # read from the cache
    ctx = {
        "data": data,
        "collaborative": collaborative,
        "org_a": org_a,
        "org_b": org_b,
        "facilitator": facilitator,
        "theme": theme,
    }
    expected = WRITES[write](ctx)
    assert expected not in before
    after = _get(client, query)
    assert expected in after


def test_a_metric_given_a_theme_shows_under_that_theme(data, collaborative, viewer, client_for):
    """The metrics' themes are a table without history: rows only added and removed."""
    theme = Theme.objects.create(collaborative=collaborative, name="Social Value")
    client = client_for(viewer)
    query = f"?period={data['periods'][1].pk}&theme={theme.pk}"
    assert "LOC-00" not in _get(client, query)
    data["metrics"][0].themes.add(theme)
    assert "LOC-00" in _get(client, query)
    data["metrics"][0].themes.remove(theme)
    assert "LOC-00" not in _get(client, query)


def test_the_ocds_import_moves_the_version_on(collaborative, facilitator):
    OrganisationFactory(collaborative=collaborative, name="Barnet Council", short_name="LBB")
    before = selectors.shared_version()
    assert selectors.shared_version().key == before.key
    ocds_import(
        user=facilitator,
        collaborative=collaborative,
        files=[("fictional_planning.json", (OCDS / "fictional_planning.json").read_bytes())],
    )
    assert PipelineItem.objects.count() == 1
    assert selectors.shared_version().key != before.key


def test_an_item_deleted_moves_the_version_on(data, collaborative):
    escalation = data["escalations"][0]
    before = selectors.shared_version()
    escalation.delete()
    assert selectors.shared_version().key != before.key


def test_the_sections_are_kept_no_longer_than_a_status_stays_current(data, org_a, collaborative):
    theme = Theme.objects.create(collaborative=collaborative, name="Social Value")
    now = timezone.now()
    reviewed = now - datetime.timedelta(days=90, minutes=-5)
    OrganisationStatus.objects.create(
        collaborative=collaborative, organisation=org_a, theme=theme, level=3, reviewed_at=reviewed
    )
    dashboard = selectors.dashboard(user=None, collaborative=collaborative)
    assert views._keep_for(dashboard, now) == 300
    # Already out of date: no limit from it.
    assert views._keep_for(dashboard, now + datetime.timedelta(minutes=6)) == views.SECTIONS_SECONDS


def test_the_key_names_the_day(data, viewer, client_for, monkeypatch):
    """Ages in days, the next twelve months and the default quarter follow the date."""
    client = client_for(viewer)
    html = _get(client)
    today = timezone.localdate()
    keys = []
    real = cache.get

    def spy(key, *args, **kwargs):
        keys.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(views.cache, "get", spy)
    _get(client)
    later = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(views.timezone, "now", lambda: later)
    _get(client)
    dashboard_keys = [k for k in keys if k.startswith("governance:dashboard")]
    assert len(dashboard_keys) == 2
    assert dashboard_keys[0] != dashboard_keys[1]
    assert today.isoformat() in dashboard_keys[0]
    assert (today + datetime.timedelta(days=1)).isoformat() in dashboard_keys[1]
    assert html


def test_postgresql_keeps_nothing_while_another_session_writes(data):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: one writer at a time, committed ids are always the largest")
    assert selectors.shared_version().settled
    params = connection.get_connection_params()
    other = psycopg2.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()")  # a transaction that has written
            assert not selectors.shared_version().settled
        other.rollback()
        assert selectors.shared_version().settled
    finally:
        other.close()


def test_a_download_naming_no_table_shows_the_page_without_keeping_it(data, viewer, client_for):
    client = client_for(viewer)
    html = _get(client, "?download=nothing")
    assert "Where the collaborative stands" in html
    with CaptureQueriesContext(connection) as again:
        _get(client, "?download=nothing")
    assert len(again) > 10  # read again: nothing kept for it
