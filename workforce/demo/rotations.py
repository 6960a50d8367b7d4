"""The paper's rotating-apprenticeship pilot: City of London Corporation, Hackney Council and ELFT
as hosts of a six-apprentice Project Manager cohort over 18 months. The plan was designed, then
paused for want of senior sponsorship: no host has signed off, so the page says whose sign-off is
missing. Placements come from the planner's own proposal. Hosts' capacities, windows, supervisors
and learning objectives are invented for illustration. Loading twice creates nothing new.
"""

import datetime

from anchors.demo.common import Demo
from anchors.demo.workstreams import WORKFORCE_PAUSE_REASON
from workforce import planner
from workforce.models import Apprentice, Placement, Rotation, RotationHost, RotationMember
from workforce.selectors import rotations as selectors

NAME = "City, Hackney and ELFT rotating apprenticeship pilot"
DESCRIPTION = (
    "A small, relatively senior and skilled apprenticeship (Project Manager, level 4) that rotates "
    "between City of London Corporation, Hackney Council and ELFT, opening routes into work for "
    "local people from more deprived areas. Each apprentice starts at their employing anchor and "
    "spends six months with each host."
)
# organisation short name, capacity, default supervisor (a job title), learning objectives
HOSTS = [
    (
        "City of London",
        2,
        "Head of Programme Management Office",
        "Run a workstream of a capital project; report to a programme board; manage a risk log.",
    ),
    (
        "Hackney Council",
        2,
        "Strategic Delivery Manager",
        "Plan and deliver a service change with residents; stakeholder mapping; benefits "
        "realisation.",
    ),
    (
        "ELFT",
        2,
        "Quality Improvement Programme Lead",
        "Lead a quality-improvement project on a ward or in a community team; measure for "
        "improvement; clinical governance.",
    ),
]
COHORT = ["CL-PM-01", "CL-PM-02", "HC-PM-01", "HC-PM-02", "ELFT-PM-01", "ELFT-PM-02"]
MONTHS = 18


def _end_of(start, months):
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def load_rotations(collaborative, *, today):
    demo = Demo(collaborative)
    apprentices = list(
        Apprentice.objects.filter(collaborative=collaborative, reference__in=COHORT)
        .select_related("programme__organisation")
        .order_by("reference")
    )
    if len(apprentices) != len(COHORT):
        return "Rotating apprenticeship pilot skipped (its cohort's programmes are missing)."
    start = min(a.start_date for a in apprentices)
    rotation, created = demo.upsert(
        Rotation,
        {"collaborative": collaborative, "name": NAME},
        {
            "description": DESCRIPTION,
            "state": Rotation.State.PAUSED,
            "state_reason": WORKFORCE_PAUSE_REASON[:500],
            "start_date": start,
            "end_date": _end_of(start, MONTHS),
            "placement_weeks": 26,
            "max_gap_weeks": 2,
            "min_employer_weeks": 12,
        },
    )
    objectives = {}
    for short, capacity, supervisor, learning in HOSTS:
        host, _ = demo.upsert(
            RotationHost,
            {
                "collaborative": collaborative,
                "rotation": rotation,
                "organisation": demo.orgs[short],
            },
            {"capacity": capacity, "supervisor": supervisor},
        )
        objectives[host.pk] = (supervisor, learning)
    for apprentice in apprentices:
        demo.upsert(
            RotationMember,
            {"collaborative": collaborative, "rotation": rotation, "apprentice": apprentice},
            {},
        )
    added = 0
    if not Placement.objects.filter(rotation=rotation).exists():
        hosts = selectors.rotation_hosts(rotation)
        members = selectors.rotation_members(rotation)
        proposal = selectors.rotation_proposal(rotation, hosts=hosts, members=members)
        by_apprentice = {a.pk: a for a in apprentices}
        for proposed in proposal.placements:
            supervisor, learning = objectives[proposed.host]
            placement = Placement(
                collaborative=collaborative,
                rotation=rotation,
                apprentice=by_apprentice[proposed.apprentice],
                host_id=proposed.host,
                start_date=proposed.start,
                end_date=proposed.end,
                supervisor=supervisor,
                learning_objectives=learning,
            )
            placement._history_user = demo.facilitator
            placement._change_reason = "From the planner's proposal"
            placement.save()
            added += 1
        if planner.validate(selectors.rotation_schedule(rotation)):
            raise ValueError("The demo rotation's proposal breaks the planner's rules")
    return (
        f"Rotating apprenticeship pilot {'added' if created else 'kept'} "
        f"({len(HOSTS)} hosts, {len(apprentices)} apprentices, {added} placements added; paused, "
        "no sign-offs)."
    )
