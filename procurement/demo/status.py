"""Demo status matrix: the six anchors' positions on the three themes and three opportunities,
each with a short history (earlier levels, a few left stale). Invented for illustration."""

import datetime

from django.utils import timezone

from anchors.common.history import save_with_history
from anchors.models import Membership, Organisation, Role, Theme
from procurement.models import Opportunity, OrganisationStatus

OPPORTUNITIES = [
    (
        "Collectively engaging suppliers",
        "Diversify the supplier base and lower the barriers for small and medium-sized and "
        "BAME-led organisations, by engaging local suppliers together and building their "
        "capacity to bid.",
    ),
    (
        "Common social value metrics",
        "An agreed set of social value objectives and metrics across all the anchors, building "
        "on the NHS partners' alignment across North East London.",
    ),
    (
        "Circular economy",
        "Supporting green jobs and the skills the circular economy needs, starting with shared "
        "research into the area's future economic needs.",
    ),
]

# What a position says at each level, per theme or opportunity (level -> narrative, next step).
TEXT = {
    "Net Zero": {
        1: (
            "No carbon requirement in procurement yet.",
            "Agree a lead for net zero in procurement.",
        ),
        2: (
            "Looking at PPN 06/21 and what NHS England asks of suppliers.",
            "Draft a carbon reduction plan requirement for contracts over £5m.",
        ),
        3: (
            "Carbon reduction plans required above £5m; a 10% net zero weighting being piloted.",
            "Extend the weighting to all tenders over £100k.",
        ),
        4: (
            "Net zero weighting of 10% in every tender over £100k; suppliers’ plans checked.",
            "Report suppliers’ scope 3 emissions to the board twice a year.",
        ),
        5: (
            "Net zero criteria in every procurement; supplier emissions reported to the board.",
            "Share the reporting template with the other anchors.",
        ),
    },
    "Social Value": {
        1: ("No social value policy yet.", "Find out what the council’s policy asks for."),
        2: (
            "Social Value Act applied case by case; no common questions.",
            "Adopt a 10% minimum social value weighting.",
        ),
        3: (
            "10% minimum weighting agreed; questions drawn from the shared library.",
            "Track what suppliers promised against what they delivered.",
        ),
        4: (
            "Commitments tracked in contract management for every contract over £100k.",
            "Publish delivered social value each year.",
        ),
        5: (
            "Social value measured in every contract and reported publicly each year.",
            "Align the measures with the collaborative’s common metrics.",
        ),
    },
    "Modern Slavery": {
        1: (
            "No modern slavery checks beyond the statutory statement.",
            "Map high-risk categories.",
        ),
        2: (
            "High-risk categories mapped (cleaning, textiles, PPE).",
            "Add the modern slavery assessment tool to high-risk tenders.",
        ),
        3: (
            "Assessment tool used in high-risk tenders; clauses in new contracts.",
            "Train contract managers to spot the signs.",
        ),
        4: (
            "Clauses and assessments in all high-risk contracts; contract managers trained.",
            "Audit two suppliers a year with the other anchors.",
        ),
        5: (
            "Supply chain risk reviewed yearly and reported with the statement.",
            "Run joint audits with the NHS partners.",
        ),
    },
    "Collectively engaging suppliers": {
        1: ("No supplier engagement beyond tender notices.", "Join the next meet-the-buyer event."),
        2: (
            "Took part in one meet-the-buyer event; pipeline not published.",
            "Publish a 12-month pipeline of opportunities.",
        ),
        3: (
            "Pipeline published; co-hosting bid training with the council.",
            "Lots sized so that small suppliers can bid.",
        ),
        4: (
            "Quarterly joint supplier events; lots sized for SMEs in three categories.",
            "Track SME and VCSE share of spend each quarter.",
        ),
        5: (
            "Joint engagement programme with measured growth in local SME spend.",
            "Extend the programme to the wider stakeholders.",
        ),
    },
    "Common social value metrics": {
        1: ("Not started.", "Compare our social value measures with the NHS partners’."),
        2: (
            "Compared measures with the North East London NHS set.",
            "Agree which measures we could adopt.",
        ),
        3: (
            "Adopted eight of the shared measures; reporting them internally.",
            "Seek political agreement to adopt the full set.",
        ),
        4: (
            "Reporting the full common set each quarter.",
            "Use the common set in tender evaluation.",
        ),
        5: (
            "Common metrics in tenders, contracts and board reports.",
            "Help the wider stakeholders adopt them.",
        ),
    },
    "Circular economy": {
        1: ("Not started.", "Name a lead for circular economy work."),
        2: (
            "Early thinking: furniture reuse and textile recycling identified.",
            "Contribute to shared research into green skills needs.",
        ),
        3: (
            "Reuse clauses in furniture and IT contracts; research commissioned with partners.",
            "Pilot a reuse platform for surplus equipment.",
        ),
        4: (
            "Reuse platform in use across sites; circular criteria in three categories.",
            "Measure the waste avoided.",
        ),
        5: (
            "Circular criteria in every relevant category, with waste avoided reported.",
            "Share the approach with the other anchors.",
        ),
    },
}

