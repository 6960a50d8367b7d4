"""Workforce's part of the authorisation matrix (tests/matrix_parts.py describes the shape).

In this app's world lead A and lead B are also their organisation's workforce leads (``side``
adds the memberships), so "own organisation" cells are tested for a workforce lead, not only for
the facilitator and sponsor. Each part of the app keeps its entries in its own block.
"""

import datetime

from anchors.models import Membership, Role
from tests.workforce.factories import (
    ApprenticeFactory,
    HostFactory,
    MemberFactory,
    PlacementFactory,
    ProgrammeFactory,
    RotationFactory,
)

MEMBERS = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
FAC = {"facilitator"}
NOBODY: set = set()
# An organisation's workforce lead and senior sponsor keep its programmes and apprentices.
KEEPERS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
OWN_A = {"facilitator", "lead_a", "sponsor_a"}
OWN_B = {"facilitator", "lead_b"}
# A host's workforce lead places apprentices at their own organisation.
PLACERS_A = {"facilitator", "lead_a"}
PLACERS_B = {"facilitator", "lead_b"}


def per_org(own, other):
    return {"own": own, "other": other, "elsewhere": NOBODY}


def shared(roles):
    return {"here": roles, "elsewhere": NOBODY}


def plain(roles):
    return {"none": roles}


def button(own, other):
    """A POST-only button: GET is refused (405) for everyone."""
    return {"get": per_org(NOBODY, NOBODY), "post": per_org(own, other)}


ACCESS: dict = {}
PARAMETERS: dict = {}
OBJECTS: dict = {}
_SIDES: list = []

# --- Programmes and the rotating-apprenticeship planner ----------------------------------------
ACCESS.update(
    {
        "workforce:programme_list": {"get": plain(MEMBERS)},
        "workforce:programme_create": {"get": plain(KEEPERS)},
        "workforce:programme_detail": {"get": per_org(MEMBERS, MEMBERS)},
        "workforce:programme_edit": {"get": per_org(OWN_A, OWN_B)},
        "workforce:apprentice_add": {"get": per_org(OWN_A, OWN_B)},
        "workforce:apprentice_edit": {"get": per_org(OWN_A, OWN_B)},
        "workforce:rotation_list": {"get": plain(MEMBERS)},
        "workforce:rotation_create": {"get": plain(FAC)},
        "workforce:rotation_detail": {"get": shared(MEMBERS)},
        "workforce:rotation_edit": {"get": shared(FAC)},
        "workforce:rotation_state": {"get": shared(FAC)},
        "workforce:rotation_propose": {"get": shared(FAC)},
        "workforce:host_add": {"get": shared(FAC)},
        "workforce:host_edit": {"get": per_org(FAC, FAC)},
        # Only the host's own senior sponsor signs off (not even the facilitator).
        "workforce:host_sign_off": button({"sponsor_a"}, NOBODY),
        "workforce:member_add": {"get": shared(FAC)},
        "workforce:member_remove": button(FAC, FAC),
        "workforce:placement_add": {"get": shared(FAC | {"lead_a", "lead_b"})},
        "workforce:placement_edit": {"get": per_org(PLACERS_A, PLACERS_B)},
        "workforce:placement_remove": button(PLACERS_A, PLACERS_B),
    }
)
PARAMETERS.update(
    {
        "workforce:programme_detail": "programme",
        "workforce:programme_edit": "programme",
        "workforce:apprentice_add": "programme",
        "workforce:apprentice_edit": "apprentice",
        "workforce:rotation_detail": "rotation",
        "workforce:rotation_edit": "rotation",
        "workforce:rotation_state": "rotation",
        "workforce:rotation_propose": "rotation",
        "workforce:host_add": "rotation",
        "workforce:host_edit": "rotation_host",
        "workforce:host_sign_off": "rotation_host",
        "workforce:member_add": "rotation",
        "workforce:member_remove": "rotation_member",
        "workforce:placement_add": "rotation",
        "workforce:placement_edit": "placement",
        "workforce:placement_remove": "placement",
    }
)
OBJECTS.update(
    {
        "programme": lambda o: [o["programme"].pk],
        "apprentice": lambda o: [o["apprentice"].pk],
        "rotation": lambda o: [o["rotation"].pk],
        "rotation_host": lambda o: [o["rotation_host"].pk],
        "rotation_member": lambda o: [o["rotation_member"].pk],
        "placement": lambda o: [o["placement"].pk],
    }
)


