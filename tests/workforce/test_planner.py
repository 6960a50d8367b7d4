"""The planner on hand-built schedules: each violation in words, and a proposal the validator
accepts."""

import datetime

from workforce.planner import (
    Kind,
    PlanApprentice,
    PlanHost,
    PlanPlacement,
    Schedule,
    clashes_of,
    propose,
    validate,
)

D = datetime.date
CITY = PlanHost("city", "org-city", "City of London Corporation", capacity=1)
HACKNEY = PlanHost("hackney", "org-hackney", "Hackney Council", capacity=2)
ELFT = PlanHost("elft", "org-elft", "East London NHS Foundation Trust", capacity=2)
A1 = PlanApprentice(
    "a1", "HC-A-01", "org-hackney", "Hackney Council", D(2026, 4, 1), D(2027, 9, 30)
)
A2 = PlanApprentice(
    "a2", "CL-A-01", "org-city", "City of London Corporation", D(2026, 4, 1), D(2027, 9, 30)
)


def schedule(placements, *, apprentices=(A1,), hosts=(CITY, HACKNEY, ELFT), gap=2, employer=0):
    return Schedule(
        apprentices=list(apprentices),
        hosts=list(hosts),
        placements=placements,
        max_gap_weeks=gap,
        min_employer_weeks=employer,
    )


def kinds(violations):
    return [v.kind for v in violations]


def test_a_clean_schedule_has_no_violations():
    placements = [
        PlanPlacement("a1", "hackney", D(2026, 4, 1), D(2026, 9, 29), key=1),
        PlanPlacement("a1", "city", D(2026, 9, 30), D(2027, 3, 30), key=2),
        PlanPlacement("a1", "elft", D(2027, 3, 31), D(2027, 9, 28), key=3),
    ]
    assert validate(schedule(placements, employer=12)) == []


def test_two_placements_at_once_are_named_with_the_days():
    placements = [
        PlanPlacement("a1", "hackney", D(2026, 4, 1), D(2026, 9, 30), key=1),
        PlanPlacement("a1", "city", D(2026, 9, 1), D(2027, 3, 31), key=2),
    ]
    [violation] = validate(schedule(placements))
    assert violation.kind == Kind.OVERLAP
    assert violation.message == (
        "HC-A-01 is in two placements at once: Hackney Council (1 April 2026 to 30 September "
        "2026) and City of London Corporation (1 September 2026 to 31 March 2027) overlap on "
        "1 September 2026 to 30 September 2026 (4 weeks and 2 days)."
    )
    assert violation.placements == {1, 2}
    assert [v.kind for v in clashes_of([violation], 2)] == [Kind.OVERLAP]


def test_a_gap_longer_than_allowed():
    placements = [
        PlanPlacement("a1", "hackney", D(2026, 4, 1), D(2026, 6, 30), key=1),
        PlanPlacement("a1", "city", D(2026, 8, 1), D(2026, 12, 31), key=2),
    ]
    [violation] = validate(schedule(placements, gap=2))
    assert violation.kind == Kind.GAP
    assert "HC-A-01 has a gap of 4 weeks and 3 days between placements" in violation.message
    assert "(1 July 2026 to 31 July 2026" in violation.message
    assert "longer than the 2 weeks allowed" in violation.message
    # Within the allowance: no violation.
    assert validate(schedule(placements, gap=5)) == []


def test_a_placement_outside_the_apprenticeship():
    placements = [PlanPlacement("a1", "hackney", D(2026, 3, 1), D(2026, 6, 30), key=1)]
    [violation] = validate(schedule(placements))
    assert violation.kind == Kind.OUTSIDE_APPRENTICESHIP
    assert violation.message == (
        "HC-A-01's placement at Hackney Council (1 March 2026 to 30 June 2026) falls outside the "
        "apprenticeship (1 April 2026 to 30 September 2027)."
    )


def test_a_host_over_capacity_says_which_days():
    a3 = PlanApprentice(
        "a3", "HC-A-02", "org-hackney", "Hackney Council", D(2026, 4, 1), D(2027, 9, 30)
    )
    placements = [
        PlanPlacement("a1", "city", D(2026, 4, 1), D(2026, 6, 30), key=1),
        PlanPlacement("a3", "city", D(2026, 6, 1), D(2026, 9, 30), key=2),
    ]
    [violation] = validate(schedule(placements, apprentices=(A1, a3)))
    assert violation.kind == Kind.CAPACITY
    assert violation.message == (
        "City of London Corporation is over its capacity of 1 apprentice at once: 2 are placed "
        "there on 1 June 2026 to 30 June 2026 (4 weeks and 2 days)."
    )
    assert violation.placements == {1, 2}


