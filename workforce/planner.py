"""The rotating-apprenticeship planner: check a schedule and propose one. Pure Python, no ORM.

A schedule is the cohort (each apprentice's employing anchor and apprenticeship dates), the hosts
(capacity and availability window) and the placements. Dates are whole days and both ends count: a
placement from 1 April to 30 June covers both days, and one starting on 1 July follows it with no
gap.

- ``validate(schedule)`` lists every violation in words (``Violation.message``);
- ``propose(cohort, hosts, placement_weeks, start, end)`` assigns placements round-robin, each
  apprentice starting at their employing anchor and visiting each host once where capacity allows,
  and says what it could not fit.

The selectors build a ``Schedule`` from the database; the services refuse a placement that would
create a clash (``CLASHES``) and accept a proposal only as a whole.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

DAY = datetime.timedelta(days=1)


class Kind:
    OVERLAP = "overlap"
    GAP = "gap"
    OUTSIDE_APPRENTICESHIP = "outside_apprenticeship"
    CAPACITY = "capacity"
    EMPLOYER_TIME = "employer_time"
    OUTSIDE_WINDOW = "outside_window"


# What a single placement's save may not create (the rest describe the plan as a whole, and are
# allowed while it is built: they stay listed until fixed, and block activation).
CLASHES = frozenset({Kind.OVERLAP, Kind.OUTSIDE_APPRENTICESHIP, Kind.CAPACITY, Kind.OUTSIDE_WINDOW})


@dataclass(frozen=True)
class PlanApprentice:
    key: object
    reference: str
    employer: object  # the employing organisation's key
    employer_name: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class PlanHost:
    key: object
    organisation: object  # the organisation's key (compared with PlanApprentice.employer)
    name: str
    capacity: int = 1
    available_from: datetime.date | None = None
    available_to: datetime.date | None = None


@dataclass(frozen=True)
class PlanPlacement:
    apprentice: object  # PlanApprentice.key
    host: object  # PlanHost.key
    start: datetime.date
    end: datetime.date
    key: object = None


@dataclass
class Schedule:
    apprentices: list[PlanApprentice]
    hosts: list[PlanHost]
    placements: list[PlanPlacement]
    max_gap_weeks: int = 2
    min_employer_weeks: int = 0


@dataclass(frozen=True)
class Violation:
    kind: str
    message: str
    apprentice: object = None
    host: object = None
    placements: frozenset = frozenset()  # keys of the placements involved

    @property
    def is_clash(self) -> bool:
        return self.kind in CLASHES


@dataclass
class Proposal:
    placements: list[PlanPlacement]
    notes: list[str] = field(default_factory=list)


def say(day: datetime.date) -> str:
    """A date as GOV.UK writes it: 1 April 2026."""
    return f"{day.day} {day:%B %Y}"


def days(start, end) -> int:
    """Days from ``start`` to ``end``, both counted."""
    return (end - start).days + 1


def weeks(n_days: int) -> str:
    whole, rest = divmod(n_days, 7)
    if rest == 0:
        return f"{whole} week{'s' if whole != 1 else ''}"
    if whole == 0:
        return f"{rest} day{'s' if rest != 1 else ''}"
    return f"{whole} week{'s' if whole != 1 else ''} and {rest} day{'s' if rest != 1 else ''}"


def _span(start, end) -> str:
    if start == end:
        return say(start)
    return f"{say(start)} to {say(end)} ({weeks(days(start, end))})"


def _ranges(day_list):
    """Consecutive runs of sorted dates, as (first, last) pairs."""
    runs = []
    for day in day_list:
        if runs and day == runs[-1][1] + DAY:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _overlap(a, b) -> bool:
    return a.start <= b.end and b.start <= a.end


def validate(schedule: Schedule) -> list[Violation]:
    """Every rule the schedule breaks, in words, in a stable order."""
    apprentices = {a.key: a for a in schedule.apprentices}
    hosts = {h.key: h for h in schedule.hosts}
    found: list[Violation] = []
    by_apprentice = defaultdict(list)
    by_host = defaultdict(list)
    for placement in schedule.placements:
        by_apprentice[placement.apprentice].append(placement)
        by_host[placement.host].append(placement)

    def host_name(key):
        return hosts[key].name if key in hosts else "an unknown host"

    for apprentice in schedule.apprentices:
        mine = sorted(by_apprentice.get(apprentice.key, []), key=lambda p: (p.start, p.end))
        ref = apprentice.reference
        # Two placements at once.
        for i, first in enumerate(mine):
            for second in mine[i + 1 :]:
                if second.start > first.end:
                    break
                found.append(
                    Violation(
                        Kind.OVERLAP,
                        f"{ref} is in two placements at once: {host_name(first.host)} "
                        f"({say(first.start)} to {say(first.end)}) and "
                        f"{host_name(second.host)} ({say(second.start)} to {say(second.end)}) "
                        f"overlap on {_span(second.start, min(first.end, second.end))}.",
                        apprentice=apprentice.key,
                        placements=frozenset({first.key, second.key}),
                    )
                )
        # Gaps between placements.
        latest_end = None
        previous = None
        for placement in mine:
            if latest_end is not None:
                gap = (placement.start - latest_end).days - 1
                if gap > schedule.max_gap_weeks * 7:
                    found.append(
                        Violation(
                            Kind.GAP,
                            f"{ref} has a gap of {weeks(gap)} between placements "
                            f"({say(latest_end + DAY)} to {say(placement.start - DAY)}, after "
                            f"{host_name(previous.host)} and before "
                            f"{host_name(placement.host)}): longer than the "
                            f"{weeks(schedule.max_gap_weeks * 7)} allowed.",
                            apprentice=apprentice.key,
                            placements=frozenset({previous.key, placement.key}),
                        )
                    )
            if latest_end is None or placement.end > latest_end:
                latest_end, previous = placement.end, placement
        # Inside the apprenticeship's dates.
        for placement in mine:
            if placement.start < apprentice.start or placement.end > apprentice.end:
                found.append(
                    Violation(
                        Kind.OUTSIDE_APPRENTICESHIP,
                        f"{ref}'s placement at {host_name(placement.host)} "
                        f"({say(placement.start)} to {say(placement.end)}) falls outside the "
                        f"apprenticeship ({say(apprentice.start)} to {say(apprentice.end)}).",
                        apprentice=apprentice.key,
                        placements=frozenset({placement.key}),
                    )
                )
        # Time at the employing anchor (days counted once, however placements overlap).
        at_employer = set()
        for placement in mine:
            host = hosts.get(placement.host)
            if host is not None and host.organisation == apprentice.employer:
                day = placement.start
                while day <= placement.end:
                    at_employer.add(day)
                    day += DAY
        needed = schedule.min_employer_weeks * 7
        if len(at_employer) < needed:
            spent = weeks(len(at_employer)) if at_employer else "no time"
            found.append(
                Violation(
                    Kind.EMPLOYER_TIME,
                    f"{ref} spends {spent} at their employing anchor, "
                    f"{apprentice.employer_name}: less than the minimum of "
                    f"{weeks(needed)}.",
                    apprentice=apprentice.key,
                )
            )

    for placement in schedule.placements:
        if placement.apprentice not in apprentices:
            found.append(
                Violation(
                    Kind.OUTSIDE_APPRENTICESHIP,
                    f"A placement at {host_name(placement.host)} from {say(placement.start)} is "
                    "for an apprentice who is not in the cohort.",
                    placements=frozenset({placement.key}),
                )
            )

    for host in schedule.hosts:
        placed = by_host.get(host.key, [])
        # The host's window.
        for placement in sorted(placed, key=lambda p: p.start):
            early = host.available_from is not None and placement.start < host.available_from
            late = host.available_to is not None and placement.end > host.available_to
            if early or late:
                ref = (
                    apprentices[placement.apprentice].reference
                    if (placement.apprentice in apprentices)
                    else "An apprentice"
                )
                window = (
                    f"from {say(host.available_from)}" if host.available_from else "any time"
                ) + (f" to {say(host.available_to)}" if host.available_to else " onwards")
                found.append(
                    Violation(
                        Kind.OUTSIDE_WINDOW,
                        f"{ref}'s placement at {host.name} ({say(placement.start)} to "
                        f"{say(placement.end)}) is outside the host's availability "
                        f"({window}).",
                        apprentice=placement.apprentice,
                        host=host.key,
                        placements=frozenset({placement.key}),
                    )
                )
        # Capacity on any day: a sweep over start and end events.
        changes = defaultdict(int)
        for placement in placed:
            changes[placement.start] += 1
            changes[placement.end + DAY] -= 1
        over_days = []
        load = 0
        points = sorted(changes)
        for i, day in enumerate(points):
            load += changes[day]
            if load > host.capacity and i + 1 < len(points):
                run_end = points[i + 1] - DAY
                over_days.append((day, run_end, load))
        if over_days:
            runs = []
            for first, last, most in over_days:
                if runs and first == runs[-1][1] + DAY:
                    runs[-1] = (runs[-1][0], last, max(runs[-1][2], most))
                else:
                    runs.append((first, last, most))
            for first, last, most in runs:
                involved = frozenset(p.key for p in placed if p.start <= last and first <= p.end)
                found.append(
                    Violation(
                        Kind.CAPACITY,
                        f"{host.name} is over its capacity of {host.capacity} "
                        f"apprentice{'s' if host.capacity != 1 else ''} at once: {most} are "
                        f"placed there on {_span(first, last)}.",
                        host=host.key,
                        placements=involved,
                    )
                )
    order = [
        Kind.OVERLAP,
        Kind.CAPACITY,
        Kind.OUTSIDE_APPRENTICESHIP,
        Kind.OUTSIDE_WINDOW,
        Kind.GAP,
        Kind.EMPLOYER_TIME,
    ]
    return sorted(found, key=lambda v: order.index(v.kind))


def clashes_of(violations, placement_key) -> list[Violation]:
    """The clashes (``CLASHES``) a placement is part of."""
    return [v for v in violations if v.is_clash and placement_key in v.placements]


def propose(cohort, hosts, placement_weeks, start, end) -> Proposal:
    """Placements of ``placement_weeks`` from ``start``, back to back up to ``end``: in each slot
    an apprentice goes to the next host on their round (their employing anchor first, then the
    hosts after it in turn), or to another host they have not visited if that one is full; once
    every host is visited they return to their employer. Returns the placements and, in words,
    what could not be fitted."""
    cohort = list(cohort)
    hosts = list(hosts)
    notes: list[str] = []
    if not hosts:
        return Proposal([], ["There are no hosts to place apprentices with."])
    if not cohort:
        return Proposal([], ["There are no apprentices in the cohort."])
    length = datetime.timedelta(weeks=placement_weeks)
    slots = []
    slot_start = start
    while slot_start + length - DAY <= end:
        slots.append((slot_start, slot_start + length - DAY))
        slot_start += length
    if not slots:
        return Proposal(
            [],
            [
                f"A {placement_weeks}-week placement does not fit between {say(start)} "
                f"and {say(end)}."
            ],
        )
    if slot_start <= end:
        notes.append(
            f"The last {weeks(days(slot_start, end))} ({say(slot_start)} to {say(end)}) are "
            f"shorter than a {placement_weeks}-week placement and are left unplanned."
        )
    index = {h.key: i for i, h in enumerate(hosts)}
    by_org = {h.organisation: h for h in hosts}
    rounds = {}
    for position, apprentice in enumerate(cohort):
        employer = by_org.get(apprentice.employer)
        first = index[employer.key] if employer is not None else position % len(hosts)
        rounds[apprentice.key] = [hosts[(first + k) % len(hosts)] for k in range(len(hosts))]
        if employer is None:
            notes.append(
                f"{apprentice.reference}'s employing anchor, {apprentice.employer_name}, is not a "
                "host, so they start elsewhere and spend no time there."
            )
    taken = defaultdict(int)  # (host key, slot) -> apprentices
    visited = defaultdict(set)
    placements = []

    def fits(host, apprentice, slot):
        first, last = slots[slot]
        return (
            taken[(host.key, slot)] < host.capacity
            and (host.available_from is None or first >= host.available_from)
            and (host.available_to is None or last <= host.available_to)
            and apprentice.start <= first
            and last <= apprentice.end
        )

    for slot, (first, last) in enumerate(slots):
        for apprentice in cohort:
            order = rounds[apprentice.key]
            wanted = [
                h for h in order[slot:] + order[:slot] if h.key not in visited[apprentice.key]
            ]
            if not wanted:  # every host visited: back to the employer, if it is a host
                wanted = [order[0]] if by_org.get(apprentice.employer) is not None else []
            chosen = next((h for h in wanted if fits(h, apprentice, slot)), None)
            if chosen is None:
                if wanted:
                    notes.append(
                        f"{apprentice.reference} has no placement from {say(first)} to "
                        f"{say(last)}: " + _why_not(wanted, apprentice, first, last, taken, slot)
                    )
                continue
            taken[(chosen.key, slot)] += 1
            visited[apprentice.key].add(chosen.key)
            placements.append(
                PlanPlacement(
                    apprentice=apprentice.key,
                    host=chosen.key,
                    start=first,
                    end=last,
                    key=("proposed", apprentice.key, slot),
                )
            )
    for apprentice in cohort:
        missed = [h.name for h in hosts if h.key not in visited[apprentice.key]]
        if missed:
            notes.append(f"{apprentice.reference} does not visit {_and(missed)}.")
    return Proposal(placements, notes)


def _why_not(wanted, apprentice, first, last, taken, slot) -> str:
    if first < apprentice.start or last > apprentice.end:
        return (
            f"the slot is outside the apprenticeship ({say(apprentice.start)} to "
            f"{say(apprentice.end)})."
        )
    reasons = []
    for host in wanted:
        if taken[(host.key, slot)] >= host.capacity:
            reasons.append(f"{host.name} is full (capacity {host.capacity})")
        else:
            reasons.append(f"{host.name} is not available then")
    return _and(reasons) + "."


def _and(items) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
