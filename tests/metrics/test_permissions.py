"""Every role against every metrics page and action, the "no" cells included (DESIGN section 5)."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from anchors.models import Role
from metrics import permissions
from metrics.models import ImportBatch, MetricValue
from tests.anchors.factories import CollaborativeFactory, OrganisationFactory, login_for
from tests.metrics.factories import MetricFactory, PeriodFactory, ValueFactory

pytestmark = pytest.mark.django_db

EVERYONE = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
EDITORS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
FACILITATOR = {"facilitator"}

# page -> (roles that may open it, status for the others)
PAGES = {
    "index": (EVERYONE, 403),
    "metric_detail": (EVERYONE, 403),
    "period_list": (EDITORS, 403),
    "period_detail": (EDITORS, 403),
    "submit": (EDITORS, 403),
    "submit_org_a": ({"facilitator", "lead_a", "sponsor_a"}, 403),
    "value_detail": ({"facilitator", "lead_a", "sponsor_a"}, 404),
    "import": (EDITORS, 403),
    "import_template": (EDITORS, 403),
    "metric_create": (FACILITATOR, 403),
    "metric_edit": (FACILITATOR, 403),
    "target_set": (FACILITATOR, 403),
    "outcome_create": (FACILITATOR, 403),
    "period_create": (FACILITATOR, 403),
    "period_edit": (FACILITATOR, 403),
}


def _url(page, framework, org_a, value):
    period, metric = framework["period"], framework["amount"]
    urls = {
        "index": reverse("metrics:index"),
        "metric_detail": reverse("metrics:metric_detail", args=[metric.pk]),
        "period_list": reverse("metrics:period_list"),
        "period_detail": reverse("metrics:period_detail", args=[period.pk]),
        "submit": reverse("metrics:submit", args=[period.pk]),
        "submit_org_a": reverse("metrics:submit", args=[period.pk]) + f"?organisation={org_a.pk}",
        "value_detail": reverse("metrics:value_detail", args=[value.pk]),
        "import": reverse("metrics:import"),
        "import_template": reverse("metrics:import_template") + f"?period={period.pk}",
        "metric_create": reverse("metrics:metric_create"),
        "metric_edit": reverse("metrics:metric_edit", args=[metric.pk]),
        "target_set": reverse("metrics:target_set", args=[metric.pk]),
        "outcome_create": reverse("metrics:outcome_create"),
        "period_create": reverse("metrics:period_create"),
        "period_edit": reverse("metrics:period_edit", args=[period.pk]),
    }
    return urls[page]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_role_on_each_page(page, client_for, role_users, framework, org_a):
    value = ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    url = _url(page, framework, org_a, value)
    allowed, refused = PAGES[page]
    for name, user in role_users.items():
        status = client_for(user).get(url).status_code
        if name in allowed:
            assert status == 200, (name, page, status)
        elif name == "outsider":
            assert status == 403, (name, page, status)  # no role in any collaborative
        else:
            assert status == refused, (name, page, status)
    client_for(None)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_edit_values_predicate_matches_the_design_table(role_users, org_a):
    expected = {"facilitator": True, "lead_a": True, "sponsor_a": True}
    for name, user in role_users.items():
        assert permissions.can_edit_values(user, org_a) == expected.get(name, False), name


def test_only_the_facilitator_verifies(role_users, collaborative):
    for name, user in role_users.items():
        assert permissions.can_verify_values(user, collaborative) == (name == "facilitator"), name


def test_lead_cannot_post_another_organisations_grid(client_for, framework, lead_b, org_a):
    a = framework["amount"].pk
    url = reverse("metrics:submit", args=[framework["period"].pk]) + f"?organisation={org_a.pk}"
    response = client_for(lead_b).post(url, {f"m{a}-value": "5", "action": "save"})
    assert response.status_code == 403
    assert MetricValue.objects.count() == 0


def test_sponsor_posts_own_organisations_grid(client_for, framework, sponsor_a, org_a):
    a = framework["amount"].pk
    url = reverse("metrics:submit", args=[framework["period"].pk])
    response = client_for(sponsor_a).post(
        url, {f"m{a}-value": "5", f"m{a}-evidence_note": "", "action": "save"}
    )
    assert response.status_code == 302
    assert MetricValue.objects.get().value == Decimal(5)


@pytest.mark.parametrize("who", ["lead_a", "sponsor_a", "lead_b", "hwb_member"])
def test_nobody_but_the_facilitator_verifies_or_returns(
    who, client_for, role_users, framework, org_a
):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=MetricValue.State.SUBMITTED,
    )
    client = client_for(role_users[who])
    verify = client.post(reverse("metrics:value_verify", args=[value.pk]))
    returned = client.post(reverse("metrics:value_return", args=[value.pk]), {"reason": "x"})
    bulk = client.post(
        reverse("metrics:verify_selected", args=[framework["period"].pk]), {"value": [value.pk]}
    )
    assert verify.status_code in (403, 404)
    assert returned.status_code in (403, 404)
    assert bulk.status_code == 403
    value.refresh_from_db()
    assert value.state == MetricValue.State.SUBMITTED


def test_whose_values_each_role_may_enter_or_import(role_users, org_a, org_b):
    expected = {
        "facilitator": None,  # any organisation
        "lead_a": {org_a.pk},
        "sponsor_a": {org_a.pk},
        "lead_b": {org_b.pk},
        "hwb_member": set(),
        "viewer": set(),
        "outsider": set(),
    }
    collaborative = org_a.collaborative
    for name, user in role_users.items():
        assert permissions.value_organisation_ids(user, collaborative) == expected[name], name


def test_the_facilitator_cannot_verify_a_value_they_entered_or_submitted(
    framework, facilitator, lead_a, org_a
):
    common = {
        "metric": framework["amount"],
        "organisation": org_a,
        "period": framework["period"],
        "state": MetricValue.State.SUBMITTED,
    }
    entered = ValueFactory(**common, entered_by=facilitator, submitted_by=lead_a)
    assert permissions.is_own_value(facilitator, entered)
    assert not permissions.can_verify_value(facilitator, entered)
    entered.entered_by = entered.submitted_by = lead_a
    assert not permissions.is_own_value(facilitator, entered)
    assert permissions.can_verify_value(facilitator, entered)
    assert not permissions.can_verify_value(lead_a, entered)


def test_another_collaboratives_metrics_records_are_not_found(
    client_for, facilitator, lead_a, framework, settings, tmp_path
):
    """Every metrics page is scoped to the person's collaborative: another collaborative's
    metric, period, value, evidence file and import are 404, and nothing of theirs changes."""

    settings.MEDIA_ROOT = str(tmp_path)
    elsewhere = CollaborativeFactory(name="Elsewhere Anchor Collaborative")
    their_org = OrganisationFactory(collaborative=elsewhere, name="Gamma", short_name="Gamma")
    their_metric = MetricFactory(collaborative=elsewhere, code="THEIRS")
    their_period = PeriodFactory(collaborative=elsewhere)
    their_value = ValueFactory(
        metric=their_metric,
        organisation=their_org,
        period=their_period,
        state=MetricValue.State.SUBMITTED,
    )
    their_value.evidence_file.save("secret.pdf", ContentFile(b"%PDF secret"))
    their_importer = login_for(organisation=their_org, role=Role.PROCUREMENT_LEAD)
    batch = ImportBatch.objects.create(
        collaborative=elsewhere,
        created_by=their_importer,
        filename="theirs.csv",
        content=b"x",
        size=1,
        sha256="0" * 64,
    )
    gets = [
        reverse("metrics:metric_detail", args=[their_metric.pk]),
        reverse("metrics:metric_edit", args=[their_metric.pk]),
        reverse("metrics:target_set", args=[their_metric.pk]),
        reverse("metrics:period_detail", args=[their_period.pk]),
        reverse("metrics:period_edit", args=[their_period.pk]),
        reverse("metrics:submit", args=[their_period.pk]),
        reverse("metrics:value_detail", args=[their_value.pk]),
        reverse("metrics:value_evidence", args=[their_value.pk]),
        reverse("metrics:import_preview", args=[batch.pk]),
        reverse("metrics:submit", args=[framework["period"].pk]) + f"?organisation={their_org.pk}",
        reverse("metrics:import_template") + f"?period={their_period.pk}",
    ]
    posts = [
        (reverse("metrics:value_verify", args=[their_value.pk]), {}),
        (reverse("metrics:value_return", args=[their_value.pk]), {"reason": "Wrong"}),
        (reverse("metrics:verify_selected", args=[their_period.pk]), {"value": [their_value.pk]}),
        (reverse("metrics:import_confirm", args=[batch.pk]), {"digest": ""}),
    ]
    for user in (facilitator, lead_a):
        client = client_for(user)
        for url in gets:
            response = client.get(url)
            # A lead is refused the facilitator's pages (403) before any record is looked up.
            facilitator_only = "/edit/" in url or "/targets/" in url
            expected = (403,) if user == lead_a and facilitator_only else (404,)
            assert response.status_code in expected, (user, url, response.status_code)
            assert b"secret" not in b"".join(getattr(response, "streaming_content", [b""]))
        for url, data in posts:
            status = client.post(url, data).status_code
            assert status in ((403, 404) if user == lead_a else (404,)), (user, url, status)
    their_value.refresh_from_db()
    assert their_value.state == MetricValue.State.SUBMITTED
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
