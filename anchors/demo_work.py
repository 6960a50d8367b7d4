"""Demo workstreams, sponsorship, the ten procurement workshops and their actions.

The two workstreams, their status and why the workforce pilot paused come from the 2022 Hackney
Health and Wellbeing Board paper; so do the workshops' shape (10 meetings of 7-12 people, a
round-robin update from each anchor, then a deep dive, sometimes with speakers) and their themes.
Every name, update, action and date below is invented for illustration; the portal shows an
"illustrative demo data" banner while they exist. Dates are set relative to the day of loading so
the home page always has something due. Every write is an upsert on a natural key and a row is
saved only when it changes, so loading twice creates nothing new.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from anchors.models import (
    Action,
    Attendance,
    Membership,
    Organisation,
    OrganisationUpdate,
    Participation,
    Person,
    Role,
    Speaker,
    Theme,
    User,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)

S = Participation.Sponsorship
DONE, OPEN, DROPPED = Action.State.DONE, Action.State.OPEN, Action.State.DROPPED

# More people of the procurement group (business engagement and strategy teams), their senior
# sponsors, and guests from wider stakeholders: name, job title, organisation, email, role.
PEOPLE = [
    ("Owen Clarke", "Business Engagement Manager", "Hackney Council", "owen.clarke", None),
    (
        "Nadia Rahman",
        "Sustainable Procurement Officer",
        "Hackney Council",
        "nadia.rahman",
        None,
    ),
    (
        "Hannah Kowalski",
        "Social Value and Sustainability Lead",
        "ELFT",
        "hannah.kowalski",
        None,
    ),
    (
        "Joseph Mensah",
        "Strategy and Partnerships Manager",
        "NEL ICB",
        "joseph.mensah",
        None,
    ),
    (
        "Imogen Hart",
        "Responsible Procurement Manager",
        "City of London",
        "imogen.hart",
        None,
    ),
    ("Kwame Asante", "Sustainability Manager", "Homerton", "kwame.asante", None),
    ("Lena Fischer", "Programme Officer", "Renaisi", "lena.fischer", None),
    (
        "Victoria Lane",
        "Commercial Director",
        "City of London",
        "victoria.lane",
        Role.SENIOR_SPONSOR,
    ),
    ("Peter Oduya", "Director of Finance", "NEL ICB", "peter.oduya", Role.SENIOR_SPONSOR),
    ("Sarah Whitlock", "Chief Finance Officer", "ELFT", "sarah.whitlock", Role.SENIOR_SPONSOR),
    ("James Harper", "Chief Finance Officer", "Homerton", "james.harper", Role.SENIOR_SPONSOR),
    (
        "Diane Foster",
        "Director of People",
        "City of London",
        "diane.foster",
        Role.SENIOR_SPONSOR,
    ),
    ("Marcus Bell", "Social Value Manager", "Peabody", "marcus.bell", None),
    (
        "Sofia Costa",
        "Head of Sustainable Procurement",
        "Barts Health",
        "sofia.costa",
        None,
    ),
    ("Amara Nwosu", "Public Health Consultant", "Public Health", "amara.nwosu", None),
    ("Gareth Lloyd", "Procurement Business Partner", "NEL CSU", "gareth.lloyd", None),
]

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


def last_workshop_day(today):
    """The group meets on Tuesdays every six weeks; the last meeting was 10 to 16 days ago."""
    day = today - timedelta(days=10)
    return day - timedelta(days=(day.weekday() - 1) % 7)


def _email(handle):
    return handle if "@" in handle else f"{handle}@example.org"


def _upsert(model, lookup, values, *, user=None):
    """Get or create by lookup; save only when a value differs, so history stays quiet."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup, **values)
    else:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if not changed:
            return obj, False
        for k in changed:
            setattr(obj, k, values[k])
    obj._history_user = user  # django-simple-history: who made the change
    obj.save()
    return obj, created


