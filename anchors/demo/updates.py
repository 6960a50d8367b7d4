"""Demo organisation updates: each anchor's round-robin lines, and updates between workshops."""

from anchors.models import OrganisationUpdate, Workstream

# Each anchor's round-robin updates: current focus, challenges, successes (a few lines each).
UPDATES = {
    "Hackney Council": (
        [
            "Refreshing the sustainable procurement strategy for Cabinet.",
            "Embedding the social value framework in all contracts over £100,000.",
            "Reviewing the waste and recycling fleet contract ahead of re-tender.",
            "Preparing the net zero supplier guidance.",
            "Local spend analysis for the Inclusive Economy Strategy.",
        ],
        [
            "Cabinet cycle means decisions take three months or more.",
            "Measuring social value consistently across directorates.",
            "Budget pressure is pushing price up the weighting again.",
            "Few local firms bid for construction lots.",
            "Supplier data quality makes local spend hard to prove.",
        ],
        [
            "Two local SMEs won places on the facilities framework.",
            "Social value commitments now monitored quarterly.",
            "",
            "Meet-the-buyer event drew 60 local businesses.",
            "Carbon reduction plans now asked for in all major tenders.",
        ],
    ),
    "ELFT": (
        [
            "Rolling out the NHS net zero supplier roadmap requirements.",
            "Modern slavery statement refresh for the board.",
            "Re-procuring the patient transport contract.",
            "Working with North East London partners on shared social value.",
            "Training contract managers on supplier engagement.",
        ],
        [
            "National frameworks leave little room for local conditions.",
            "Capacity: the team is carrying vacancies.",
            "Suppliers struggle with carbon reporting requirements.",
            "Aligning with the wider NHS timetable.",
        ],
        [
            "Ten per cent social value weighting applied in every tender.",
            "First supplier carbon reduction plans received.",
            "Board approved the modern slavery statement.",
            "",
        ],
    ),
    "NEL ICB": (
        [
            "Settling the new ICB operating model and team structure.",
            "Mapping community services contracts due for renewal.",
            "Sharing the North East London social value approach.",
            "Reviewing the supplier diversity data we hold.",
        ],
        [
            "Organisational change is slowing every decision.",
            "Most spend goes through national or regional frameworks.",
            "Unclear who holds delegated authority during the transition.",
        ],
        [
            "",
            "Agreed a common social value question bank with two trusts.",
            "Supplier diversity data now collected at tender stage.",
        ],
    ),
    "GP Confederation": (
        [
            "Procurement of the new digital services contract.",
            "Supporting practices with energy efficiency.",
            "Building a register of local VCSE partners.",
        ],
        [
            "Very small team: procurement is one part of a wider role.",
            "Most contracts are too small for formal social value measures.",
        ],
        [
            "A local VCSE partner now delivers the social prescribing service.",
            "",
        ],
    ),
    "City of London": (
        [
            "Responsible procurement strategy implementation.",
            "Modern slavery risk assessment of the top 100 suppliers.",
            "Social value through the City's major construction projects.",
            "Sharing the responsible procurement toolkit with partners.",
            "Circular economy pilot for office furniture.",
        ],
        [
            "Suppliers are reporting fatigue with questionnaires.",
            "Governance cycle out of step with partners' timelines.",
            "Construction market inflation squeezing social value offers.",
        ],
        [
            "Office furniture reuse pilot diverted 40 tonnes from landfill.",
            "Modern slavery clauses added to all new contracts.",
            "",
            "Responsible procurement toolkit shared with two anchors.",
        ],
    ),
    "Homerton": (
        [
            "Re-procuring soft facilities management services.",
            "Green plan delivery: anaesthetic gases and energy.",
            "Local recruitment through contracts.",
            "Preparing for the new NHS Provider Selection Regime.",
        ],
        [
            "Time: winter pressures took the team's attention.",
            "Contract values too low for many requirements.",
            "New regulations are changing how services are procured.",
        ],
        [
            "Catering supplier now sources from two local producers.",
            "",
            "Facilities contract includes local hiring commitments.",
        ],
    ),
}


# Updates posted between workshops: workstream, organisation, author email, days ago, texts.
BETWEEN_UPDATES = [
    (
        "Procurement",
        "ELFT",
        "lead.elft",
        5,
        "Patient transport re-procurement is out to tender.",
        "Executive slot for the sponsorship request moved again.",
        "Local supplier engagement session held with 12 bidders.",
    ),
    (
        "Procurement",
        "Hackney Council",
        "lead.hackney",
        3,
        "Preparing the paper on shared social value measures for directors.",
        "",
        "Cabinet approved the sustainable procurement strategy.",
    ),
    (
        "Workforce: rotating apprenticeships",
        "ELFT",
        "rachel.osei",
        120,
        "Keeping the rotating apprenticeship proposal ready to restart.",
        "Still no decision on sponsorship from the executive.",
        "",
    ),
]


def load_between_updates(demo):
    """Updates organisations posted on a workstream between workshops."""
    for name, org, author, days, focus, challenges, successes in BETWEEN_UPDATES:
        workstream = Workstream.objects.get(collaborative=demo.collaborative, name=name)
        demo.upsert(
            OrganisationUpdate,
            {
                "workstream": workstream,
                "organisation": demo.orgs[org],
                "workshop": None,
                "current_focus": focus,
            },
            {
                "collaborative": demo.collaborative,
                "date": demo.days_ago(days),
                "challenges": challenges,
                "successes": successes,
                "created_by": demo.user_of(author),
            },
        )
