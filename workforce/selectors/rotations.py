"""Reads for rotating apprenticeships: the rotation, its hosts, cohort and placements, the
schedule the planner checks, who still has to sign off, and the proposal."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from anchors.common.history import HistorySource
from anchors.common.pagination import LazyRows
from anchors.models import Membership, Role
from workforce import planner
from workforce.models import Apprentice, Placement, Rotation, RotationHost, RotationMember


def _count_of(rows):
    """How many of ``rows`` belong to the rotation: a subquery each, since joining hosts, cohort
    and placements at once multiplies them (30 rotations made 30,000 joined rows)."""
    counted = (
        rows.filter(rotation=OuterRef("pk"))
        .order_by()
        .values("rotation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def rotation_list(*, collaborative):
    return (
        Rotation.objects.filter(collaborative=collaborative)
        .annotate(
            host_count=_count_of(RotationHost.objects.all()),
            signed_count=_count_of(RotationHost.objects.filter(signed_off_by__isnull=False)),
            member_count=_count_of(RotationMember.objects.all()),
            placement_count=_count_of(Placement.objects.all()),
        )
        .order_by("-start_date", "name", "pk")
    )


def rotation_detail(*, collaborative, pk) -> Rotation:
    return Rotation.objects.get(collaborative=collaborative, pk=pk)


def rotation_hosts(rotation):
    return list(
        RotationHost.objects.filter(rotation=rotation)
        .select_related("organisation", "signed_off_by")
        .order_by("organisation__name", "pk")
    )


def rotation_members(rotation):
    return list(
        RotationMember.objects.filter(rotation=rotation)
        .select_related("apprentice__programme__organisation")
        .order_by("apprentice__reference")
    )


def rotation_placements(rotation):
    return list(
        Placement.objects.filter(rotation=rotation)
        .select_related("apprentice", "host__organisation")
        .order_by("start_date", "apprentice__reference", "pk")
    )


def rotation_page_placements(rotation):
    """``rotation_placements`` with only what the rotation's page shows and checks (its
    timeline, table and planner): a large rotation's placements with every column of their
    apprentice and host organisation cost more to read than the rest of the page's rows."""
    return list(
        Placement.objects.filter(rotation=rotation)
        .select_related("apprentice", "host__organisation")
        .only(
            "rotation_id",
            "apprentice_id",
            "host_id",
            "start_date",
            "end_date",
            "supervisor",
            "learning_objectives",
            "apprentice__reference",
            "host__organisation_id",
            "host__organisation__name",
            "host__organisation__short_name",
        )
        .order_by("start_date", "apprentice__reference", "pk")
    )


def host_detail(*, collaborative, pk) -> RotationHost:
    return RotationHost.objects.select_related("rotation", "organisation").get(
        collaborative=collaborative, pk=pk
    )


def member_detail(*, collaborative, pk) -> RotationMember:
    return RotationMember.objects.select_related("rotation", "apprentice").get(
        collaborative=collaborative, pk=pk
    )


def placement_detail(*, collaborative, pk) -> Placement:
    return Placement.objects.select_related(
        "rotation", "apprentice", "host", "host__organisation"
    ).get(collaborative=collaborative, pk=pk)


def plan_apprentice(member) -> planner.PlanApprentice:
    apprentice = member.apprentice
    employer = apprentice.programme.organisation
    return planner.PlanApprentice(
        key=apprentice.pk,
        reference=apprentice.reference,
        employer=employer.pk,
        employer_name=employer.name,
        start=apprentice.start_date,
        end=apprentice.expected_end_date,
    )


def plan_host(host) -> planner.PlanHost:
    return planner.PlanHost(
        key=host.pk,
        organisation=host.organisation_id,
        name=host.organisation.name,
        capacity=host.capacity,
        available_from=host.available_from,
        available_to=host.available_to,
    )


def plan_placement(placement) -> planner.PlanPlacement:
    return planner.PlanPlacement(
        apprentice=placement.apprentice_id,
        host=placement.host_id,
        start=placement.start_date,
        end=placement.end_date,
        key=placement.pk,
    )


def schedule_of(rotation, *, hosts, members, placements) -> planner.Schedule:
    """The planner's view of rows already read (no query)."""
    return planner.Schedule(
        apprentices=[plan_apprentice(m) for m in members],
        hosts=[plan_host(h) for h in hosts],
        placements=[plan_placement(p) for p in placements],
        max_gap_weeks=rotation.max_gap_weeks,
        min_employer_weeks=rotation.min_employer_weeks,
    )


def rotation_schedule(rotation) -> planner.Schedule:
    return schedule_of(
        rotation,
        hosts=rotation_hosts(rotation),
        members=rotation_members(rotation),
        placements=rotation_placements(rotation),
    )


def sponsors_by_organisation(*, collaborative, organisation_ids) -> dict[int, list[str]]:
    """The senior sponsors' names of each organisation, one query."""
    found = defaultdict(list)
    for org_id, name in (
        Membership.objects.filter(
            collaborative=collaborative,
            role=Role.SENIOR_SPONSOR,
            organisation_id__in=list(organisation_ids),
        )
        .order_by("person__name")
        .values_list("organisation_id", "person__name")
    ):
        found[org_id].append(name)
    return dict(found)


@dataclass
class Readiness:
    """Whether the rotation may become active, and if not, why, in words."""

    missing: list[str] = field(default_factory=list)  # "City of London Corporation (…)"
    violations: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # no hosts, no placements

    @property
    def ready(self) -> bool:
        return not (self.missing or self.violations or self.problems)

    @property
    def waiting_for(self) -> str:
        return "Waiting for sign-off from: " + "; ".join(self.missing) if self.missing else ""


