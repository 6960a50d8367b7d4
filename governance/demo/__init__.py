"""Demo governance for the paper's collaborative: the tree, the paper's barriers and seven
recommendations, shared objectives, delegated authority for each anchor, escalations in each
state (one overdue and moved up by the same function the daily task runs), four quarters of
self-assessment. Illustrative, like the rest of the demo data."""

import datetime
from decimal import Decimal

from django.utils import timezone

from anchors.common.history import save_with_history
from anchors.models import Organisation, Person, Role, Workstream
from governance.demo import reports as demo_reports
from governance.models import (
    Barrier,
    Condition,
    Decision,
    DelegatedAuthority,
    Escalation,
    GovernanceSettings,
    Group,
    Objective,
    Recommendation,
    SelfAssessment,
)
from governance.services.escalations import escalations_escalate_overdue
from metrics.models import Metric, ReportingPeriod
from metrics.models.periods import quarter_of

RECOMMENDATIONS = [
    "Begin by bringing senior leaders together to identify priority areas of work for "
    "collaboration and shared objectives",
    "Develop a governance structure with regular ways for the collaborative workstreams to update "
    "progress and escalate any issues with clear visibility between working groups and senior "
    "leadership",
    "Map out practical barriers to collaboration (such as tendering regulations, sign off "
    "processes, yearly timelines) within workshops at the beginning of the collaboration",
    "Identify practical activities of value that can quickly demonstrate the benefits of "
    "collaboration: e.g. developing a set of common metrics or aligning action plans",
    "Identify areas of shared investment (e.g. pieces of research, supplier development funding) "
    "which could be improved via pooled resources",
    "Embed ongoing reflection and learning into the collaborative working groups",
    "Engage senior leaders in ongoing evaluation to build accountability and ensure ownership of "
    "progress and challenges at all levels",
]
# (status, next step, evidence)
PROGRESS = [
    (
        "done",
        "Review priorities at the senior leaders' board each spring.",
        "Board terms of reference agreed.",
    ),
    (
        "in_progress",
        "Every working group reports monthly; escalations tracked in the portal.",
        "Escalations and decision log in the portal.",
    ),
    (
        "in_progress",
        "Review the barrier register at each steering group.",
        "Barrier register with three barriers from the paper.",
    ),
    (
        "in_progress",
        "Anchors submit the common social value metrics each quarter.",
        "Shared measurement framework in the portal.",
    ),
    ("not_started", "Scope pooled supplier development funding.", ""),
    (
        "in_progress",
        "Reflections recorded at the end of each workshop.",
        "Workshop log reflections.",
    ),
    (
        "stalled",
        "Senior leaders to rate the five conditions each quarter.",
        "Self-assessment started; two sponsors yet to take part.",
    ),
]
BARRIERS = [
    (
        "A lack of alignment in timescales and processes",
        Barrier.Category.TIMELINE,
        "Anchors' tendering timescales and processes are not aligned, impeding joint tendering "
        "for suppliers.",
        "Share each anchor's pipeline; the joint-tender finder shows overlapping windows a year "
        "ahead.",
        Barrier.Status.MITIGATING,
    ),
    (
        "Limited engagement from senior decision makers",
        Barrier.Category.SIGN_OFF,
        "Without an authorising environment the imperative to collaborate slipped behind other "
        "organisational priorities.",
        "Senior leaders' board with named sponsors; escalations that move up when not "
        "acknowledged.",
        Barrier.Status.OPEN,
    ),
    (
        "Limited commitment to resourcing collaborative work",
        Barrier.Category.RESOURCE,
        "Low accountability or capacity to engage in activity beyond the day job.",
        "Each anchor records staff days and money committed to each workstream.",
        Barrier.Status.OPEN,
    ),
]
OBJECTIVES = [
    (
        "Spend more with local, small and social-purpose suppliers",
        ("spend", "local", "sme", "vcse"),
    ),
    ("More local people from deprived areas into good jobs", ("hire", "apprentice", "job")),
    ("Cut the carbon in what the anchors buy", ("carbon", "co2", "net")),
]


def _people_with(collaborative, role):
    return list(
        Person.objects.filter(collaborative=collaborative, memberships__role=role)
        .select_related("organisation", "user")
        .distinct()
        .order_by("pk")
    )