def _side_planner(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    rotation = RotationFactory(collaborative=collaborative, name=f"{label} rotation")
    found = {"own": {}, "other": {}, "shared": {"rotation": rotation}}
    for scope, org in (("own", org_a), ("other", org_b)):
        programme = ProgrammeFactory(organisation=org, standard_name=f"{label} Project Manager")
        apprentice = ApprenticeFactory(
            programme=programme, reference=f"{label}-{org.short_name}-A1"
        )
        spare = ApprenticeFactory(programme=programme, reference=f"{label}-{org.short_name}-A2")
        host = HostFactory(rotation=rotation, organisation=org, capacity=2)
        MemberFactory(rotation=rotation, apprentice=apprentice)
        member = MemberFactory(rotation=rotation, apprentice=spare)  # no placements: removable
        placement = PlacementFactory(
            rotation=rotation,
            host=host,
            apprentice=apprentice,
            start_date=datetime.date(2026, 4, 1),
            end_date=datetime.date(2026, 9, 29),
        )
        found[scope].update(
            {
                "programme": programme,
                "apprentice": apprentice,
                "rotation_host": host,
                "rotation_member": member,
                "placement": placement,
            }
        )
    return found


_SIDES.append(_side_planner)

# --- Local hiring, routes into work and the overview --------------------------------------------
# Starter rows: only the organisation's own workforce lead and senior sponsor and the facilitator
# see or change them; every member reads the overview and the routes.
ACCESS.update(
    {
        "workforce:index": {"get": plain(MEMBERS)},
        "workforce:hiring_settings": {"get": plain(FAC)},
        "workforce:hiring_metrics_add": {"get": plain(NOBODY), "post": plain(FAC)},
        "workforce:starter_list": {"get": per_org(OWN_A, OWN_B)},
        "workforce:starter_add": {"get": per_org(OWN_A, OWN_B)},
        "workforce:starter_count": {"get": per_org(OWN_A, OWN_B)},
        "workforce:starter_import": {"get": per_org(OWN_A, OWN_B)},
        "workforce:starter_metrics": button(OWN_A, OWN_B),
        "workforce:starter_remove": button(OWN_A, OWN_B),
        "workforce:starter_count_remove": button(OWN_A, OWN_B),
        "workforce:route_list": {"get": plain(MEMBERS)},
        "workforce:route_create": {"get": plain(KEEPERS)},
        "workforce:route_detail": {"get": per_org(MEMBERS, MEMBERS)},
        "workforce:route_edit": {"get": per_org(OWN_A, OWN_B)},
        "workforce:route_activity": {"get": per_org(OWN_A, OWN_B)},
    }
)
PARAMETERS.update(
    {
        "workforce:starter_list": "workforce_org",
        "workforce:starter_add": "workforce_org",
        "workforce:starter_count": "workforce_org",
        "workforce:starter_import": "workforce_org",
        "workforce:starter_metrics": "workforce_org",
        "workforce:starter_remove": "starter",
        "workforce:starter_count_remove": "starter_count",
        "workforce:route_detail": "route",
        "workforce:route_edit": "route",
        "workforce:route_activity": "route",
    }
)
OBJECTS.update(
    {
        "workforce_org": lambda o: [o["workforce_org"].pk],
        "starter": lambda o: [o["starter"].pk],
        "starter_count": lambda o: [o["starter_count"].pk],
        "route": lambda o: [o["route"].pk],
    }
)


def _side_hiring(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    from metrics.models import ReportingPeriod
    from tests.metrics.factories import PeriodFactory
    from tests.workforce.factories import (
        RouteActivityFactory,
        RouteProgrammeFactory,
        StarterCountFactory,
        StarterFactory,
    )

    period = ReportingPeriod.objects.filter(
        collaborative=collaborative, state=ReportingPeriod.State.OPEN
    ).first() or PeriodFactory(collaborative=collaborative, financial_year=2026, quarter=1)
    found = {"own": {}, "other": {}, "shared": {}}
    for scope, org in (("own", org_a), ("other", org_b)):
        route = RouteProgrammeFactory(organisation=org, partner=f"{label} {org.short_name} College")
        RouteActivityFactory(programme=route, period=period)
        found[scope].update(
            {
                "workforce_org": org,
                "starter": StarterFactory(organisation=org, period=period),
                "starter_count": StarterCountFactory(organisation=org, period=period),
                "route": route,
            }
        )
    return found


_SIDES.append(_side_hiring)


def side(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label):
    """Every part's objects for one collaborative, merged by scope. Leads A and B are made their
    organisation's workforce leads too."""
    for lead, org in ((lead_a, org_a), (lead_b, org_b)):
        Membership.objects.get_or_create(
            collaborative=collaborative,
            person=lead.person,
            organisation=org,
            role=Role.WORKFORCE_LEAD,
        )
        lead.__dict__.pop("_portal_roles", None)
    found = {"own": {}, "other": {}, "shared": {}}
    for make in _SIDES:
        made = make(
            collaborative,
            org_a=org_a,
            org_b=org_b,
            lead_a=lead_a,
            lead_b=lead_b,
            sponsor_a=sponsor_a,
            label=label,
        )
        for scope, objects in made.items():
            found[scope].update(objects)
    return found
