"""Demo workshops: the ten procurement workshops, who came, what each anchor said, the actions.

Their shape (10 meetings of 7-12 people, a round-robin update from each anchor, then a deep dive,
sometimes with speakers) and their themes come from the paper; every name, update, action and date
is invented. Dates are set relative to the day of loading so the home page always has something due.
"""

from datetime import timedelta

from anchors.demo.updates import UPDATES
from anchors.models import Action, Attendance, OrganisationUpdate, Speaker, Workshop

DONE, OPEN, DROPPED = Action.State.DONE, Action.State.OPEN, Action.State.DROPPED

# The facilitator and the six procurement leads come to most workshops; the rest come and go.
CORE = [
    "facilitator",
    "lead.hackney",
    "lead.elft",
    "daniel.reyes",
    "aisha.begum",
    "mark.whitfield",
    "chloe.lambert",
]
ABSENT = {  # workshop number -> core members who sent apologies
    2: ["aisha.begum"],
    4: ["chloe.lambert"],
    6: ["aisha.begum", "daniel.reyes", "chloe.lambert"],
    7: ["aisha.begum"],
    9: ["aisha.begum", "chloe.lambert"],
}

# number, title, deep dive, themes, extra attendees, speakers (name, organisation, role),
# decisions, what worked, what to change
WORKSHOPS = [
    (
        1,
        "Workshop 1: what we buy and how we decide",
        "Mapping each anchor's procurement cycle and sign-off",
        ["Social Value"],
        ["owen.clarke", "joseph.mensah"],
        [],
        "Meet every six weeks, online, for 90 minutes.\n"
        "Each meeting opens with a round-robin update from every anchor.\n"
        "The group chooses each deep-dive topic a meeting ahead.",
        "Everyone drew their own sign-off route on one page: the differences were obvious at "
        "a glance and started the best conversation of the session.",
        "Send the agenda a week ahead so colleagues from strategy teams can plan to join.",
    ),
    (
        2,
        "Workshop 2: carbon in the supply chain",
        "Carbon reduction plans in tenders",
        ["Net Zero"],
        ["nadia.rahman", "kwame.asante"],
        [("Nadia Rahman", "Hackney Council", "Sustainable Procurement Officer")],
        "Share each anchor's carbon reduction plan template before the next meeting.",
        "Hearing a sustainability lead explain what she asks suppliers for made the theme "
        "practical.",
        "Leave more time for questions; the round-robin overran.",
    ),
    (
        3,
        "Workshop 3: modern slavery risks",
        "Supplier risk assessment and contract clauses",
        ["Modern Slavery"],
        ["imogen.hart", "hannah.kowalski", "lena.fischer", "sofia.costa"],
        [
            ("Ruth Adams", "Independent anti-slavery adviser", "Trainer"),
            ("Sofia Costa", "Barts Health NHS Trust", "Head of Sustainable Procurement"),
        ],
        "Pool each anchor's modern slavery contract clauses into one shared folder.\n"
        "Invite Barts Health to the next session on this theme.",
        "A guest from outside the anchors brought useful challenge on how risk is scored.",
        "Agree in advance which documents are safe to share so nobody has to check afterwards.",
    ),
    (
        4,
        "Workshop 4: measuring social value",
        "Aligning social value objectives across North East London",
        ["Social Value"],
        ["joseph.mensah", "gareth.lloyd", "owen.clarke"],
        [("Gareth Lloyd", "North East London Commissioning Support Unit", "Procurement lead")],
        "Compare the measures each anchor already reports before choosing any shared ones.",
        "The NHS partners' work across North East London gave the group a real starting point.",
        "The local authorities need political agreement before committing: bring that in early.",
    ),
    (
        5,
        "Workshop 5: engaging local suppliers together",
        "Barriers SMEs, VCSEs and BAME-led organisations face in bidding",
        ["Social Value"],
        ["owen.clarke", "marcus.bell", "imogen.hart", "hannah.kowalski", "lena.fischer"],
        [
            ("Marcus Bell", "Peabody", "Social Value Manager"),
            ("Tunde Bakare", "Hackney local business network", "Chair"),
        ],
        "Explore one joint 'meet the buyers' event for local suppliers.",
        "Suppliers' own account of bidding barriers was more persuasive than any data.",
        "Ask suppliers to join only for their part so the round-robin stays among anchors.",
    ),
    (
        6,
        "Workshop 6: green skills and the circular economy",
        "Skills the circular economy will need locally",
        ["Net Zero"],
        ["kwame.asante", "nadia.rahman", "amara.nwosu"],
        [("Amara Nwosu", "City & Hackney Public Health", "Public Health Consultant")],
        "Scope a shared piece of research on future green skills needs in the area.",
        "Linking green jobs to health made the case to colleagues outside procurement.",
        "Three anchors sent apologies: check dates against the year-end before fixing them.",
    ),
    (
        7,
        "Workshop 7: modern slavery training",
        "Shared training for contract managers",
        ["Modern Slavery"],
        ["imogen.hart", "hannah.kowalski"],
        [("Ruth Adams", "Independent anti-slavery adviser", "Trainer")],
        "Run one joint training session for contract managers from all anchors.",
        "Practical sharing of training materials saved each anchor real time.",
        "Training needs a budget holder's agreement: nobody present could commit one.",
    ),
    (
        8,
        "Workshop 8: a common set of social value metrics",
        "Drafting shared social value measures",
        ["Social Value"],
        ["joseph.mensah", "owen.clarke", "gareth.lloyd", "lena.fischer"],
        [],
        "Take a draft set of eight shared measures to each anchor's leadership for comment.",
        "A short list of measures everyone already collects made agreement possible.",
        "The draft needs a senior owner in each anchor or it will stall.",
    ),
    (
        9,
        "Workshop 9: could we tender together?",
        "Tender pipelines, timelines and sign-off",
        ["Social Value", "Net Zero"],
        ["owen.clarke", "imogen.hart", "joseph.mensah", "sofia.costa"],
        [("Sofia Costa", "Barts Health NHS Trust", "Head of Sustainable Procurement")],
        "Share each anchor's next 18 months of tenders over £100,000 to look for overlaps.",
        "Laying pipelines side by side showed two categories where timing could line up.",
        "Yearly timelines and sign-off routes block joint tendering: map them at the start.",
    ),
    (
        10,
        "Workshop 10: from discussion to action",
        "What would turn shared ideas into joint action",
        ["Net Zero", "Social Value", "Modern Slavery"],
        ["hannah.kowalski", "kwame.asante", "nadia.rahman", "lena.fischer"],
        [],
        "Ask each anchor's senior sponsor to confirm resources for the shared metrics work.\n"
        "Take the learning to the Health and Wellbeing Board.",
        "Honest reflection: the group values the peer challenge and shared documents.",
        "Ideas have not become joint action without senior sponsorship and resources.",
    ),
]