def _tree(collaborative, *, sponsors, facilitator, hwb):
    hwb_group = Group.objects.create(
        collaborative=collaborative,
        name="City and Hackney Health and Wellbeing Board",
        kind=Group.Kind.HWB,
        cadence=Group.Cadence.QUARTERLY,
        chair=hwb[0] if hwb else None,
        terms_of_reference="Holds the system to account for the anchor collaborative's progress; "
        "receives the quarterly report.",
        position=0,
    )
    hwb_group.members.set(hwb + sponsors[:1])
    board = Group.objects.create(
        collaborative=collaborative,
        name="Anchor senior leaders' board",
        kind=Group.Kind.SENIOR_BOARD,
        parent=hwb_group,
        cadence=Group.Cadence.QUARTERLY,
        chair=sponsors[0] if sponsors else None,
        terms_of_reference="Sets shared goals, sponsors the workstreams, decides what the steering "
        "group escalates; one senior sponsor from each core anchor.",
        position=1,
    )
    board.members.set(sponsors)
    steering = Group.objects.create(
        collaborative=collaborative,
        name="Anchor collaborative steering group",
        kind=Group.Kind.STEERING,
        parent=board,
        cadence=Group.Cadence.MONTHLY,
        chair=facilitator,
        terms_of_reference="Coordinates the workstreams, keeps the barrier register and the "
        "roadmap, escalates to the senior leaders' board.",
        position=2,
    )
    leads = list(
        Person.objects.filter(
            collaborative=collaborative,
            memberships__role__in=[Role.PROCUREMENT_LEAD, Role.WORKFORCE_LEAD],
        ).distinct()
    )
    steering.members.set([p for p in [facilitator, *sponsors[:2]] if p] + leads[:4])
    for number, workstream in enumerate(Workstream.objects.filter(collaborative=collaborative)):
        group = Group.objects.create(
            collaborative=collaborative,
            name=f"{workstream.name} working group",
            kind=Group.Kind.WORKING,
            parent=steering,
            workstream=workstream,
            cadence=Group.Cadence.SIX_WEEKLY,
            chair=facilitator,
            terms_of_reference=f"Runs the {workstream.name.lower()} workstream's workshops and "
            "actions; reports to the steering group.",
            position=3 + number,
        )
        members = {p.lead_id for p in workstream.participations.all() if p.lead_id} | {
            facilitator.pk if facilitator else None
        }
        group.members.set(Person.objects.filter(pk__in=members - {None}))
    return hwb_group, board, steering


def _authority(collaborative, *, anchors, today):
    count = 0
    for number, organisation in enumerate(anchors):
        sponsor = (
            Person.objects.filter(
                collaborative=collaborative,
                organisation=organisation,
                memberships__role=Role.SENIOR_SPONSOR,
            )
            .order_by("pk")
            .first()
        )
        lead = (
            Person.objects.filter(
                collaborative=collaborative,
                organisation=organisation,
                memberships__role=Role.PROCUREMENT_LEAD,
            )
            .order_by("pk")
            .first()
        )
        reviewed = today - datetime.timedelta(days=30 + 45 * number)
        rows = []
        if sponsor:
            rows += [
                (sponsor, "spend", Decimal(250_000 + 100_000 * (number % 3))),
                (sponsor, "joint_procurement", None),
                (sponsor, "second_staff", None),
            ]
        if lead:
            rows += [(lead, "spend", Decimal(50_000)), (lead, "share_data", None)]
        for person, kind, limit in rows:
            DelegatedAuthority.objects.create(
                collaborative=collaborative,
                organisation=organisation,
                person=person,
                kind=kind,
                spend_limit=limit,
                note="Scheme of delegation (illustrative)",
                reviewed_on=reviewed,
            )
            count += 1
    return count


def _escalate(collaborative, *, raised_by, group, days_ago, today, **fields):
    escalation = Escalation(
        collaborative=collaborative,
        raised_by=raised_by,
        addressed_group=group,
        raised_on=today - datetime.timedelta(days=days_ago),
        addressed_on=today - datetime.timedelta(days=days_ago),
        needed_by=today + datetime.timedelta(days=21),
        **fields,
    )
    return save_with_history(escalation, user=raised_by.user, reason="Raised")


