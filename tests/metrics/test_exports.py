"""The metrics pages as CSV and Excel (``?format=``), and the tidy CSV of figures that the
import reads back unchanged."""

import pytest

from tests.exporting import check_page_export

pytestmark = pytest.mark.django_db

SUBMISSIONS = [
    "Organisation",
    "Metric code",
    "Metric",
    "Unit",
    "Value",
    "Numerator",
    "Denominator",
    "State",
    "Evidence note",
    "Submitted",
    "Verified",
]


def test_framework(client_for, world):
    check_page_export(
        client_for,
        world,
        "/metrics/",
        columns=[
            "Theme",
            "Outcome",
            "Code",
            "Metric",
            "Unit",
            "Kind",
            "Direction",
            "Definition",
            "Numerator",
            "Denominator",
            "Proxy value",
            "Proxy source",
        ],
        key="Code",
    )


def test_periods(client_for, world):
    download = check_page_export(
        client_for,
        world,
        "/metrics/periods/",
        columns=[
            "Period",
            "State",
            "Deadline",
            "Submitted",
            "Expected",
            "Submitted (%)",
            "Verified",
            "Returned",
        ],
        key="Period",
    )
    assert download.column("Period")[0] == "2025/26 Q2 (Jul–Sep 2025)"  # latest first


def test_submission_overview(client_for, world):
    period = world.objects["here"]["period"]
    download = check_page_export(
        client_for, world, f"/metrics/submit/{period.pk}/", columns=SUBMISSIONS, key="Metric code"
    )
    assert download.column("Organisation") == ["Alpha", "Beta"]
    assert download.header["Filters"] == f"Period: {period.label}"


def test_a_lead_exports_only_their_own_organisations_values(client_for, world):
    period = world.objects["here"]["period"]
    client = client_for(world.users["lead_a"])
    from tests.exporting import both

    download = both(client, f"/metrics/submit/{period.pk}/")
    assert download.column("Organisation") == ["Alpha"]


def test_late_submissions(client_for, world):
    period = world.objects["here"]["period"]
    check_page_export(
        client_for,
        world,
        f"/metrics/periods/{period.pk}/",
        columns=[
            "Anchor",
            "Metric code",
            "Metric",
            "First submitted",
            "Days late",
            "By",
            "State now",
        ],
        links=False,  # shown with the late submissions, and there are none
    )


def test_a_metrics_progress(client_for, world):
    metric = world.objects["here"]["metric"]
    check_page_export(
        client_for,
        world,
        f"/metrics/metric/{metric.pk}/",
        columns=["Whose", "Target for the year", "So far", "Status", "Rule", "Unit"],
    )


# --- The tidy CSV of figures: one row per organisation × metric × period, re-importable -------

TIDY = [
    "organisation",
    "metric",
    "period",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
    "state",
    "metric_name",
    "unit",
]


def _import(user, collaborative, data):
    from metrics import services

    return services.import_upload(user=user, collaborative=collaborative, name="f.csv", data=data)


def test_the_tidy_csv_round_trips_through_the_import(client_for, framework, lead_a, collaborative):
    import csv
    import io

    from metrics import services
    from metrics.models import MetricValue

    first = (
        "organisation,metric,period,value,numerator,denominator,evidence_note\n"
        "Alpha,APP-STARTS,2025-26-Q1,7,,,'=Payroll extract\n"
        "Alpha,LOC-SPEND,2025-26-Q1,,250.5,1000,Finance £ extract\n"
    ).encode()
    batch, plan = _import(lead_a, collaborative, first)
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    before = {
        v.pk: (v.value, v.numerator, v.denominator, v.evidence_note, v.state, v.updated_at)
        for v in MetricValue.objects.all()
    }
    assert len(before) == 2

    response = client_for(lead_a).get("/metrics/figures/?format=csv")
    data = b"".join(response.streaming_content)
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == TIDY  # no header block: the import reads the first row as headings
    assert [r[:3] for r in rows[1:]] == [
        ["Alpha", "APP-STARTS", "2025-26-Q1"],
        ["Alpha", "LOC-SPEND", "2025-26-Q1"],
    ]
    assert rows[1][6] == "'=Payroll extract"  # neutralised; the import takes the ' off again

    batch, plan = _import(lead_a, collaborative, data)
    assert plan.errors == []
    assert (plan.to_create, plan.to_change, plan.unchanged) == (0, 0, 2)
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    after = {
        v.pk: (v.value, v.numerator, v.denominator, v.evidence_note, v.state, v.updated_at)
        for v in MetricValue.objects.all()
    }
    assert after == before


@pytest.fixture
def world_values(framework, lead_a, lead_b, org_a, org_b):
    from tests.metrics.factories import ValueFactory

    for org in (org_a, org_b):
        ValueFactory(metric=framework["amount"], organisation=org, period=framework["period"])
    return lead_a, lead_b


def test_a_lead_sees_only_their_own_figures_and_a_viewer_none(
    client_for, world_values, facilitator, viewer
):
    import csv
    import io

    lead_a, _ = world_values

    def organisations(user):
        response = client_for(user).get("/metrics/figures/?format=csv")
        if response.status_code != 200:
            return response.status_code
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return sorted({row[0] for row in list(csv.reader(io.StringIO(text)))[1:]})

    assert organisations(lead_a) == ["Alpha"]
    assert organisations(facilitator) == ["Alpha", "Beta"]
    assert organisations(viewer) == 403


def test_the_import_page_offers_the_tidy_csv(client_for, framework, lead_a):
    page = client_for(lead_a).get("/metrics/import/").content.decode()
    assert 'href="/metrics/figures/"' in page