class _Demo:
    def __init__(self, collaborative):
        self.collaborative = collaborative
        self.today = timezone.localdate()
        self.orgs = {
            o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
        }
        self.themes = {t.name: t for t in Theme.objects.filter(collaborative=collaborative)}
        self.facilitator = User.objects.filter(email="facilitator@example.org").first()
        for name, title, org, handle, role in PEOPLE:
            person, _ = self.upsert(
                Person,
                {"collaborative": collaborative, "email": _email(handle)},
                {"name": name, "job_title": title, "organisation": self.orgs[org]},
            )
            if role:
                Membership.objects.get_or_create(
                    collaborative=collaborative,
                    person=person,
                    organisation=self.orgs[org],
                    role=role,
                )
        self.people = {
            p.email.split("@")[0]: p
            for p in Person.objects.filter(collaborative=collaborative).select_related(
                "organisation", "user"
            )
            if p.email
        }

    def upsert(self, model, lookup, values):
        return _upsert(model, lookup, values, user=self.facilitator)

    def person(self, handle):
        return self.people[handle]

    def user_of(self, handle):
        person = self.people.get(handle)
        return person.user if person and person.user_id else self.facilitator

    def days_ago(self, days):
        return self.today - timedelta(days=days)

    def workstream(self, spec, history, participants, next_workshop_on=None):
        workstream, _ = self.upsert(
            Workstream,
            {"collaborative": self.collaborative, "name": spec["name"]},
            {
                "purpose": spec["purpose"],
                "objectives": spec["objectives"],
                "status": history[-1][1],
                "next_workshop_on": next_workshop_on,
            },
        )
        for from_status, to_status, days, reason in history:
            self.upsert(
                WorkstreamStatusChange,
                {"workstream": workstream, "from_status": from_status, "to_status": to_status},
                {
                    "collaborative": self.collaborative,
                    "reason": reason,
                    "changed_at": timezone.now() - timedelta(days=days),
                    "created_by": self.facilitator,
                },
            )
        joined = self.days_ago(history[0][2])
        for org, lead, sponsor, state, months, days_, money, note in participants:
            dated = None if state == S.NOT_SOUGHT else self.days_ago(months * 30)
            # No demo participant ever had sponsorship and lost it: lacking since joining.
            lacking = None if state == S.SECURED else joined
            self.upsert(
                Participation,
                {"workstream": workstream, "organisation": self.orgs[org]},
                {
                    "collaborative": self.collaborative,
                    "lead": self.person(lead),
                    "sponsor": self.person(sponsor) if sponsor else None,
                    "sponsorship": state,
                    "sponsorship_date": dated,
                    "sponsorship_note": note,
                    "staff_days_per_quarter": Decimal(days_) if days_ else None,
                    "funding": Decimal(money) if money else None,
                    "joined_on": joined,
                    "sponsor_lacking_since": lacking,
                    "resources_lacking_since": None if (days_ or money) else joined,
                    "created_by": self.facilitator,
                },
            )
        return workstream

    def workshops(self, workstream):
        first = last_workshop_day(self.today) - timedelta(days=9 * 42)
        for number, title, topic, themes, extra, speakers, decisions, worked, change in WORKSHOPS:
            on = first + timedelta(days=(number - 1) * 42)
            workshop, _ = self.upsert(
                Workshop,
                {"collaborative": self.collaborative, "workstream": workstream, "title": title},
                {
                    "date": on,
                    "deep_dive_topic": topic,
                    "decisions": decisions,
                    "reflections_worked": worked,
                    "reflections_change": change,
                    "created_by": self.facilitator,
                },
            )
            workshop.themes.set([self.themes[name] for name in themes if name in self.themes])
            for position, (name, organisation, role) in enumerate(speakers):
                self.upsert(
                    Speaker,
                    {"workshop": workshop, "name": name},
                    {
                        "collaborative": self.collaborative,
                        "organisation": organisation,
                        "role": role,
                        "position": position,
                    },
                )
            handles = [h for h in CORE if h not in ABSENT.get(number, [])] + extra
            attendees = [self.person(h) for h in handles]
            for person in attendees:
                Attendance.objects.get_or_create(
                    workshop=workshop,
                    person=person,
                    defaults={
                        "collaborative": self.collaborative,
                        "organisation": person.organisation,
                        "created_by": self.facilitator,
                    },
                )
            self.round_robin(workshop, number, attendees)
            self.actions(workshop, number)

    def round_robin(self, workshop, number, attendees):
        present = {p.organisation.short_name for p in attendees}
        for offset, (org, (focus, challenges, successes)) in enumerate(UPDATES.items()):
            if org not in present:
                continue
            i = number + offset
            self.upsert(
                OrganisationUpdate,
                {"workshop": workshop, "organisation": self.orgs[org]},
                {
                    "collaborative": self.collaborative,
                    "workstream": workshop.workstream,
                    "date": workshop.date,
                    "current_focus": focus[i % len(focus)],
                    "challenges": challenges[(2 * i + 1) % len(challenges)],
                    "successes": successes[(3 * i + 2) % len(successes)],
                    "created_by": self.facilitator,
                },
            )

    def actions(self, workshop, number):
        for position, (text, owner, due_in, state, note) in enumerate(ACTIONS[number]):
            person = self.person(owner)
            if isinstance(due_in, tuple):
                due = self.today + timedelta(days=due_in[1])
            else:
                due = workshop.date + timedelta(days=due_in)
            self.upsert(
                Action,
                {"workshop": workshop, "description": text},
                {
                    "collaborative": self.collaborative,
                    "owner": person,
                    "organisation": person.organisation,
                    "due_date": due,
                    "state": state,
                    "completed_on": min(due - timedelta(days=3), self.today)
                    if state == DONE
                    else None,
                    "note": note,
                    "position": position,
                    "created_by": self.facilitator,
                },
            )

    def between_updates(self):
        for name, org, author, days, focus, challenges, successes in BETWEEN_UPDATES:
            workstream = Workstream.objects.get(collaborative=self.collaborative, name=name)
            self.upsert(
                OrganisationUpdate,
                {
                    "workstream": workstream,
                    "organisation": self.orgs[org],
                    "workshop": None,
                    "current_focus": focus,
                },
                {
                    "collaborative": self.collaborative,
                    "date": self.days_ago(days),
                    "challenges": challenges,
                    "successes": successes,
                    "created_by": self.user_of(author),
                },
            )


def load(*, collaborative, stdout=None):
    demo = _Demo(collaborative)
    year = 400
    procurement = demo.workstream(
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
    demo.workstream(
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
    demo.workshops(procurement)
    demo.between_updates()
    if stdout is not None:
        stdout.write("Demo workstreams, workshops and actions ready.")
    return procurement