def readiness(rotation, *, hosts, violations, placements) -> Readiness:
    """Whose sign-off is missing and what the schedule still breaks (one query: the sponsors)."""
    unsigned = [h for h in hosts if not h.signed_off]
    sponsors = sponsors_by_organisation(
        collaborative=rotation.collaborative_id,
        organisation_ids={h.organisation_id for h in unsigned},
    )
    missing = []
    for host in unsigned:
        names = sponsors.get(host.organisation_id)
        who = (
            f"senior sponsor{'s' if len(names) > 1 else ''}: {', '.join(names)}"
            if names
            else "no senior sponsor named in the portal"
        )
        missing.append(f"{host.organisation.name} ({who})")
    problems = []
    if not hosts:
        problems.append("The rotation has no hosts.")
    if not placements:
        problems.append("The rotation has no placements.")
    return Readiness(missing=missing, violations=list(violations), problems=problems)


def cohort_candidates(rotation, *, hosts):
    """Apprentices in learning on the hosts' programmes who are not yet in the cohort."""
    return (
        Apprentice.objects.filter(
            collaborative_id=rotation.collaborative_id,
            programme__organisation_id__in=[h.organisation_id for h in hosts],
            outcome=Apprentice.Outcome.IN_LEARNING,
        )
        .exclude(pk__in=RotationMember.objects.filter(rotation=rotation).values("apprentice_id"))
        .select_related("programme__organisation")
        .order_by("reference")
    )


def rotation_proposal(rotation, *, hosts, members) -> planner.Proposal:
    return planner.propose(
        [plan_apprentice(m) for m in members],
        [plan_host(h) for h in hosts],
        rotation.placement_weeks,
        rotation.start_date,
        rotation.end_date,
    )


def proposal_fingerprint(rotation, proposal) -> str:
    """What the facilitator reviewed: accepting is refused if the proposal would now differ."""
    parts = [
        f"{p.apprentice}:{p.host}:{p.start.isoformat()}:{p.end.isoformat()}"
        for p in proposal.placements
    ]
    return "|".join([str(rotation.pk), *parts])


def _name(thing) -> str:
    """A historical row's related record by name (it may have been removed since)."""
    return str(thing) if thing is not None else "a removed record"


def rotation_history(rotation) -> LazyRows:
    """Changes to the rotation (state and reason), its hosts (sign-offs), cohort and placements,
    newest first, read a page at a time as ``history_rows`` merges them, with fewer queries: one
    counts the four tables (and finds each one's latest change), one finds the date a page's
    last change can be no older than, and only the tables with a change that new are read (a
    page of the latest changes is usually all placements)."""
    sources = _history_sources(rotation)
    latest = []

    def per_source(*subqueries_of):
        """One query: each of ``subqueries_of`` (records -> a one-value queryset) for every
        source, as one list a function."""
        found = (
            Rotation.objects.filter(pk=rotation.pk)
            .order_by()
            .values_list(
                *(
                    Subquery(subquery_of(source.records.order_by()))
                    for subquery_of in subqueries_of
                    for source in sources
                )
            )
            .first()
        ) or [None] * (len(sources) * len(subqueries_of))
        n = len(sources)
        return [list(found[i * n : (i + 1) * n]) for i in range(len(subqueries_of))]

    def count():
        counts, latest[:] = per_source(
            lambda records: records.annotate(n=Func(F("history_id"), function="COUNT")).values("n"),
            lambda records: records.annotate(n=Func(F("history_date"), function="MAX")).values("n"),
        )
        return sum(n or 0 for n in counts)

    def fetch(start, stop):
        # Any source with ``stop`` changes on or after a date puts every change on the page on
        # or after it: a source whose latest change is older has nothing on the page.
        (nth,) = per_source(
            lambda records: records.order_by("-history_date").values("history_date")[
                stop - 1 : stop
            ]
        )
        floor = max((when for when in nth if when is not None), default=None)
        entries = []
        for source, newest in zip(sources, latest or [None] * len(sources), strict=True):
            if newest is not None and (floor is None or newest >= floor):
                entries += source.entries(list(source.ordered()[:stop]))
        entries.sort(key=lambda entry: entry.when, reverse=True)
        return entries[start:stop]

    return LazyRows(count=count, fetch=fetch)


def _history_sources(rotation) -> list[HistorySource]:
    return [
        HistorySource(
            records=Rotation.history.filter(id=rotation.pk).select_related("history_user__person"),
            label=lambda r: "Rotation",
        ),
        HistorySource(
            records=RotationHost.history.filter(rotation_id=rotation.pk).select_related(
                "history_user__person", "organisation", "signed_off_by"
            ),
            label=lambda r: "Host",
            describe=lambda r: f"Host {_name(r.organisation)}",
        ),
        HistorySource(
            records=RotationMember.history.filter(rotation_id=rotation.pk).select_related(
                "history_user__person", "apprentice"
            ),
            label=lambda r: "Cohort",
            describe=lambda r: f"Cohort: {_name(r.apprentice)}",
        ),
        HistorySource(
            records=Placement.history.filter(rotation_id=rotation.pk).select_related(
                "history_user__person", "apprentice", "host__organisation"
            ),
            label=lambda r: "Placement",
            describe=lambda r: (
                f"Placement of {_name(r.apprentice)} at {_name(r.host and r.host.organisation)}"
            ),
        ),
    ]