def _escalations(collaborative, *, board, steering, sponsors, facilitator, today):
    raiser = facilitator
    named = next((s for s in sponsors if s.user_id), sponsors[0] if sponsors else None)
    workstreams = list(Workstream.objects.filter(collaborative=collaborative).order_by("pk"))
    paused = next((w for w in workstreams if w.status == Workstream.Status.PAUSED), None)
    barrier = Barrier.objects.filter(collaborative=collaborative, category="sign_off").first()
    made = []
    made.append(
        _escalate(
            collaborative,
            raised_by=raiser,
            group=board,
            days_ago=3,
            today=today,
            title="Sponsor the rotating apprenticeship pilot",
            ask=Escalation.Ask.SPONSORSHIP,
            detail="The pilot was paused for lack of senior sponsorship; it needs one sponsor "
            "per anchor taking part and two days a month of an HR lead's time.",
            impact="Without a sponsor the first cohort cannot start in September.",
            addressed_sponsor=named,
            asks_organisation=named.organisation if named else None,
            authority_needed="second_staff",
            workstream=paused,
        )
    )
    made.append(
        _escalate(
            collaborative,
            raised_by=raiser,
            group=board,
            days_ago=6,
            today=today,
            title="Fund shared research on local supplier capacity",
            ask=Escalation.Ask.RESOURCE,
            detail="Pooled funding of £40,000 for research into local SME and VCSE capacity.",
            impact="Without it the supplier development plan rests on guesswork.",
            asks_organisation=named.organisation if named else None,
            authority_needed="spend",
            amount=Decimal(40_000),
            addressed_sponsor=named,
        )
    )
    acknowledged = _escalate(
        collaborative,
        raised_by=raiser,
        group=board,
        days_ago=12,
        today=today,
        title="Agree a common sign-off route for joint tenders",
        ask=Escalation.Ask.UNBLOCK,
        detail="Each anchor's sign-off takes a different route and time; agree one route for "
        "joint tenders.",
        impact="Joint tenders miss their windows while each anchor signs off in turn.",
        barrier=barrier,
    )
    acknowledged.state = Escalation.State.ACKNOWLEDGED
    acknowledged.acknowledged_on = today - datetime.timedelta(days=9)
    save_with_history(acknowledged, user=named.user if named else None, reason="Acknowledged")
    made.append(acknowledged)
    overdue = _escalate(
        collaborative,
        raised_by=raiser,
        group=steering,
        days_ago=16,
        today=today,
        title="Align tender timetables for facilities management",
        ask=Escalation.Ask.DECISION,
        detail="Three anchors re-let facilities management contracts within a year; decide "
        "whether to align the timetables for a joint tender.",
        impact="The windows close and each anchor re-lets alone for another five years.",
    )
    made.append(overdue)
    decided = _escalate(
        collaborative,
        raised_by=raiser,
        group=board,
        days_ago=40,
        today=today,
        title="Adopt the common social value metrics",
        ask=Escalation.Ask.DECISION,
        detail="Adopt the shared measurement framework's social value metrics for every anchor.",
        impact="Without them progress cannot be compared or added up.",
    )
    made.append(decided)
    withdrawn = _escalate(
        collaborative,
        raised_by=raiser,
        group=steering,
        days_ago=50,
        today=today,
        title="Second a data analyst to the backbone",
        ask=Escalation.Ask.RESOURCE,
        detail="One day a week of an analyst's time for the shared measurement work.",
        impact="Quarterly figures are assembled by hand.",
    )
    withdrawn.state = Escalation.State.WITHDRAWN
    withdrawn.closed_on = today - datetime.timedelta(days=35)
    withdrawn.outcome_note = "The backbone's own analyst took this on."
    save_with_history(withdrawn, user=raiser.user, reason="Withdrawn")
    # The overdue one moves up exactly as the daily task moves it.
    escalations_escalate_overdue(today=today)
    return made, decided


def _decide(collaborative, escalation, *, sponsor, board, today):
    decision = Decision(
        collaborative=collaborative,
        escalation=escalation,
        what="Every core anchor reports the common social value metrics from next quarter.",
        decided_by=sponsor,
        authority=f"{board.name}, on the chair's delegated authority",
        group=board,
        decided_on=today - datetime.timedelta(days=30),
    )
    save_with_history(decision, user=sponsor.user, reason="Decided on an escalation")
    escalation.state = Escalation.State.DECIDED
    escalation.acknowledged_on = today - datetime.timedelta(days=35)
    escalation.closed_on = today - datetime.timedelta(days=30)
    save_with_history(escalation, user=sponsor.user, reason="Decided")


