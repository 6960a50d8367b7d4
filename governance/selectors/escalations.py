"""Reads of escalations and the decision log; each a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from anchors.models import Action, Membership, Role, Workstream
from governance.models import Barrier, Decision, DelegatedAuthority, Escalation, Group
from procurement.models import OrganisationStatus
from procurement.selectors.pipeline import joint_proposal_for_source

AGE_BANDS = (
    (7, "Up to a week"),
    (30, "8 to 30 days"),
    (90, "31 to 90 days"),
    (None, "Over 90 days"),
)


def escalations(*, collaborative):
    """Escalations with everything a list shows, in one query."""
    return Escalation.objects.filter(collaborative=collaborative).select_related(
        "addressed_group",
        "addressed_sponsor__organisation",
        "raised_by__organisation",
        "asks_organisation",
        "workstream",
        "action",
        "barrier",
        "status_cell__organisation",
        "status_cell__theme",
        "status_cell__opportunity",
        "joint_proposal",
    )


def escalation_list(*, collaborative, state=None, group=None):
    """Escalations, open ones first then newest; ``state`` "open" or a state value filters."""
    rows = escalations(collaborative=collaborative)
    if state == "open":
        rows = rows.filter(state__in=Escalation.OPEN_STATES)
    elif state:
        rows = rows.filter(state=state)
    if group:
        rows = rows.filter(addressed_group_id=group)
    return rows.annotate(
        open_first=Case(
            When(state__in=Escalation.OPEN_STATES, then=0), default=1, output_field=IntegerField()
        )
    ).order_by("open_first", "-raised_on", "-pk")


def escalation_detail(*, collaborative, pk) -> Escalation:
    return (
        escalations(collaborative=collaborative).select_related("decision__decided_by").get(pk=pk)
    )


def _decider_filter(user, collaborative):
    """Escalations this user may decide: addressed to them by name, or to a group they sit on
    while holding a senior sponsor role in the collaborative."""
    is_sponsor = Membership.objects.filter(
        collaborative=collaborative, person__user=user, role=Role.SENIOR_SPONSOR
    )
    in_group = Group.members.through.objects.filter(
        group_id=OuterRef("addressed_group_id"), person__user=user
    )
    return Q(addressed_sponsor__user=user) | (Q(Exists(in_group)) & Q(Exists(is_sponsor)))


def waiting_for_decision(user, collaborative):
    """Open escalations this user may decide (addressed to them, or to a group they sit on as a
    senior sponsor), oldest first. One query."""
    if not getattr(user, "is_authenticated", False):
        return Escalation.objects.none()
    return (
        escalations(collaborative=collaborative)
        .filter(state__in=Escalation.OPEN_STATES)
        .filter(_decider_filter(user, collaborative))
        .order_by("raised_on", "pk")
    )


def may_decide(user, escalation) -> bool:
    """Whether the user is one the escalation is addressed to (one query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Escalation.objects.filter(
        _decider_filter(user, escalation.collaborative_id), pk=escalation.pk
    ).exists()


@dataclass
class AgeLevelCount:
    kind: str
    level: str
    band: str
    count: int


def _band_case(today):
    whens = [
        When(raised_on__gte=today - datetime.timedelta(days=days), then=Value(label))
        for days, label in AGE_BANDS
        if days is not None
    ]
    return Case(*whens, default=Value(AGE_BANDS[-1][1]), output_field=CharField())


def escalations_by_age_and_level(collaborative, *, today=None) -> list[AgeLevelCount]:
    """Open escalations counted by the level they sit at (the addressed group's kind) and how
    long ago they were raised (``AGE_BANDS``), counted in SQL: one query. Every level and band
    appears, with 0 where there are none, top level first."""
    today = today or timezone.localdate()
    counted = (
        Escalation.objects.filter(collaborative=collaborative, state__in=Escalation.OPEN_STATES)
        .annotate(band=_band_case(today))
        .values("addressed_group__kind", "band")
        .annotate(n=Count("pk"))
    )
    found = {(row["addressed_group__kind"], row["band"]): row["n"] for row in counted}
    return [
        AgeLevelCount(kind=kind, level=str(label), band=band, count=found.get((kind, band), 0))
        for kind, label in Group.Kind.choices
        for _, band in AGE_BANDS
    ]


def decisions(*, collaborative):
    return (
        Decision.objects.filter(collaborative=collaborative)
        .select_related("decided_by__organisation", "group", "escalation")
        .prefetch_related("follow_up_actions__owner")
    )


def decisions_between(collaborative, start, end):
    """Decisions taken from ``start`` to ``end`` (dates, both included), newest first, with
    who decided, the group and the follow-up actions (2 queries)."""
    return decisions(collaborative=collaborative).filter(decided_on__gte=start, decided_on__lte=end)


def open_escalations_between(collaborative, start, end):
    """Escalations open at any time from ``start`` to ``end`` (raised by the end and not closed
    before the start), oldest first; one query."""
    return (
        escalations(collaborative=collaborative)
        .filter(raised_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by("raised_on", "pk")
    )


def authority_in_group(escalation) -> list[DelegatedAuthority] | None:
    """For an escalation asking an organisation for something: the delegated authorities of that
    organisation held by the named sponsor or a member of the addressed group (and enough for the
    amount asked), one query. None when it asks no organisation for anything."""
    if not escalation.asks_organisation_id or not escalation.authority_needed:
        return None
    rows = DelegatedAuthority.objects.filter(
        organisation_id=escalation.asks_organisation_id, kind=escalation.authority_needed
    ).filter(
        Q(person__governance_groups=escalation.addressed_group_id)
        | Q(person_id=escalation.addressed_sponsor_id)
    )
    if escalation.authority_needed == "spend" and escalation.amount is not None:
        rows = rows.filter(spend_limit__gte=escalation.amount)
    return list(rows.select_related("person", "organisation").distinct().order_by("person__name"))


# ?source=<kind>:<id> on /governance/escalations/new/, as lower apps' pages link to it.
SOURCE_KINDS = {
    "anchors.workstream": ("workstream", Workstream.objects.all()),
    "anchors.action": ("action", Action.objects.select_related("workshop__workstream")),
    "governance.barrier": ("barrier", Barrier.objects.prefetch_related("workstreams")),
    "procurement.status": (
        "status_cell",
        OrganisationStatus.objects.select_related("organisation", "theme", "opportunity"),
    ),
}


def resolve_source(*, collaborative, reference):
    """``(field, object)`` for a source reference such as ``procurement.match:12`` or
    ``anchors.workstream:3``, in this collaborative; None when it names nothing here."""
    kind, _, key = (reference or "").partition(":")
    if kind == "procurement.match":
        proposal = joint_proposal_for_source(collaborative=collaborative, reference=reference)
        return ("joint_proposal", proposal) if proposal else None
    if kind not in SOURCE_KINDS or not key.isdigit():
        return None
    field, rows = SOURCE_KINDS[kind]
    found = rows.filter(collaborative=collaborative, pk=int(key)).first()
    return (field, found) if found else None


def source_workstream(source):
    """The workstream a source belongs to, where it has one."""
    if source is None:
        return None
    field, thing = source
    if field == "workstream":
        return thing
    if field == "action":
        return thing.workshop.workstream
    if field == "barrier":
        return next(iter(thing.workstreams.all()), None)
    return None


def default_group(*, collaborative, source=None):
    """The group an escalation goes to unless the raiser chooses: the one above the source's
    working group, else the steering group, else the top of the tree."""
    groups = Group.objects.filter(collaborative=collaborative)
    workstream = source_workstream(source)
    if workstream is not None:
        working = groups.filter(workstream=workstream).select_related("parent").first()
        if working is not None:
            return working.parent or working
    return (
        groups.filter(kind=Group.Kind.STEERING).first()
        or groups.filter(parent__isnull=True).first()
    )
