"""Lists: cursor pages, filters for incremental pulls, ETag/Last-Modified with 304, and query
counts that do not grow with the number of rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from anchors.models import Organisation
from governance.models import Decision
from metrics.models import MetricValue
from tests.anchors.factories import (
    ActionFactory,
    AttendanceFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
    WorkshopFactory,
)
from tests.api.paths import LISTS
from tests.governance.factories import escalation_to
from tests.metrics.factories import MetricFactory, PeriodFactory, ValueFactory
from tests.procurement.factories import BuyerFactory, StatusFactory, SupplierFactory
from tests.procurement.pipeline_factories import PipelineItemFactory

pytestmark = pytest.mark.django_db


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_cursor_pages_cover_every_row_once(side, facilitator, api_client):
    client = api_client(facilitator)
    expected = sorted(
        Organisation.objects.filter(collaborative=side["organisation"].collaborative).values_list(
            "pk", flat=True
        )
    )
    seen, url = [], "/api/v1/organisations/?page_size=2"
    while url:
        page = client.get(url).json()
        assert len(page["results"]) <= 2
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == expected
    assert len(expected) > 2


def test_a_bad_cursor_is_a_404_not_an_error(side, facilitator, api_client):
    client = api_client(facilitator)
    assert client.get("/api/v1/organisations/?cursor=not-a-cursor").status_code == 404
    assert client.get("/api/v1/procurement/joint-matches/?cursor=%%%").status_code == 404


def test_updated_since_pulls_only_what_changed(side, facilitator, api_client):
    client = api_client(facilitator)
    everything = _ids(client.get("/api/v1/values/"))
    assert len(everything) == 2
    later = timezone.now() + timedelta(seconds=1)
    MetricValue.objects.filter(pk=side["value"].pk).update(updated_at=later + timedelta(hours=1))
    since = later.isoformat().replace("+00:00", "Z")
    assert _ids(client.get("/api/v1/values/", {"updated_since": since})) == [side["value"].pk]


def test_value_filters(side, facilitator, api_client):
    client = api_client(facilitator)
    value, period = side["value"], side["period"]
    org = value.organisation_id

    def ids(**params):
        return sorted(_ids(client.get("/api/v1/values/", params)))

    assert ids(organisation=org) == [value.pk]
    assert ids(state="verified") == []
    assert len(ids(state="submitted")) == 2
    assert len(ids(metric=side["metric"].pk)) == 2
    assert len(ids(period_from=period.start_date, period_to=period.end_date)) == 2
    assert ids(period_from=period.end_date + timedelta(days=1)) == []
    side["metric"].themes.add(ThemeFactory(collaborative=value.collaborative, name="Net zero"))
    theme = side["metric"].themes.get()
    assert len(ids(theme=theme.pk)) == 2
    response = client.get("/api/v1/values/", {"state": "nonsense"})
    assert response.status_code == 400
    assert "state" in response.json()


def test_etag_and_last_modified_give_304(side, facilitator, api_client):
    client = api_client(facilitator)
    for url in ("/api/v1/actions/", f"/api/v1/actions/{side['action'].pk}/"):
        first = client.get(url)
        etag = first["ETag"]
        assert first.status_code == 200
        assert first["Last-Modified"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        # The weak form gzip gives it matches too.
        assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200
    # A change gives a new ETag.
    before = client.get("/api/v1/actions/")["ETag"]
    action = side["action"]
    action.note = "Progress"
    action.save()
    assert client.get("/api/v1/actions/", HTTP_IF_NONE_MATCH=before).status_code == 200


def test_people_show_name_job_title_and_organisation_and_email_only_as_the_page(
    side, lead_a, api_client
):
    rows = api_client(lead_a).get("/api/v1/people/").json()["results"]
    assert set(rows[0]) == {"id", "name", "job_title", "organisation", "organisation_name", "email"}
    own = [r for r in rows if r["organisation"] == lead_a.person.organisation_id]
    others = [r for r in rows if r["organisation"] != lead_a.person.organisation_id]
    assert own
    assert all(r["email"] for r in own)
    assert others
    assert all(r["email"] is None for r in others)


def test_workshop_attendees_show_names_never_contact_details(side, viewer, api_client):
    workshop = api_client(viewer).get(f"/api/v1/workshops/{side['workshop'].pk}/").json()
    assert workshop["attendees"]
    assert all(
        set(a) == {"name", "organisation", "organisation_name"} for a in workshop["attendees"]
    )
    assert "@" not in str(workshop)


def test_metric_figures_sum_ratios_as_num_over_den(side, hwb_member, api_client):
    metric = MetricFactory(
        collaborative=side["metric"].collaborative, outcome=side["metric"].outcome, ratio=True
    )
    period = side["period"]
    for org, (num, den) in zip(
        (side["organisation"], side["other"]["organisation"]), ((1, 4), (3, 4)), strict=True
    ):
        ValueFactory(
            metric=metric,
            organisation=org,
            period=period,
            numerator=num,
            denominator=den,
            state=MetricValue.State.SUBMITTED,
        )
    figures = api_client(hwb_member).get(f"/api/v1/metrics/{metric.pk}/figures/").json()
    point = next(p for p in figures["series"] if p["period"]["id"] == period.pk)
    assert float(point["value"]) == pytest.approx(50.0)  # (1 + 3) / (4 + 4), not mean of shares
    assert {row["state"] for row in figures["by_organisation"]} >= {"submitted"}


def _more_rows(side, n, *, start=0):
    """n more rows for every list (a second of each kind is not enough to show growth)."""
    collaborative = side["organisation"].collaborative
    org_a, workshop = side["organisation"], side["workshop"]
    theme = ThemeFactory(collaborative=collaborative)
    for i in range(start, start + n):
        org = OrganisationFactory(collaborative=collaborative)
        person = PersonFactory(organisation=org)
        ParticipationFactory(workstream=side["workstream"], organisation=org)
        more = WorkshopFactory(workstream=side["workstream"])
        more.themes.add(theme)
        AttendanceFactory(workshop=more, person=person, organisation=org)
        ActionFactory(workshop=workshop, owner=person, organisation=org)
        metric = MetricFactory(collaborative=collaborative, outcome=side["metric"].outcome)
        metric.themes.add(theme)
        period = PeriodFactory(collaborative=collaborative, financial_year=2030 + i, quarter=1)
        ValueFactory(metric=metric, organisation=org_a, period=period)
        StatusFactory(organisation=org, theme=theme)
        PipelineItemFactory(organisation=org)
        supplier = SupplierFactory(collaborative=collaborative)
        BuyerFactory(supplier=supplier, organisation=org)
        escalation = escalation_to(
            side["escalation"].addressed_group, raised_by=person, title=f"More {i}"
        )
        Decision.objects.create(
            collaborative=collaborative,
            escalation=escalation,
            what="Agreed",
            decided_by=person,
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_list_query_counts_do_not_grow_with_rows(side, facilitator, api_client, monkeypatch):
    # A token's last use is written at most once a minute: on a slow run, not mid-measurement.
    monkeypatch.setattr("anchors.common.api.auth.LAST_USED_EVERY", timedelta(days=1))
    client = api_client(facilitator)
    urls = [url for url in LISTS if url != "/api/v1/me/"]
    _queries(client, urls[0])  # the token's first use
    _more_rows(side, 1)  # one row of each kind at least (a prefetch runs only for rows)
    few = {url: _queries(client, url) for url in urls}
    _more_rows(side, 6, start=1)
    many = {url: _queries(client, url) for url in urls}
    # Never more queries for more rows (a page of periods without starters may need one fewer:
    # the workforce figures read deprivation editions only when a starter names one).
    grown = {url: (few[url], many[url]) for url in urls if many[url] > few[url]}
    assert grown == {}


def test_workforce_hiring_is_aggregates_only(side, viewer, api_client):
    page = api_client(viewer).get("/api/v1/workforce/hiring/").json()
    assert page["results"]
    period = page["results"][0]
    assert set(period) == {"period", "period_code", "collective", "anchors"}
    assert set(period["collective"]) == {
        "starters",
        "resident",
        "deprived",
        "deprivation_edition",
        "routes",
    }
    for anchor in period["anchors"]:
        assert set(anchor) == {"organisation", "organisation_name", "figures"}


def test_workforce_hiring_pages_a_quarter_at_a_time_and_a_year_on_request(side, viewer, api_client):
    client = api_client(viewer)
    first = client.get("/api/v1/workforce/hiring/").json()
    assert len(first["results"]) == 1  # the newest quarter, every anchor's figures
    year = client.get("/api/v1/workforce/hiring/?page_size=4").json()
    assert year["results"][0] == first["results"][0]
    codes = [period["period_code"] for period in year["results"]]
    assert 1 < len(codes) <= 4
    assert codes == sorted(codes, reverse=True)