def _quarters(collaborative, today):
    year, quarter = quarter_of(today)
    wanted = []
    for _ in range(4):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        wanted.append((year, quarter))
    periods = []
    for year, quarter in reversed(wanted):
        period = ReportingPeriod.objects.filter(
            collaborative=collaborative, financial_year=year, quarter=quarter
        ).first()
        if period is None:
            period = ReportingPeriod(
                collaborative=collaborative, financial_year=year, quarter=quarter
            )
            period.clean()
            period.deadline = period.end_date + datetime.timedelta(days=30)
            period.save()
        periods.append(period)
    return periods


def _assessments(collaborative, *, anchors, today):
    periods = _quarters(collaborative, today)
    rows = []
    for number, organisation in enumerate(anchors):
        respondent = (
            Person.objects.filter(collaborative=collaborative, organisation=organisation)
            .order_by("pk")
            .first()
        )
        if respondent is None:
            continue
        for q, period in enumerate(periods):
            for c, condition in enumerate(Condition.values):
                score = min(5, max(1, 1 + (q + c + number) % 3 + q // 2))
                rows.append(
                    SelfAssessment(
                        collaborative=collaborative,
                        period=period,
                        organisation=organisation,
                        respondent=respondent,
                        condition=condition,
                        score=score,
                        comment="" if score > 2 else "Not yet in place for us.",
                    )
                )
    SelfAssessment.objects.bulk_create(rows)
    return len(rows), len(periods)


def load(*, collaborative, stdout=None, today=None):
    today = today or timezone.localdate()
    if Group.objects.filter(collaborative=collaborative).exists():
        return collaborative
    GovernanceSettings.objects.create(collaborative=collaborative, acknowledge_within_days=10)
    sponsors = _people_with(collaborative, Role.SENIOR_SPONSOR)
    facilitator = next(iter(_people_with(collaborative, Role.FACILITATOR)), None)
    hwb = _people_with(collaborative, Role.HWB_MEMBER)
    anchors = list(
        Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        ).order_by("name")
    )
    _, board, steering = _tree(collaborative, sponsors=sponsors, facilitator=facilitator, hwb=hwb)
    for title, category, description, mitigation, status in BARRIERS:
        barrier = Barrier.objects.create(
            collaborative=collaborative,
            title=title,
            category=category,
            description=description,
            mitigation=mitigation,
            status=status,
            owner=facilitator,
            from_paper=True,
        )
        barrier.workstreams.set(Workstream.objects.filter(collaborative=collaborative))
        barrier.organisations.set(anchors)
    for number, (text, (status, step, evidence)) in enumerate(
        zip(RECOMMENDATIONS, PROGRESS, strict=True), start=1
    ):
        Recommendation.objects.create(
            collaborative=collaborative,
            number=number,
            title=text,
            owner=sponsors[number % len(sponsors)]
            if sponsors and number in (1, 7)
            else facilitator,
            status=status,
            next_step=step,
            evidence=evidence,
        )
    metrics = list(Metric.objects.filter(collaborative=collaborative))
    for position, (title, words) in enumerate(OBJECTIVES):
        objective = Objective.objects.create(
            collaborative=collaborative, title=title, position=position
        )
        objective.metrics.set(
            [m for m in metrics if any(w in f"{m.code} {m.name}".lower() for w in words)][:4]
        )
    authorities = _authority(collaborative, anchors=anchors, today=today)
    escalations = 0
    if facilitator is not None and sponsors:
        _, decided = _escalations(
            collaborative,
            board=board,
            steering=steering,
            sponsors=sponsors,
            facilitator=facilitator,
            today=today,
        )
        _decide(collaborative, decided, sponsor=sponsors[0], board=board, today=today)
        escalations = Escalation.objects.filter(collaborative=collaborative).count()
    ratings, quarters = _assessments(collaborative, anchors=anchors, today=today)
    # Part B: the quarterly reports, once the governance data they read is in place.
    demo_reports.load(collaborative=collaborative, stdout=stdout, today=today)
    if stdout is not None:
        stdout.write(
            f"Governance: {Group.objects.filter(collaborative=collaborative).count()} groups, "
            f"{len(BARRIERS)} barriers, {len(RECOMMENDATIONS)} recommendations, "
            f"{authorities} delegated authorities, {escalations} escalations (one moved up "
            f"automatically), {ratings} self-assessment ratings over {quarters} quarters."
        )
    return collaborative
