"""Procurement's part of the authorisation matrix (tests/matrix_parts.py describes the shape).

Each part of the app keeps its entries in its own block: part A (status matrix, suppliers, events,
resources) first; the pipeline and spend parts add theirs below.
"""

from django.core.files.base import ContentFile

from metrics.models import ReportingPeriod
from procurement.models import Resource, ResourceVersion
from procurement.services.spend import spend_upload
from tests.anchors.factories import ThemeFactory
from tests.procurement.factories import (
    BuyerFactory,
    EventFactory,
    StatusFactory,
    SupplierFactory,
)
from tests.procurement.pipeline_factories import PipelineItemFactory

MEMBERS = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
FAC = {"facilitator"}
NOBODY: set = set()
# Procurement leads keep the shared supplier register.
KEEPERS = {"facilitator", "lead_a", "lead_b"}
# Leads and sponsors share their own organisation's documents.
SHARERS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
OWN_A = {"facilitator", "lead_a", "sponsor_a"}
OWN_B = {"facilitator", "lead_b"}


def per_org(own, other):
    return {"own": own, "other": other, "elsewhere": NOBODY}


def shared(roles):
    return {"here": roles, "elsewhere": NOBODY}


def plain(roles):
    return {"none": roles}


ACCESS: dict = {}
PARAMETERS: dict = {}
OBJECTS: dict = {}
_SIDES: list = []

# --- Part A: status matrix, supplier register, events, resources -------------------------------
ACCESS.update(
    {
        "procurement:index": {"get": plain(MEMBERS)},
        "procurement:status_edit": {"get": per_org(OWN_A, OWN_B)},
        "procurement:status_cell": {"get": per_org(MEMBERS, MEMBERS)},
        "procurement:supplier_list": {"get": plain(MEMBERS)},
        # The pipeline as an OCDS release package (issue 13).
        "procurement:pipeline_ocds": {"get": plain(MEMBERS)},
        "procurement:supplier_create": {"get": plain(KEEPERS)},
        "procurement:area_edit": {"get": plain(FAC)},
        "procurement:supplier_detail": {"get": shared(MEMBERS)},
        "procurement:supplier_edit": {"get": shared(KEEPERS)},
        "procurement:buyer_add": {"get": shared(KEEPERS)},
        "procurement:buyer_remove": {
            "get": per_org(NOBODY, NOBODY),
            "post": per_org({"facilitator", "lead_a"}, OWN_B),
        },
        "procurement:passport_edit": {"get": shared(KEEPERS)},
        "procurement:event_list": {"get": plain(MEMBERS)},
        "procurement:event_create": {"get": plain(KEEPERS)},
        "procurement:event_detail": {"get": shared(MEMBERS)},
        "procurement:event_edit": {"get": shared(KEEPERS)},
        "procurement:resource_list": {"get": plain(MEMBERS)},
        "procurement:resource_create": {"get": plain(SHARERS)},
        "procurement:resource_detail": {"get": per_org(MEMBERS, MEMBERS)},
        "procurement:resource_version_add": {"get": per_org(OWN_A, OWN_B)},
        "procurement:resource_download": {"get": per_org(MEMBERS, MEMBERS)},
    }
)
PARAMETERS.update(
    {
        "procurement:status_edit": "organisation",
        "procurement:status_cell": "status_cell",
        "procurement:supplier_detail": "supplier",
        "procurement:supplier_edit": "supplier",
        "procurement:buyer_add": "supplier",
        "procurement:buyer_remove": "buyer",
        "procurement:passport_edit": "passport",
        "procurement:event_detail": "event",
        "procurement:event_edit": "event",
        "procurement:resource_detail": "resource",
        "procurement:resource_version_add": "resource",
        "procurement:resource_download": "resource_version",
    }
)
OBJECTS.update(
    {
        "status_cell": lambda o: [
            o["status_cell"].organisation_id,
            "theme",
            o["status_cell"].theme_id,
        ],
        "supplier": lambda o: [o["supplier"].pk],
        "buyer": lambda o: [o["buyer"].pk],
        "passport": lambda o: [o["supplier"].pk, "carbon_plan"],
        "event": lambda o: [o["event"].pk],
        "resource": lambda o: [o["resource"].pk],
        "resource_version": lambda o: [o["resource_version"].pk],
    }
)


def _resource(collaborative, organisation, label):
    version = ResourceVersion(
        collaborative=collaborative,
        number=1,
        filename="policy.txt",
        file_type="txt",
        size=12,
    )
    version.resource = _resource_record(collaborative, organisation, label)
    version.file.save("policy.txt", ContentFile(b"Social value"), save=False)
    version.save()
    return version


def _resource_record(collaborative, organisation, label):
    return Resource.objects.create(
        collaborative=collaborative,
        title=f"{label} {organisation.short_name} policy",
        kind=Resource.Kind.POLICY,
        organisation=organisation,
    )


