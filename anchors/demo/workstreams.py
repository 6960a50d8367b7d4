"""Demo workstreams: procurement (active) and the rotating apprenticeships pilot (paused).

The two workstreams, their status and why the workforce pilot paused come from the paper; who
takes part, their sponsorship and the resources they commit are invented for illustration.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from anchors.demo.workshops import last_workshop_day
from anchors.models import Participation, Workstream, WorkstreamStatusChange

S = Participation.Sponsorship

PROCUREMENT = {
    "name": "Procurement",
    "purpose": (
        "Use what the anchors buy to build an inclusive local economy: share practice on the "
        "themes the group chose (Net Zero, Social Value, Modern Slavery), and find where buying "
        "together, or in the same way, would do more than each anchor alone."
    ),
    "objectives": "\n".join(
        [
            "Engage local suppliers collectively to build their capacity to bid for tenders",
            "Diversify the supplier base: SMEs, VCSEs and BAME-led organisations",
            "Develop a common set of social value objectives and metrics",
            "Develop thinking and practice on the circular economy and green skills",
            "Find tenders where the anchors' timescales allow buying together",
        ]
    ),
}

WORKFORCE = {
    "name": "Workforce: rotating apprenticeships",
    "purpose": (
        "Pilot a small, relatively senior and skilled apprenticeship that rotates between "
        "City of London, Hackney Council and ELFT, opening routes into work for local people "
        "from more deprived areas; to be adapted and rolled out more widely if it works."
    ),
    "objectives": "\n".join(
        [
            "Agree a shared apprenticeship standard and rotation schedule across three anchors",
            "Recruit the first cohort from the most deprived parts of City and Hackney",
            "Secure senior sponsorship and resources in each participating organisation",
        ]
    ),
}
WORKFORCE_PAUSE_REASON = (
    "The apprenticeship leads were unable to gain the senior sponsorship within their "
    "organisations needed to bring accountability and resources to this initiative, which "
    "prevented its realisation. Having developed the collaborative proposal it was convened "
    "for, only to face barriers at the system level, the group has paused this work."
)

# organisation, lead email, sponsor email, sponsorship, months ago, staff days, £, note
PROCUREMENT_PARTICIPANTS = [
    ("Hackney Council", "lead.hackney", "sponsor.hackney", S.SECURED, 11, "6", "5000", ""),
    ("City of London", "mark.whitfield", "victoria.lane", S.SECURED, 8, "4", None, ""),
    (
        "ELFT",
        "lead.elft",
        "sarah.whitlock",
        S.REQUESTED,
        5,
        "3",
        None,
        "Raised with the CFO; awaiting a slot at the executive meeting.",
    ),
    (
        "NEL ICB",
        "daniel.reyes",
        "peter.oduya",
        S.REQUESTED,
        4,
        None,
        None,
        "Waiting for the ICB's new operating model to settle.",
    ),
    ("Homerton", "chloe.lambert", "james.harper", S.NOT_SOUGHT, 0, None, None, ""),
    ("GP Confederation", "aisha.begum", None, S.NOT_SOUGHT, 0, None, None, ""),
]
WORKFORCE_PARTICIPANTS = [
    (
        "Hackney Council",
        "femi.adebayo",
        "sponsor.hackney",
        S.DECLINED,
        7,
        None,
        None,
        "Could not be prioritised against the council's in-year savings programme.",
    ),
    (
        "City of London",
        "jon.price",
        "diane.foster",
        S.DECLINED,
        6,
        None,
        None,
        "No budget line for a shared apprentice salary this financial year.",
    ),
    (
        "ELFT",
        "rachel.osei",
        "sarah.whitlock",
        S.REQUESTED,
        9,
        None,
        None,
        "Requested twice; never reached a decision.",
    ),
]


def _workstream(demo, spec, history, participants, next_workshop_on=None):
    workstream, _ = demo.upsert(
        Workstream,
        {"collaborative": demo.collaborative, "name": spec["name"]},
        {
            "purpose": spec["purpose"],
            "objectives": spec["objectives"],
            "status": history[-1][1],
            "next_workshop_on": next_workshop_on,
        },
    )
    for from_status, to_status, days, reason in history:
        demo.upsert(
            WorkstreamStatusChange,
            {"workstream": workstream, "from_status": from_status, "to_status": to_status},
            {
                "collaborative": demo.collaborative,
                "reason": reason,
                "changed_at": timezone.now() - timedelta(days=days),
                "created_by": demo.facilitator,
            },
        )
    joined = demo.days_ago(history[0][2])
    for org, lead, sponsor, state, months, days_, money, note in participants:
        dated = None if state == S.NOT_SOUGHT else demo.days_ago(months * 30)
        # No demo participant ever had sponsorship and lost it: lacking since joining.
        lacking = None if state == S.SECURED else joined
        demo.upsert(
            Participation,
            {"workstream": workstream, "organisation": demo.orgs[org]},
            {
                "collaborative": demo.collaborative,
                "lead": demo.person(lead),
                "sponsor": demo.person(sponsor) if sponsor else None,
                "sponsorship": state,
                "sponsorship_date": dated,
                "sponsorship_note": note,
                "staff_days_per_quarter": Decimal(days_) if days_ else None,
                "funding": Decimal(money) if money else None,
                "joined_on": joined,
                "sponsor_lacking_since": lacking,
                "resources_lacking_since": None if (days_ or money) else joined,
                "created_by": demo.facilitator,
            },
        )
    return workstream


def load_workstreams(demo):
    """Both workstreams with their status history and participants; returns procurement."""
    year = 400
    procurement = _workstream(
        demo,
        PROCUREMENT,
        [
            ("", "proposed", year + 60, "Workstream set up at the collaborative's launch."),
            (
                "proposed",
                "active",
                year + 30,
                "All six anchors agreed to join a procurement group facilitated by Renaisi.",
            ),
        ],
        PROCUREMENT_PARTICIPANTS,
        next_workshop_on=last_workshop_day(demo.today) + timedelta(days=42),
    )
    _workstream(
        demo,
        WORKFORCE,
        [
            ("", "proposed", year + 60, "Apprenticeships identified as a chance to collaborate."),
            (
                "proposed",
                "active",
                year,
                "Leads from City of London, Hackney Council and ELFT came together with Renaisi "
                "to develop a rotating apprenticeships pilot; Renaisi wrote a short paper "
                "outlining it.",
            ),
            ("active", "paused", 150, WORKFORCE_PAUSE_REASON),
        ],
        WORKFORCE_PARTICIPANTS,
    )
    return procurement
