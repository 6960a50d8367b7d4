"""Governance's part of the authorisation matrix (tests/matrix_parts.py describes the shape).

Part A (structure, escalations, delegated authority, barriers, roadmap, self-assessment) first;
part B (dashboard, reports) adds its block below.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import Group, Objective, Recommendation, Report
from tests.governance.factories import (
    AuthorityFactory,
    BarrierFactory,
    escalation_to,
    governance_tree,
)
from tests.metrics.factories import PeriodFactory

MEMBERS = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
NOT_HWB = MEMBERS - {"hwb_member"}
RAISERS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
FAC = {"facilitator"}
NOBODY: set = set()


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

# --- Part A: structure, escalations, delegated authority, barriers, roadmap, self-assessment ----
# Members read the published parts (HWB members too); escalations are the working members';
# the escalation in the world is raised by lead A and addressed to the board sponsor A sits on.
ACCESS.update(
    {
        "governance:index": {"get": plain(MEMBERS)},
        "governance:group_create": {"get": plain(FAC)},
        "governance:group_detail": {"get": shared(MEMBERS)},
        "governance:group_edit": {"get": shared(FAC)},
        "governance:settings": {"get": plain(FAC)},
        "governance:escalation_list": {"get": plain(NOT_HWB)},
        "governance:escalation_new": {"get": plain(RAISERS)},
        "governance:escalation_detail": {"get": shared(NOT_HWB)},
        "governance:escalation_acknowledge": {
            "get": shared(NOBODY),
            "post": shared({"sponsor_a"}),
        },
        "governance:escalation_decide": {"get": shared({"sponsor_a"})},
        "governance:escalation_close": {"get": shared({"facilitator", "lead_a", "sponsor_a"})},
        "governance:decision_list": {"get": plain(MEMBERS)},
        "governance:authority_list": {"get": plain(MEMBERS)},
        "governance:authority_create": {"get": plain(FAC)},
        "governance:authority_edit": {"get": per_org(FAC, FAC)},
        "governance:barrier_list": {"get": plain(MEMBERS)},
        "governance:barrier_create": {"get": plain(FAC)},
        "governance:barrier_detail": {"get": shared(MEMBERS)},
        "governance:barrier_edit": {"get": shared(FAC)},
        "governance:roadmap": {"get": plain(MEMBERS)},
        "governance:recommendation_edit": {"get": shared(FAC)},
        "governance:objective_create": {"get": plain(FAC)},
        "governance:objective_edit": {"get": shared(FAC)},
        "governance:assessment": {"get": plain(MEMBERS)},
        "governance:assessment_record": {"get": plain(RAISERS)},
    }
)
PARAMETERS.update(
    {
        "governance:group_detail": "group",
        "governance:group_edit": "group",
        "governance:escalation_detail": "escalation",
        "governance:escalation_acknowledge": "escalation",
        "governance:escalation_decide": "escalation",
        "governance:escalation_close": "escalation",
        "governance:authority_edit": "authority",
        "governance:barrier_detail": "barrier",
        "governance:barrier_edit": "barrier",
        "governance:recommendation_edit": "recommendation",
        "governance:objective_edit": "objective",
    }
)
OBJECTS.update(
    {
        "group": lambda o: [o["group"].pk],
        "escalation": lambda o: [o["escalation"].pk],
        "authority": lambda o: [o["authority"].pk],
        "barrier": lambda o: [o["barrier"].pk],
        "recommendation": lambda o: [o["recommendation"].pk],
        "objective": lambda o: [o["objective"].pk],
    }
)


def _side_a(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    tree = governance_tree(collaborative=collaborative, sponsor=sponsor_a, label=label)
    assert tree["board"].kind == Group.Kind.SENIOR_BOARD
    return {
        "own": {
            "authority": AuthorityFactory(
                collaborative=collaborative, organisation=org_a, person=sponsor_a.person
            ),
        },
        "other": {
            "authority": AuthorityFactory(
                collaborative=collaborative, organisation=org_b, person=lead_b.person
            ),
        },
        "shared": {
            "group": tree["board"],
            "escalation": escalation_to(
                tree["board"], raised_by=lead_a.person, title=f"{label} escalation"
            ),
            "barrier": BarrierFactory(collaborative=collaborative, title=f"{label} barrier"),
            "recommendation": Recommendation.objects.create(
                collaborative=collaborative, number=1, title=f"{label} recommendation"
            ),
            "objective": Objective.objects.create(
                collaborative=collaborative, title=f"{label} objective"
            ),
        },
    }


_SIDES.append(_side_a)


def side(collaborative, **kwargs):
    """Every part's objects for one collaborative, merged by scope."""
    found = {"own": {}, "other": {}, "shared": {}}
    for make in _SIDES:
        for scope, objects in make(collaborative, **kwargs).items():
            found[scope].update(objects)
    return found


# --- Part B: the dashboard and the quarterly HWB reports ---------------------------------------
# Every member sees the dashboard and published reports; only the facilitator sees a draft (a
# 404 for everyone else: its existence is private), edits and publishes it.
ACCESS.update(
    {
        "governance:dashboard": {"get": plain(MEMBERS)},
        "governance:report_list": {"get": plain(MEMBERS)},
        "governance:report_create": {"get": plain(FAC)},
        "governance:report_compare": {"get": plain(MEMBERS)},
        "governance:report_detail": {"get": shared(MEMBERS)},
        "governance:report_pdf": {"get": shared(MEMBERS)},
        "governance:report_edit": {"get": shared(FAC)},
        "governance:report_publish": {"get": shared(NOBODY), "post": shared(FAC)},
    }
)
PARAMETERS.update(
    {
        "governance:report_detail": "report",
        "governance:report_pdf": "report",
        "governance:report_edit": "draft_report",
        "governance:report_publish": "draft_report",
    }
)
OBJECTS.update(
    {
        "report": lambda o: [o["report"].pk],
        "draft_report": lambda o: [o["draft_report"].pk],
    }
)


def _side_b(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    published_period = PeriodFactory(collaborative=collaborative, financial_year=2024, quarter=4)
    draft_period = PeriodFactory(collaborative=collaborative, financial_year=2025, quarter=2)
    title = f"{label} published report"
    published = Report.objects.create(
        collaborative=collaborative,
        period=published_period,
        title=title,
        state=Report.State.PUBLISHED,
        published_at=timezone.now(),
        snapshot={"title": title, "period": "2024/25 Q4", "sections": [], "answers": []},
        pdf_state=Report.PdfState.READY,
    )
    published.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    draft = Report.objects.create(
        collaborative=collaborative, period=draft_period, title=f"{label} draft report"
    )
    return {"shared": {"report": published, "draft_report": draft}}


_SIDES.append(_side_b)
