"""The governance registers as exports (``GovernanceConfig.exports``): the page's rows with its
filters, in its column order (anchors.common.exports)."""

from anchors.common.errors import require
from anchors.common.exports import TableExport, date_text, queryset_rows
from governance import permissions, selectors
from governance.views.escalations import STATE_FILTERS


def escalations(*, user, collaborative, query):
    require(permissions.can_view_escalations(user, collaborative))
    state = query.get("state", "open")
    if state not in dict(STATE_FILTERS):
        state = "open"
    queryset = selectors.escalation_list(collaborative=collaborative, state=state)
    return TableExport(
        title="Escalations",
        collaborative=collaborative.name,
        filters=[f"State: {dict(STATE_FILTERS)[state]}"],
        columns=[
            "Escalation",
            "Ask",
            "From",
            "Addressed to",
            "Sponsor",
            "Moved up automatically",
            "Raised",
            "Needed by",
            "State",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda e: [
                e.title,
                e.get_ask_display(),
                f"{e.source_kind}: {e.source}" if e.source else "",
                e.addressed_group.name,
                e.addressed_sponsor.name if e.addressed_sponsor else "",
                bool(e.auto_escalations),
                date_text(e.raised_on),
                date_text(e.needed_by),
                e.get_state_display(),
            ],
        ),
    )


def decisions(*, user, collaborative, query):
    require(permissions.can_view_governance(user, collaborative))
    show_escalation = permissions.can_view_escalations(user, collaborative)
    queryset = selectors.decisions(collaborative=collaborative)
    columns = ["Date", "What was decided"]
    if show_escalation:
        columns.append("Escalation")
    columns += ["Who decided", "Their organisation", "Under whose authority", "Follow-up actions"]

    def row(d):
        cells = [date_text(d.decided_on), d.what]
        if show_escalation:
            cells.append(d.escalation.title if d.escalation else "")
        follow_ups = "; ".join(
            f"{a.description} — {a.owner.name}, due {date_text(a.due_date)}"
            for a in d.follow_up_actions.all()
        )
        return [
            *cells,
            d.decided_by.name,
            d.decided_by.organisation.short_name,
            d.authority,
            follow_ups,
        ]

    return TableExport(
        title="Decision log",
        collaborative=collaborative.name,
        columns=columns,
        count=queryset.count(),
        rows=queryset_rows(queryset, row),
    )


def authority(*, user, collaborative, query):
    require(permissions.can_view_governance(user, collaborative))
    return TableExport(
        title="Delegated authority",
        collaborative=collaborative.name,
        columns=[
            "Organisation",
            "Who",
            "Job title",
            "Can commit it to",
            "Spend limit (£)",
            "Note",
            "Last reviewed",
        ],
        rows=[
            [
                a.organisation.short_name,
                a.person.name,
                a.person.job_title,
                a.get_kind_display(),
                a.spend_limit,
                a.note,
                date_text(a.reviewed_on),
            ]
            for a in selectors.delegated_authority(collaborative)
        ],
    )


def barriers(*, user, collaborative, query):
    require(permissions.can_view_governance(user, collaborative))
    return TableExport(
        title="Barriers",
        collaborative=collaborative.name,
        columns=[
            "Barrier",
            "Named in the HWB paper",
            "Category",
            "Workstreams",
            "Organisations",
            "Owner",
            "Status",
        ],
        rows=[
            [
                b.title,
                b.from_paper,
                b.get_category_display(),
                ", ".join(w.name for w in b.workstreams.all()),
                ", ".join(o.short_name for o in b.organisations.all()),
                b.owner.name if b.owner else "",
                b.get_status_display(),
            ]
            for b in selectors.barriers(collaborative)
        ],
    )


def roadmap(*, user, collaborative, query):
    require(permissions.can_view_governance(user, collaborative))
    return TableExport(
        title="Roadmap",
        collaborative=collaborative.name,
        columns=["Number", "Recommendation", "Owner", "Status", "Next step", "Evidence"],
        rows=[
            [
                r.number,
                r.title,
                r.owner.name if r.owner else "",
                r.get_status_display(),
                r.next_step,
                r.evidence,
            ]
            for r in selectors.roadmap(collaborative).recommendations
        ],
    )
