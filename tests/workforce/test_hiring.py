"""Starters and counts: written only by the organisation's own workforce people, checked by
field; figures per anchor and collective in a flat number of queries; the cut-off configurable;
figures written into the metrics as drafts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from metrics.models import Metric, MetricValue
from tests.anchors.factories import OrganisationFactory
from tests.metrics.factories import OutcomeFactory, PeriodFactory
from tests.workforce.factories import StarterCountFactory, StarterFactory
from workforce.models import Starter, StarterCount
from workforce.selectors.hiring import hiring_figures
from workforce.services.hiring import settings_update, starter_count_save, starter_record
from workforce.services.hiring_metrics import hiring_metrics_add, hiring_metrics_write

pytestmark = pytest.mark.django_db


def row(**extra):
    return {
        "role_band": "1-3",
        "route": "apprenticeship",
        "start_date": datetime.date(2026, 4, 20),
        "home_lsoa": "E01001714",
        **extra,
    }


def test_lead_records_own_starter_with_decile_edition_and_area(anchors, period, wf_lead_a):
    org_a, _ = anchors
    starter = starter_record(user=wf_lead_a, organisation=org_a, period=period, data=row())
    assert (starter.imd_decile, starter.edition.code, starter.in_area) == (1, "2019", True)
    assert starter.history.count() == 1
    outside = starter_record(
        user=wf_lead_a,
        organisation=org_a,
        period=period,
        data=row(home_lsoa="E01000001"),  # City of London 001A: in the boroughs, decile 9
    )
    assert (outside.imd_decile, outside.in_area) == (9, True)
    unknown = starter_record(
        user=wf_lead_a, organisation=org_a, period=period, data=row(home_lsoa="")
    )
    assert (unknown.edition, unknown.imd_decile, unknown.in_area) == (None, None, None)


def test_lead_cannot_write_another_anchors_starters(anchors, period, wf_lead_a):
    _, org_b = anchors
    with pytest.raises(PermissionDenied):
        starter_record(user=wf_lead_a, organisation=org_b, period=period, data=row())
    with pytest.raises(PermissionDenied):
        starter_count_save(
            user=wf_lead_a,
            organisation=org_b,
            period=period,
            data={
                "route": "direct",
                "starters": 3,
                "resident_in_area": 1,
                "from_deprived_deciles": 1,
            },
        )
    assert not Starter.objects.exists()
    assert not StarterCount.objects.exists()


def test_pages_refuse_another_anchors_lead_and_write_nothing(
    client_for, anchors, period, wf_lead_a, wf_lead_b
):
    org_a, org_b = anchors
    starter = StarterFactory(organisation=org_b, period=period)
    client = client_for(wf_lead_a)
    assert client.get(reverse("workforce:starter_list", args=[org_b.pk])).status_code == 403
    assert client.get(reverse("workforce:starter_add", args=[org_b.pk])).status_code == 403
    posted = client.post(
        reverse("workforce:starter_count", args=[org_b.pk]),
        {
            "period": period.pk,
            "route": "direct",
            "starters": "4",
            "resident_in_area": "1",
            "from_deprived_deciles": "1",
        },
    )
    assert posted.status_code == 403
    assert client.post(reverse("workforce:starter_remove", args=[starter.pk])).status_code == 403
    assert Starter.objects.filter(pk=starter.pk).exists()
    assert not StarterCount.objects.exists()
    # Their own organisation's page works.
    assert client.get(reverse("workforce:starter_list", args=[org_a.pk])).status_code == 200


def test_start_date_outside_the_period_is_refused_by_field(anchors, period, wf_lead_a):
    org_a, _ = anchors
    with pytest.raises(PortalError, match="The start date must be in") as caught:
        starter_record(
            user=wf_lead_a,
            organisation=org_a,
            period=period,
            data=row(start_date=datetime.date(2026, 9, 1)),
        )
    assert caught.value.field == "start_date"
    assert not Starter.objects.exists()


def test_counts_parts_cannot_exceed_the_whole(anchors, period, wf_lead_a):
    org_a, _ = anchors
    with pytest.raises(PortalError, match="cannot be more than all starters") as caught:
        starter_count_save(
            user=wf_lead_a,
            organisation=org_a,
            period=period,
            data={
                "route": "direct",
                "starters": 3,
                "resident_in_area": 4,
                "from_deprived_deciles": 1,
            },
        )
    assert caught.value.field == "resident_in_area"
    count = starter_count_save(
        user=wf_lead_a,
        organisation=org_a,
        period=period,
        data={"route": "direct", "starters": 5, "resident_in_area": 4, "from_deprived_deciles": 2},
    )
    assert (count.edition.code, count.decile_cutoff) == ("2019", 2)


def test_figures_per_anchor_and_collective(anchors, period):
    org_a, org_b = anchors
    for lsoa in ("E01001714", "E01001716", "E01001808", "E01000001"):  # deciles 1, 2, 3, 9
        StarterFactory(organisation=org_a, period=period, home_lsoa=lsoa)
    StarterFactory(organisation=org_a, period=period, home_lsoa="", edition=None, in_area=None)
    StarterCountFactory(
        organisation=org_b,
        period=period,
        starters=10,
        resident_in_area=6,
        from_deprived_deciles=4,
        route="volunteer",
    )
    figures = hiring_figures(collaborative=org_a.collaborative, periods=[period])[0]
    by_org = {line.organisation.pk: line.figures for line in figures.anchors}
    a, b, both = by_org[org_a.pk], by_org[org_b.pk], figures.collective
    assert (a.starters, a.resident.numerator, a.resident.denominator) == (5, 4, 4)
    assert (a.deprived.numerator, a.deprived.denominator) == (2, 4)
    assert (b.starters, b.from_counts, b.deprived.value) == (10, 10, 40)
    assert (both.starters, both.deprived.numerator, both.deprived.denominator) == (15, 6, 14)
    assert both.by_route["volunteer"] == 10
    assert both.edition.code == "2019"


def test_the_cutoff_is_the_facilitators_setting(anchors, period, facilitator):
    org_a, _ = anchors
    for lsoa in ("E01001714", "E01001716", "E01001808"):
        StarterFactory(organisation=org_a, period=period, home_lsoa=lsoa)
    collaborative = org_a.collaborative
    assert (
        hiring_figures(collaborative=collaborative, periods=[period])[
            0
        ].collective.deprived.numerator
        == 2
    )
    saved = settings_update(
        user=facilitator,
        collaborative=collaborative,
        data={"area_districts": "E09000012", "deprived_decile_cutoff": 3},
    )
    assert (
        hiring_figures(collaborative=collaborative, periods=[period])[
            0
        ].collective.deprived.numerator
        == 3
    )
    with pytest.raises(PortalError, match="district codes") as caught:
        settings_update(
            user=facilitator,
            collaborative=collaborative,
            data={"area_districts": "Hackney", "deprived_decile_cutoff": 2},
            version=version_of(saved),
        )
    assert caught.value.field == "area_districts"


def test_figures_query_count_is_flat(django_assert_max_num_queries, collaborative, anchors):
    periods = [
        PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=q)
        for q in (1, 2, 3, 4)
    ]
    for _ in range(3):
        extra = OrganisationFactory(collaborative=collaborative, role="core_anchor")
        for period in periods:
            StarterFactory.create_batch(4, organisation=extra, period=period)
            StarterCountFactory(organisation=extra, period=period)
    with django_assert_max_num_queries(6):
        figures = hiring_figures(collaborative=collaborative, periods=periods)
    assert sum(f.collective.starters for f in figures) == 4 * 3 * (4 + 10)


def test_figures_by_anchor_for_some_periods_only(collaborative, anchors):
    """The overview's trend: anchors' lines for the last period, the same collective figures for
    every period as when each period is summed anchor by anchor."""
    periods = [
        PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=q)
        for q in (1, 2, 3)
    ]
    for organisation in anchors:
        for n, period in enumerate(periods):
            StarterFactory.create_batch(n + 2, organisation=organisation, period=period)
            StarterCountFactory(organisation=organisation, period=period)
    every = hiring_figures(collaborative=collaborative, periods=periods)
    some = hiring_figures(collaborative=collaborative, periods=periods, by_anchor=periods[-1:])
    assert [f.anchors for f in some[:-1]] == [[], []]
    assert len(some[-1].anchors) == len(every[-1].anchors) > 0
    for whole, shown in zip(every, some, strict=True):
        a, b = whole.collective, shown.collective
        assert (a.starters, a.from_rows, a.from_counts) == (b.starters, b.from_rows, b.from_counts)
        assert (a.resident.numerator, a.resident.denominator) == (
            b.resident.numerator,
            b.resident.denominator,
        )
        assert (a.deprived, a.edition, a.routes) == (b.deprived, b.edition, b.routes)


def test_figures_feed_the_metrics_as_drafts(anchors, period, facilitator, wf_lead_a, sponsor_a):
    org_a, _ = anchors
    OutcomeFactory(collaborative=org_a.collaborative)
    added = hiring_metrics_add(user=facilitator, collaborative=org_a.collaborative)
    assert sorted(m.code for m in added) == ["DEP-STARTS", "LOC-STARTS", "NEW-STARTS"]
    assert (
        Metric.objects.get(code="DEP-STARTS").name == "Share of new starters from IMD deciles 1–2"
    )
    for lsoa in ("E01001714", "E01001808", "E01000001"):
        StarterFactory(organisation=org_a, period=period, home_lsoa=lsoa)
    result = hiring_metrics_write(user=sponsor_a, organisation=org_a, period=period)
    assert sorted(result.written) == ["DEP-STARTS", "LOC-STARTS", "NEW-STARTS"]
    values = {v.metric.code: v for v in MetricValue.objects.select_related("metric")}
    assert values["NEW-STARTS"].value == 3
    assert (values["DEP-STARTS"].numerator, values["DEP-STARTS"].denominator) == (1, 3)
    assert values["DEP-STARTS"].state == MetricValue.State.DRAFT
    assert "English Indices of Deprivation 2019" in values["DEP-STARTS"].evidence_note


def test_a_count_saved_meanwhile_is_not_overwritten_but_shown_then_replaced(
    client_for, anchors, period, wf_lead_a
):
    """Two people count the same quarter's route: the later save is refused, shows what is saved,
    and only a second, deliberate save replaces it."""
    org_a, _ = anchors
    url = reverse("workforce:starter_count", args=[org_a.pk])
    client = client_for(wf_lead_a)
    form = {
        "period": period.pk,
        "route": "direct",
        "starters": "4",
        "resident_in_area": "3",
        "from_deprived_deciles": "1",
        "version": "",
    }
    assert client.post(url, form).status_code == 302
    # A colleague who opened the form before that save sends other counts.
    refused = client.post(url, {**form, "starters": "9", "resident_in_area": "5"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "were already saved (4 starters)" in page
    assert "Your counts have not been saved" in page
    count = StarterCount.objects.get()
    assert count.starters == 4
    assert count.history.count() == 1
    # The refused page now carries the saved version: saving again replaces on purpose.
    assert f'value="{version_of(count)}"' in page
    again = client.post(
        url, {**form, "starters": "9", "resident_in_area": "5", "version": version_of(count)}
    )
    assert again.status_code == 302
    count.refresh_from_db()
    assert (count.starters, count.resident_in_area) == (9, 5)
    assert count.history.count() == 2
