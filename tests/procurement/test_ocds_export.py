"""The pipeline as an OCDS 1.1 release package (procurement.ocds_export): valid against the
schema, only for those who may see the pipeline, and read back by the importer into the same
items."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from anchors.models import Organisation
from procurement.models import BuyerIdentifier, PipelineItem
from procurement.services.pipeline import ocds_import
from tests.anchors.factories import CollaborativeFactory, OrganisationFactory
from tests.procurement.pipeline_factories import PipelineItemFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "procurement" / "data" / "ocds"
URL = "/procurement/pipeline/ocds.json"
FIELDS = (
    "title",
    "description",
    "cpv_code",
    "other_cpv_codes",
    "estimated_value",
    "estimated_value_gross",
    "planned_publication_date",
    "contract_start",
    "contract_end",
    "latest_extension_date",
    "procurement_route",
    "route_details",
    "suitable_sme",
    "suitable_vcse",
    "contact",
    "stage",
)


@pytest.fixture
def pipeline(org_a, org_b):
    return [
        PipelineItemFactory(
            organisation=org_a,
            title="Community catering",
            description="Meals for four sites = local growers",
            cpv_code="55520000",
            other_cpv_codes=["15000000"],
            estimated_value=Decimal("250000.00"),
            estimated_value_gross=Decimal("300000.00"),
            latest_extension_date=datetime.date(2031, 5, 31),
            procurement_route="open",
            route_details="Open procedure",
            suitable_sme=True,
            suitable_vcse=False,
            contact="Jo Buyer, jo@example.org",
            stage="pipeline",
        ),
        PipelineItemFactory(
            organisation=org_a,
            title="Grounds maintenance",
            cpv_code="77314000",
            estimated_value=None,
            estimated_value_gross=Decimal("80000.50"),
            stage="market_engagement",
        ),
        PipelineItemFactory(
            organisation=org_b,
            title="Agency nursing",
            stage="planned_procurement",
            ocid="ocds-b5fd17-existing-1",
        ),
    ]


def _package(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def _official_validator():
    """The official OCDS 1.1.5 release package schema, its release schema resolved locally."""
    from referencing import Registry, Resource

    official = SCHEMAS / "1__1__5"
    package_schema = json.loads((official / "release-package-schema.json").read_text())
    release_schema = json.loads((official / "release-schema.json").read_text())
    registry = Registry().with_resources(
        [(release_schema["id"], Resource.from_contents(release_schema))]
    )
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def _validate(package):
    schema = json.loads((SCHEMAS / "release-package-planning.json").read_text())
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(package)
    _official_validator().validate(package)


def test_the_official_schema_is_the_one_checked_and_it_catches_a_broken_release(
    client_for, facilitator, pipeline
):
    package = _package(client_for(facilitator))
    assert package["releases"]
    assert "1__1__5" in _official_validator().schema["id"]
    broken = json.loads(json.dumps(package))
    broken["releases"][0]["date"] = "not a date"
    broken["releases"][0]["tag"] = ["no-such-tag"]
    errors = list(_official_validator().iter_errors(broken))
    assert errors, "the official schema must refuse a release with a bad date and tag"


def test_the_package_validates_against_the_ocds_schema(client_for, facilitator, pipeline):
    package = _package(client_for(facilitator))
    _validate(package)
    assert package["version"] == "1.1"
    assert len(package["releases"]) == 3
    by_title = {r["tender"]["title"]: r for r in package["releases"]}
    catering = by_title["Community catering"]
    assert catering["tag"] == ["planning"]
    assert catering["ocid"] == f"ocds-anchors-pipeline-{pipeline[0].pk}"
    assert catering["buyer"]["name"] == "Alpha Council"
    assert catering["parties"][0]["roles"] == ["buyer"]
    assert catering["planning"]["budget"]["amount"] == {"amount": 250000, "currency": "GBP"}
    tender = catering["tender"]
    assert tender["items"][0]["classification"]["id"] == "55520000"
    assert tender["items"][0]["additionalClassifications"][0]["id"] == "15000000"
    assert tender["value"] == {"amount": 250000, "amountGross": 300000, "currency": "GBP"}
    assert tender["contractPeriod"]["maxExtentDate"].startswith("2031-05-31")
    assert tender["suitability"] == {"sme": True, "vcse": False}
    assert by_title["Agency nursing"]["ocid"] == "ocds-b5fd17-existing-1"


def test_the_prefix_is_configurable(client_for, facilitator, pipeline, settings):
    settings.OCDS_OCID_PREFIX = "ocds-zz99zz"
    package = _package(client_for(facilitator))
    assert f"ocds-zz99zz-pipeline-{pipeline[0].pk}" in {r["ocid"] for r in package["releases"]}


def test_a_buyer_identifier_names_the_party(client_for, facilitator, pipeline, org_a):
    BuyerIdentifier.objects.create(
        collaborative=org_a.collaborative, organisation=org_a, identifier="GB-COH-01234567"
    )
    package = _package(client_for(facilitator))
    catering = next(r for r in package["releases"] if r["tender"]["title"] == "Community catering")
    assert catering["buyer"]["id"] == "GB-COH-01234567"
    _validate(package)


def test_the_page_filters_apply(client_for, facilitator, pipeline, org_b):
    response = client_for(facilitator).get(URL, {"organisation": org_b.pk})
    titles = [r["tender"]["title"] for r in json.loads(response.content)["releases"]]
    assert titles == ["Agency nursing"]


def test_only_members_export_the_pipeline(client_for, outsider, pipeline, client):
    assert client_for(outsider).get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_export_then_import_gives_the_same_items(client_for, facilitator, pipeline):
    raw = client_for(facilitator).get(URL).content
    elsewhere = CollaborativeFactory(name="Round trip")
    for organisation in Organisation.objects.filter(pk__in={i.organisation_id for i in pipeline}):
        OrganisationFactory(
            collaborative=elsewhere, name=organisation.name, short_name=organisation.short_name
        )
    report = ocds_import(user=None, collaborative=elsewhere, files=[("pipeline.json", raw)])
    assert report.rejected == 0, report.rejections
    assert report.created == 3
    copies = {i.title: i for i in PipelineItem.objects.filter(collaborative=elsewhere)}
    for item in pipeline:
        copy = copies[item.title]
        assert copy.organisation.name == item.organisation.name
        for name in FIELDS:
            assert getattr(copy, name) == getattr(item, name), (item.title, name)