# Per organisation, per column: the levels it moved through, oldest first, and how many days ago
# the latest was recorded. None: never recorded.
POSITIONS = {
    "Hackney Council": {
        "Net Zero": ([2, 3, 4], 20),
        "Social Value": ([3, 4, 5], 35),
        "Modern Slavery": ([2, 3], 50),
        "Collectively engaging suppliers": ([3, 4], 12),
        "Common social value metrics": ([1, 2, 3], 40),
        "Circular economy": ([1, 2], 60),
    },
    "ELFT": {
        "Net Zero": ([3, 4], 25),
        "Social Value": ([2, 3, 4], 30),
        "Modern Slavery": ([3, 4], 45),
        "Collectively engaging suppliers": ([2, 3], 15),
        "Common social value metrics": ([2, 3, 4], 55),
        "Circular economy": ([2, 3], 70),
    },
    "Homerton": {
        "Net Zero": ([2, 3], 40),
        "Social Value": ([2, 3], 65),
        "Modern Slavery": ([2, 3], 120),
        "Collectively engaging suppliers": ([1, 2], 80),
        "Common social value metrics": ([2, 3], 60),
        "Circular economy": ([1, 2], 150),
    },
    "City of London": {
        "Net Zero": ([3, 4, 5], 30),
        "Social Value": ([3, 4], 45),
        "Modern Slavery": ([3, 4], 20),
        "Collectively engaging suppliers": ([2, 3], 50),
        "Common social value metrics": ([1, 2], 100),
        "Circular economy": ([2, 3], 35),
    },
    "NEL ICB": {
        "Net Zero": ([2, 3], 95),
        "Social Value": ([2, 3], 75),
        "Modern Slavery": ([2], 200),
        "Collectively engaging suppliers": ([1, 2], 110),
        "Common social value metrics": ([3, 4], 40),
        "Circular economy": ([1], 210),
    },
    "GP Confederation": {
        "Net Zero": ([1, 2], 130),
        "Social Value": ([1, 2], 85),
        "Modern Slavery": ([1], 240),
        "Collectively engaging suppliers": ([1, 2], 60),
        "Common social value metrics": None,
        "Circular economy": None,
    },
}
# Days between one step and the next in a cell's history.
STEP_DAYS = 120


def _opportunities(collaborative, user):
    found = {}
    for order, (name, description) in enumerate(OPPORTUNITIES):
        opportunity = Opportunity.objects.filter(collaborative=collaborative, name=name).first()
        if opportunity is None:
            opportunity = save_with_history(
                Opportunity(
                    collaborative=collaborative, name=name, description=description, order=order
                ),
                user=user,
            )
        found[name] = opportunity
    return found


def _editors(collaborative):
    """Who records each organisation's row: its procurement lead's login, else the facilitator."""
    memberships = Membership.objects.filter(collaborative=collaborative).select_related(
        "person__user"
    )
    facilitator = next(
        (m.person.user for m in memberships if m.role == Role.FACILITATOR and m.person.user),
        None,
    )
    leads = {
        m.organisation_id: m.person.user
        for m in memberships
        if m.role == Role.PROCUREMENT_LEAD and m.person.user
    }
    return facilitator, leads


def load_status(collaborative, *, today=None) -> str:
    today = today or timezone.localdate()
    facilitator, leads = _editors(collaborative)
    subjects = {t.name: t for t in Theme.objects.filter(collaborative=collaborative)}
    subjects.update(_opportunities(collaborative, facilitator))
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    made = 0
    for short_name, cells in POSITIONS.items():
        organisation = organisations.get(short_name)
        if organisation is None:
            continue
        user = leads.get(organisation.pk) or facilitator
        for subject_name, plan in cells.items():
            subject = subjects.get(subject_name)
            if plan is None or subject is None:
                continue
            lookup = {"theme": subject} if isinstance(subject, Theme) else {"opportunity": subject}
            if OrganisationStatus.objects.filter(organisation=organisation, **lookup).exists():
                continue
            levels, days_ago = plan
            status = OrganisationStatus(
                collaborative=collaborative, organisation=organisation, **lookup
            )
            for step, level in enumerate(levels):
                when = timezone.now() - datetime.timedelta(
                    days=days_ago + STEP_DAYS * (len(levels) - 1 - step)
                )
                narrative, next_step = TEXT[subject_name][level]
                status.level = level
                status.narrative = narrative
                status.next_step = next_step
                status.evidence_url = (
                    f"https://www.example.org/{organisation.short_name.lower().replace(' ', '-')}"
                    f"/{subject_name.lower().replace(' ', '-')}"
                    if level >= 3
                    else ""
                )
                status.reviewed_at = when
                status.updated_by = user
                status._history_date = when
                save_with_history(
                    status,
                    user=user,
                    reason="Recorded at a workshop" if step == 0 else f"{subject_name} updated",
                )
            made += 1
    return f"{made} new status position(s) with their histories."
