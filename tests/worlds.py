"""Two collaboratives side by side, each with work, metrics and uploads of two organisations:
the world the authorisation matrix and the form-choices test run in."""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from anchors.common.exportjobs.models import ExportJob
from anchors.models import Action, Person, Role
from metrics.models import ImportBatch, MetricValue
from tests.anchors.factories import (
    CollaborativeFactory,
    OrganisationFactory,
    PersonFactory,
    login_for,
    work_setting,
)
from tests.api.factories import api_token_for
from tests.matrix_parts import parts
from tests.metrics.factories import MetricFactory, OutcomeFactory, PeriodFactory, ValueFactory


@dataclass
class World:
    users: dict  # role -> user of this collaborative (None: signed out)
    objects: dict  # scope -> {kind: object}: "own", "other", "here", "elsewhere", "none"
    other_facilitator: object
    extra: dict = field(default_factory=dict)
    collaborative: object = None
    elsewhere: object = None
    elsewhere_users: dict = field(default_factory=dict)  # role -> user of the other one
    # Words only the names of each collaborative's rows contain.
    markers: dict = field(default_factory=dict)


def _export_job(user, collaborative, label):
    """A finished long export of ``user``'s, with its file."""
    job = ExportJob.objects.create(
        user=user,
        name="anchors.actions",
        title=f"{label} actions",
        format="csv",
        scope_id=collaborative.pk,
        rows=1,
        state=ExportJob.State.READY,
    )
    job.file.save("actions.csv", ContentFile(f"Action\n{label} action\n".encode()))
    return job


def _side(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    """Work, metrics and an upload for one collaborative; objects keyed by what they belong to."""
    work = work_setting(
        collaborative=collaborative,
        org_a=org_a,
        org_b=org_b,
        lead_a=lead_a,
        lead_b=lead_b,
        sponsor_a=sponsor_a,
    )
    work["workstream"].name = f"{label} work"
    work["workstream"].save()
    work["theme"].name = f"{label} social value"
    work["theme"].save()
    # Every name says which collaborative it belongs to, so a page or a choice showing another
    # collaborative's is caught by its name alone.
    for person in Person.objects.filter(collaborative=collaborative):
        person.name = f"{label} {person.name}"
        person.save()
    outcome = OutcomeFactory(collaborative=collaborative, name=f"{label} outcome")
    action_b = Action.objects.create(
        collaborative=collaborative,
        workshop=work["workshop"],
        owner=lead_b.person,
        organisation=org_b,
        description=f"{label}: Beta's action",
        due_date=work["action"].due_date,
    )
    metric = MetricFactory(
        collaborative=collaborative, outcome=outcome, code=f"{label.upper()}-METRIC"
    )
    period = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=1)
    values = {
        org: ValueFactory(
            metric=metric,
            organisation=org,
            period=period,
            state=MetricValue.State.SUBMITTED,
            submitted_by=lead,
        )
        for org, lead in ((org_a, lead_a), (org_b, lead_b))
    }
    batches = {
        org: ImportBatch.objects.create(
            collaborative=collaborative,
            created_by=lead,
            filename="values.csv",
            content=b"organisation,metric,period,value\n",
            size=32,
        )
        for org, lead in ((org_a, lead_a), (org_b, lead_b))
    }
    found = {
        "own": {
            "organisation": org_a,
            "person": lead_a.person,
            "participation": work["participation_a"],
            "update": work["update_a"],
            "action": work["action"],
            "value": values[org_a],
            "batch": batches[org_a],
            "period_org": (period, org_a),
            "api_token": api_token_for(lead_a, collaborative=collaborative)[0],
            "export_job": _export_job(lead_a, collaborative, label),
        },
        "other": {
            "organisation": org_b,
            "person": lead_b.person,
            "participation": work["participation_b"],
            "update": work["update_b"],
            "action": action_b,
            "value": values[org_b],
            "batch": batches[org_b],
            "period_org": (period, org_b),
            "api_token": api_token_for(lead_b, collaborative=collaborative)[0],
            "export_job": _export_job(lead_b, collaborative, label),
        },
        "shared": {
            "workstream": work["workstream"],
            "workshop": work["workshop"],
            "metric": metric,
            "period": period,
        },
    }
    for part in parts():
        more = part.side(
            collaborative,
            org_a=org_a,
            org_b=org_b,
            lead_a=lead_a,
            lead_b=lead_b,
            sponsor_a=sponsor_a,
            label=label,
        )
        for scope, objects in more.items():
            found[scope].update(objects)
    return found


def build_world(*, collaborative, org_a, org_b, role_users):
    here = _side(
        collaborative,
        org_a=org_a,
        org_b=org_b,
        lead_a=role_users["lead_a"],
        lead_b=role_users["lead_b"],
        sponsor_a=role_users["sponsor_a"],
        label="Here",
    )
    elsewhere = CollaborativeFactory(name="Elsewhere Anchor Collaborative")
    x_backbone = OrganisationFactory(
        collaborative=elsewhere, name="Elsewhere Backbone", short_name="EB", role="backbone"
    )
    x_a = OrganisationFactory(
        collaborative=elsewhere, name="Elsewhere Borough Council", short_name="EBC"
    )
    x_b = OrganisationFactory(collaborative=elsewhere, name="Elsewhere Trust", short_name="ET")
    x_fac = login_for(organisation=x_backbone, role=Role.FACILITATOR, email="x.fac@example.org")
    x_lead_a = login_for(organisation=x_a, role=Role.PROCUREMENT_LEAD, email="x.a@example.org")
    x_lead_a.person.name = "Xavier Elsewhere"
    x_lead_a.person.save()
    x_lead_b = login_for(organisation=x_b, role=Role.PROCUREMENT_LEAD, email="x.b@example.org")
    x_sponsor = login_for(organisation=x_a, role=Role.SENIOR_SPONSOR, email="x.s@example.org")
    PersonFactory(organisation=x_a, name="Xavier Elsewhere Junior")
    there = _side(
        elsewhere,
        org_a=x_a,
        org_b=x_b,
        lead_a=x_lead_a,
        lead_b=x_lead_b,
        sponsor_a=x_sponsor,
        label="Elsewhere",
    )
    objects = {
        "own": {**here["own"], **here["shared"]},
        "other": {**here["other"], **here["shared"]},
        "here": here["shared"],
        "elsewhere": {**there["own"], **there["shared"]},
        "none": {},
    }
    return World(
        users={**role_users, "anonymous": None},
        objects=objects,
        other_facilitator=x_fac,
        extra={"x_lead_a": x_lead_a},
        collaborative=collaborative,
        elsewhere=elsewhere,
        elsewhere_users={"facilitator": x_fac, "lead_a": x_lead_a, "sponsor_a": x_sponsor},
        markers={
            "here": ("Here ", "HERE-METRIC", "Alpha Council", "Beta NHS Trust"),
            "elsewhere": ("Elsewhere", "Xavier", "ELSEWHERE-METRIC"),
        },
    )