def test_too_little_time_at_the_employing_anchor():
    placements = [
        PlanPlacement("a1", "hackney", D(2026, 4, 1), D(2026, 5, 26), key=1),  # 8 weeks
        PlanPlacement("a1", "city", D(2026, 5, 27), D(2026, 12, 31), key=2),
    ]
    [violation] = validate(schedule(placements, employer=12))
    assert violation.kind == Kind.EMPLOYER_TIME
    assert violation.message == (
        "HC-A-01 spends 8 weeks at their employing anchor, Hackney Council: less than the "
        "minimum of 12 weeks."
    )
    assert not violation.is_clash


def test_a_placement_outside_the_hosts_window():
    city = PlanHost(
        "city", "org-city", "City of London Corporation", 1, D(2026, 10, 1), D(2027, 3, 31)
    )
    placements = [PlanPlacement("a1", "city", D(2026, 9, 1), D(2027, 2, 28), key=1)]
    [violation] = validate(schedule(placements, hosts=(city, HACKNEY)))
    assert violation.kind == Kind.OUTSIDE_WINDOW
    assert violation.message == (
        "HC-A-01's placement at City of London Corporation (1 September 2026 to 28 February "
        "2027) is outside the host's availability (from 1 October 2026 to 31 March 2027)."
    )


def test_several_violations_are_each_listed():
    placements = [
        PlanPlacement("a1", "hackney", D(2026, 4, 1), D(2026, 6, 30), key=1),
        PlanPlacement("a1", "city", D(2026, 6, 1), D(2026, 7, 31), key=2),
        PlanPlacement("a2", "city", D(2026, 7, 1), D(2026, 8, 31), key=3),
        PlanPlacement("a2", "elft", D(2026, 12, 1), D(2027, 12, 31), key=4),
    ]
    found = kinds(validate(schedule(placements, apprentices=(A1, A2), employer=10)))
    assert found == [
        Kind.OVERLAP,
        Kind.CAPACITY,
        Kind.OUTSIDE_APPRENTICESHIP,
        Kind.GAP,
        Kind.EMPLOYER_TIME,
    ]


def _cohort():
    hosts = [
        PlanHost("city", "org-city", "City of London Corporation", 2),
        PlanHost("hackney", "org-hackney", "Hackney Council", 2),
        PlanHost("elft", "org-elft", "East London NHS Foundation Trust", 2),
    ]
    names = {h.organisation: h.name for h in hosts}
    cohort = [
        PlanApprentice(
            f"a{i}",
            f"RA-{i:02d}",
            org,
            names[org],
            D(2026, 4, 1),
            D(2027, 9, 30),
        )
        for i, org in enumerate(
            ["org-city", "org-city", "org-hackney", "org-hackney", "org-elft", "org-elft"]
        )
    ]
    return cohort, hosts


def test_propose_six_apprentices_three_hosts_eighteen_months_is_valid():
    cohort, hosts = _cohort()
    proposal = propose(cohort, hosts, 26, D(2026, 4, 1), D(2027, 9, 30))
    assert len(proposal.placements) == 18
    assert (
        validate(
            Schedule(cohort, hosts, proposal.placements, max_gap_weeks=2, min_employer_weeks=12)
        )
        == []
    )
    for apprentice in cohort:
        mine = sorted(
            (p for p in proposal.placements if p.apprentice == apprentice.key),
            key=lambda p: p.start,
        )
        # Starts at the employing anchor, then visits each other host once.
        assert {h.organisation for h in hosts if h.key == mine[0].host} == {apprentice.employer}
        assert {p.host for p in mine} == {"city", "hackney", "elft"}
    # The days left after three 26-week slots are said, not silently dropped.
    assert proposal.notes == [
        "The last 2 days (29 September 2027 to 30 September 2027) are shorter than a 26-week "
        "placement and are left unplanned."
    ]


def test_propose_explains_what_it_could_not_fit():
    cohort, hosts = _cohort()
    hosts[0] = PlanHost("city", "org-city", "City of London Corporation", 1)
    proposal = propose(cohort, hosts, 26, D(2026, 4, 1), D(2027, 9, 30))
    assert not [
        v
        for v in validate(Schedule(cohort, hosts, proposal.placements, 60, 0))
        if v.kind == Kind.CAPACITY
    ]
    assert any("City of London Corporation is full (capacity 1)" in n for n in proposal.notes)
    assert any("does not visit City of London Corporation" in n for n in proposal.notes)


def test_propose_respects_windows_and_says_when_nothing_fits():
    cohort, hosts = _cohort()
    assert propose(cohort, hosts, 100, D(2026, 4, 1), D(2027, 9, 30)).notes == [
        "A 100-week placement does not fit between 1 April 2026 and 30 September 2027."
    ]
    hosts[2] = PlanHost("elft", "org-elft", "East London NHS Foundation Trust", 2, D(2027, 1, 1))
    proposal = propose(cohort, hosts, 26, D(2026, 4, 1), D(2027, 9, 30))
    violations = validate(Schedule(cohort, hosts, proposal.placements, 60, 0))
    assert not [v for v in violations if v.kind == Kind.OUTSIDE_WINDOW]
    assert any(
        "East London NHS Foundation Trust is not available then" in n for n in proposal.notes
    )
