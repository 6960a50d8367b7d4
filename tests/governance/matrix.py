"""Governance's part of the authorisation matrix (tests/matrix_parts.py describes the shape).

Part A (structure, escalations, delegated authority, barriers, roadmap, self-assessment) first;
part B (dashboard, reports) adds its block below.
"""

from governance.models import Group, Objective, Recommendation
from tests.governance.factories import (
    AuthorityFactory,
    BarrierFactory,
    escalation_to,
    governance_tree,
)

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