def _side_a(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    theme = ThemeFactory(collaborative=collaborative, name=f"{label} net zero")
    supplier = SupplierFactory(collaborative=collaborative, name=f"{label} Supplies Ltd")
    versions = {org: _resource(collaborative, org, label) for org in (org_a, org_b)}
    return {
        "own": {
            "status_cell": StatusFactory(organisation=org_a, theme=theme),
            "buyer": BuyerFactory(supplier=supplier, organisation=org_a),
            "resource": versions[org_a].resource,
            "resource_version": versions[org_a],
        },
        "other": {
            "status_cell": StatusFactory(organisation=org_b, theme=theme),
            "buyer": BuyerFactory(supplier=supplier, organisation=org_b),
            "resource": versions[org_b].resource,
            "resource_version": versions[org_b],
        },
        "shared": {
            "supplier": supplier,
            "event": EventFactory(collaborative=collaborative, title=f"{label} meet the buyer"),
        },
    }


_SIDES.append(_side_a)

# --- Part B: the pipeline and the joint-tender finder (added by part B) ------------------------
# Pipeline items: kept by the facilitator and their organisation's lead and sponsor (as status).
PIPELINE_EDITORS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
ACCESS.update(
    {
        "procurement:pipeline_list": {"get": plain(MEMBERS)},
        "procurement:pipeline_new": {"get": plain(PIPELINE_EDITORS)},
        "procurement:pipeline_import": {"get": plain(PIPELINE_EDITORS)},
        "procurement:pipeline_csv_import": {"get": plain(PIPELINE_EDITORS)},
        "procurement:buyer_identifiers": {"get": plain(PIPELINE_EDITORS)},
        "procurement:pipeline_detail": {"get": per_org(MEMBERS, MEMBERS)},
        "procurement:pipeline_edit": {"get": per_org(OWN_A, OWN_B)},
        "procurement:joint_finder": {"get": plain(MEMBERS)},
        "procurement:joint_raise": {"get": plain(NOBODY), "post": plain(PIPELINE_EDITORS)},
        "procurement:local_what_if": {"get": plain(MEMBERS)},
    }
)
PARAMETERS.update(
    {
        "procurement:pipeline_detail": "pipeline_item",
        "procurement:pipeline_edit": "pipeline_item",
    }
)
OBJECTS.update({"pipeline_item": lambda o: [o["pipeline_item"].pk]})


def _side_b(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    items = {
        org: PipelineItemFactory(
            organisation=org, title=f"{label} {org.short_name} peer support", open_to_joint=True
        )
        for org in (org_a, org_b)
    }
    return {"own": {"pipeline_item": items[org_a]}, "other": {"pipeline_item": items[org_b]}}


_SIDES.append(_side_b)

# --- Part C: spend (added by part C) ----------------------------------------------------------
# Figures per anchor: every member. Files (their lines, suppliers' names): the facilitator and the
# organisation's own lead and sponsor; anyone else's file is not found.
SPEND_UPLOADERS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
ACCESS.update(
    {
        "procurement:spend": {"get": plain(MEMBERS)},
        "procurement:spend_upload": {"get": plain(SPEND_UPLOADERS)},
        "procurement:spend_preview": {"get": per_org(OWN_A, OWN_B)},
        "procurement:spend_columns": {"get": per_org(OWN_A, OWN_B)},
        "procurement:spend_dates": {
            "get": per_org(NOBODY, NOBODY),
            "post": per_org(OWN_A, OWN_B),
        },
        "procurement:spend_confirm": {
            "get": per_org(NOBODY, NOBODY),
            "post": per_org(OWN_A, OWN_B),
        },
        "procurement:spend_withdraw": {
            "get": per_org(NOBODY, NOBODY),
            "post": per_org(OWN_A, OWN_B),
        },
    }
)
PARAMETERS.update(
    {
        "procurement:spend_preview": "spend_batch",
        "procurement:spend_columns": "spend_batch",
        "procurement:spend_dates": "spend_batch",
        "procurement:spend_confirm": "spend_batch",
        "procurement:spend_withdraw": "spend_batch",
    }
)
OBJECTS.update({"spend_batch": lambda o: [o["spend_batch"].pk]})


def _side_c(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    period = ReportingPeriod.objects.get(
        collaborative=collaborative, financial_year=2025, quarter=1
    )
    batches = {}
    # A's dates could be day or month first (its preview asks); B's cannot.
    for org, lead, day in ((org_a, lead_a, "12"), (org_b, lead_b, "13")):
        data = (
            f"Supplier Name,Amount,Date\n{label} {org.short_name} Joinery Ltd,100.00,03/04/2025\n"
            f"{label} {org.short_name} Cleaning Ltd,200.00,{day}/04/2025\n"
        ).encode()
        batches[org] = spend_upload(
            user=lead, organisation=org, period=period, name=f"{label}-spend.csv", data=data
        )
    return {"own": {"spend_batch": batches[org_a]}, "other": {"spend_batch": batches[org_b]}}


_SIDES.append(_side_c)


def side(collaborative, **kwargs):
    """Every part's objects for one collaborative, merged by scope."""
    found = {"own": {}, "other": {}, "shared": {}}
    for make in _SIDES:
        for scope, objects in make(collaborative, **kwargs).items():
            found[scope].update(objects)
    return found