# Actions per workshop: description, owner email, due (days after the workshop, or
# ("today", n): n days from the day of loading, so something is always due soon), state, note.
ACTIONS = {
    1: [
        ("Share each anchor's sign-off route on one page", "facilitator", 21, DONE, ""),
        ("Circulate the list of contracts due for renewal", "lead.hackney", 35, DONE, ""),
    ],
    2: [
        ("Share carbon reduction plan templates", "nadia.rahman", 28, DONE, ""),
        (
            "Find out which suppliers already report carbon",
            "lead.elft",
            42,
            DROPPED,
            "Overtaken by the national supplier roadmap.",
        ),
    ],
    3: [
        ("Pool modern slavery contract clauses in one folder", "mark.whitfield", 21, DONE, ""),
        ("Invite Barts Health to the next modern slavery session", "facilitator", 14, DONE, ""),
    ],
    4: [
        ("Compare the social value measures each anchor reports", "daniel.reyes", 35, DONE, ""),
        ("Ask for the NEL social value question bank", "joseph.mensah", 21, DONE, ""),
    ],
    5: [
        ("Scope a joint 'meet the buyers' event", "owen.clarke", 42, DONE, ""),
        (
            "Collect what local suppliers say stops them bidding",
            "lena.fischer",
            35,
            DONE,
            "",
        ),
    ],
    6: [
        ("Draft a brief for shared research on green skills", "facilitator", 42, OPEN, ""),
        ("Check year-end dates before setting the next meetings", "facilitator", 14, DONE, ""),
    ],
    7: [
        ("Find a budget holder for joint contract-manager training", "lead.elft", 35, OPEN, ""),
        ("Share training materials in the shared folder", "imogen.hart", 14, DONE, ""),
    ],
    8: [
        (
            "Take the draft shared measures to Hackney Council's leadership",
            "lead.hackney",
            35,
            OPEN,
            "On the agenda for the next directors' meeting.",
        ),
        ("Take the draft shared measures to ELFT's executive", "lead.elft", 35, OPEN, ""),
        ("Take the draft shared measures to the City's leadership", "mark.whitfield", 35, DONE, ""),
    ],
    9: [
        ("Share tenders over £100,000 for the next 18 months", "lead.hackney", 30, OPEN, ""),
        ("Share ELFT's tender pipeline", "lead.elft", 30, DONE, ""),
        ("Map sign-off routes and yearly timelines side by side", "facilitator", 40, OPEN, ""),
    ],
    10: [
        (
            "Ask Hackney's senior sponsor to confirm resources for the metrics work",
            "lead.hackney",
            ("today", 2),
            OPEN,
            "",
        ),
        (
            "Write up the learning for the Health and Wellbeing Board",
            "facilitator",
            ("today", 14),
            OPEN,
            "",
        ),
        (
            "Ask the NEL ICB's sponsor for a decision on sponsorship",
            "daniel.reyes",
            ("today", 3),
            OPEN,
            "",
        ),
    ],
}


