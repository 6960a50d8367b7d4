"""The report's governance sections (decisions, escalations, barriers, roadmap, objectives,
structure, delegated authority, self-assessment) as plain tables, read through governance's
selectors. Each takes ``table`` (the report's table maker) and returns a section dict."""

from django.utils import timezone

from governance.models import Recommendation
from governance.selectors import (
    barriers,
    decisions_between,
    delegated_authority,
    flatten,
    governance_tree,
    open_escalations_between,
    roadmap,
    self_assessment_trend,
)
from metrics.formatting import format_figure


def _name(person) -> str:
    return person.name if person is not None else ""


def decision_rows(*, collaborative, start, end, table):
    rows = [
        [
            str(d.decided_on.strftime("%-d %b %Y")),
            d.what,
            _name(d.decided_by),
            d.authority,
            d.group.name if d.group_id else "",
        ]
        for d in decisions_between(collaborative, start, end)
    ]
    return table(
        "decisions",
        "Decisions taken in the quarter",
        ["Date", "What was decided", "Decided by", "Under whose authority", "Group"],
        rows,
    )


def escalation_rows(*, collaborative, start, end, table):
    today = min(timezone.localdate(), end)
    rows = [
        [
            e.title,
            e.get_ask_display(),
            e.addressed_group.name if e.addressed_group_id else _name(e.addressed_sponsor),
            e.get_state_display(),
            (today - e.raised_on).days,
            e.auto_escalations,
        ]
        for e in open_escalations_between(collaborative, start, end)
    ]
    return table(
        "escalations",
        "Escalations open during the quarter",
        ["Escalation", "Asks for", "Addressed to", "State", "Days since raised", "Moved up"],
        rows,
        numeric=[4, 5],
    )


def barrier_rows(*, collaborative, table):
    found = list(barriers(collaborative))
    rows = [
        [
            b.title,
            b.get_category_display(),
            b.get_status_display(),
            ", ".join(w.name for w in b.workstreams.all()),
            _name(b.owner),
            b.mitigation,
        ]
        for b in found
    ]
    still = sum(1 for b in found if b.status in ("open", "mitigating"))
    return {
        "summary": f"{still} of {len(found)} barriers are open or being mitigated.",
        "tables": [
            table(
                "barriers",
                "Barrier register",
                ["Barrier", "Category", "Status", "Workstreams", "Owner", "Mitigation"],
                rows,
            )
        ],
    }


def recommendation_rows(*, collaborative, table):
    recommendations = roadmap(collaborative).recommendations
    done = sum(1 for r in recommendations if r.status == Recommendation.Status.DONE)
    moving = sum(1 for r in recommendations if r.status == Recommendation.Status.IN_PROGRESS)
    stalled = [str(r.number) for r in recommendations if r.status == Recommendation.Status.STALLED]
    rows = [
        [r.number, r.title, r.get_status_display(), _name(r.owner), r.next_step]
        for r in recommendations
    ]
    return {
        "summary": f"Recommendations: {done} of {len(recommendations)} done, "
        f"{moving} in progress"
        + (f"; stalled: number {', '.join(stalled)}" if stalled else "")
        + ". The next steps in the table are what the partnership can do now.",
        "tables": [
            table(
                "roadmap",
                "The recommendations: status, owner and next step",
                ["Number", "Recommendation", "Status", "Owner", "Next step"],
                rows,
                numeric=[0],
            )
        ],
    }


def objective_rows(*, collaborative, table):
    objectives = roadmap(collaborative).objectives
    rows = [[o.title, ", ".join(m.code for m in o.metrics.all()) or "None yet"] for o in objectives]
    return {
        "summary": f"{len(objectives)} shared objectives (the common agenda), each evidenced by "
        "the metrics named beside it.",
        "tables": [
            table(
                "objectives",
                "Shared objectives and the metrics that evidence them",
                ["Objective", "Metrics"],
                rows,
            )
        ],
    }


def governance_rows(*, collaborative, table):
    nodes = flatten(governance_tree(collaborative))
    rows = [
        [
            ("— " * node.depth) + node.group.name,
            node.group.get_kind_display(),
            node.group.parent.name if node.group.parent_id else "",
            _name(node.group.chair),
            node.group.get_cadence_display(),
            len(node.group.members.all()),
        ]
        for node in nodes
    ]
    top = nodes[0].group.name if nodes else "no group yet"
    return {
        "summary": f"Governance sits in a tree of {len(nodes)} groups reporting up to {top}; an "
        "escalation goes to the next group up.",
        "tables": [
            table(
                "governance",
                "Governance groups, each reporting to the one above",
                ["Group", "Level", "Reports to", "Chair", "Meets", "Members"],
                rows,
                numeric=[5],
            )
        ],
    }


def authority_rows(*, collaborative, table):
    found = list(delegated_authority(collaborative))
    rows = [
        [
            a.organisation.short_name,
            _name(a.person),
            a.get_kind_display(),
            format_figure(a.spend_limit, "gbp") if a.spend_limit is not None else "",
            a.reviewed_on.strftime("%-d %b %Y"),
        ]
        for a in found
    ]
    organisations = len({a.organisation_id for a in found})
    people = len({a.person_id for a in found})
    return {
        "summary": f"{people} {'person' if people == 1 else 'people'} in {organisations} "
        f"organisation{'' if organisations == 1 else 's'} hold{'s' if people == 1 else ''} "
        f"{len(found)} delegated authorities; the register names who can commit each "
        "organisation to what.",
        "tables": [
            table(
                "authority",
                "Delegated-authority register",
                ["Organisation", "Person", "Can commit it to", "Spend limit", "Last reviewed"],
                rows,
            )
        ],
    }


def self_assessment_rows(*, collaborative, period, table):
    points = [
        p
        for p in self_assessment_trend(collaborative)
        if (p.financial_year, p.quarter) <= (period.financial_year, period.quarter)
    ]
    quarters = []
    for p in points:
        if p.period not in quarters:
            quarters.append(p.period)
    quarters = quarters[-4:]
    conditions = []
    for p in points:
        if p.condition_label not in conditions:
            conditions.append(p.condition_label)
    means = {(p.condition_label, p.period): p.mean for p in points}
    rows = [[c] + [means.get((c, q), "") for q in quarters] for c in conditions]
    return {
        "summary": f"Mean scores (1 to 5) of the five conditions over the last {len(quarters)} "
        "quarters.",
        "tables": [
            table(
                "assessment",
                "Collective-impact self-assessment: mean score by quarter",
                ["Condition", *quarters],
                rows,
                numeric=list(range(1, len(quarters) + 1)),
            )
        ],
    }