def last_workshop_day(today):
    """The group meets on Tuesdays every six weeks; the last meeting was 10 to 16 days ago."""
    day = today - timedelta(days=10)
    return day - timedelta(days=(day.weekday() - 1) % 7)


def load_workshops(demo, workstream):
    """The ten workshops, who came, the round-robin updates and the actions agreed."""
    first = last_workshop_day(demo.today) - timedelta(days=9 * 42)
    for number, title, topic, themes, extra, speakers, decisions, worked, change in WORKSHOPS:
        on = first + timedelta(days=(number - 1) * 42)
        workshop, _ = demo.upsert(
            Workshop,
            {"collaborative": demo.collaborative, "workstream": workstream, "title": title},
            {
                "date": on,
                "deep_dive_topic": topic,
                "decisions": decisions,
                "reflections_worked": worked,
                "reflections_change": change,
                "created_by": demo.facilitator,
            },
        )
        workshop.themes.set([demo.themes[name] for name in themes if name in demo.themes])
        for position, (name, organisation, role) in enumerate(speakers):
            demo.upsert(
                Speaker,
                {"workshop": workshop, "name": name},
                {
                    "collaborative": demo.collaborative,
                    "organisation": organisation,
                    "role": role,
                    "position": position,
                },
            )
        handles = [h for h in CORE if h not in ABSENT.get(number, [])] + extra
        attendees = [demo.person(h) for h in handles]
        for person in attendees:
            Attendance.objects.get_or_create(
                workshop=workshop,
                person=person,
                defaults={
                    "collaborative": demo.collaborative,
                    "organisation": person.organisation,
                    "created_by": demo.facilitator,
                },
            )
        _round_robin(demo, workshop, number, attendees)
        _actions(demo, workshop, number)


def _round_robin(demo, workshop, number, attendees):
    present = {p.organisation.short_name for p in attendees}
    for offset, (org, (focus, challenges, successes)) in enumerate(UPDATES.items()):
        if org not in present:
            continue
        i = number + offset
        demo.upsert(
            OrganisationUpdate,
            {"workshop": workshop, "organisation": demo.orgs[org]},
            {
                "collaborative": demo.collaborative,
                "workstream": workshop.workstream,
                "date": workshop.date,
                "current_focus": focus[i % len(focus)],
                "challenges": challenges[(2 * i + 1) % len(challenges)],
                "successes": successes[(3 * i + 2) % len(successes)],
                "created_by": demo.facilitator,
            },
        )


def _actions(demo, workshop, number):
    for position, (text, owner, due_in, state, note) in enumerate(ACTIONS[number]):
        person = demo.person(owner)
        if isinstance(due_in, tuple):
            due = demo.today + timedelta(days=due_in[1])
        else:
            due = workshop.date + timedelta(days=due_in)
        demo.upsert(
            Action,
            {"workshop": workshop, "description": text},
            {
                "collaborative": demo.collaborative,
                "owner": person,
                "organisation": person.organisation,
                "due_date": due,
                "state": state,
                "completed_on": min(due - timedelta(days=3), demo.today) if state == DONE else None,
                "note": note,
                "position": position,
                "created_by": demo.facilitator,
            },
        )
