"""The joint-tender finder's algorithm (procurement.finder): pure, no database."""

import datetime
import random
from decimal import Decimal

import pytest

from procurement.finder import Candidate, add_months, find_matches

D = datetime.date


def item(pk, anchor, code, start, end, value=100):
    return Candidate(pk, anchor, code, start, end, Decimal(value))


def test_same_group_overlapping_windows_match():
    matches = find_matches(
        [
            item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
            item(2, 20, "85311000", D(2027, 3, 1), D(2027, 9, 30)),
        ]
    )
    assert len(matches) == 1
    assert matches[0].prefix == "853"
    assert matches[0].anchor_ids == (10, 20)
    assert matches[0].overlapping


def test_same_group_seven_months_apart_does_not_match_with_six():
    items = [
        item(1, 10, "85312000", D(2027, 1, 1), D(2027, 1, 31)),
        item(2, 20, "85312000", D(2027, 8, 31), D(2027, 12, 31)),  # 7 months after 31 January
    ]
    assert find_matches(items, gap_months=6) == []
    assert len(find_matches(items, gap_months=7)) == 1


def test_within_n_months_matches_and_says_how_far_apart():
    matches = find_matches(
        [
            item(1, 10, "85312000", D(2027, 1, 1), D(2027, 1, 31)),
            item(2, 20, "85312000", D(2027, 5, 1), D(2027, 6, 30)),
        ],
        gap_months=6,
    )
    assert len(matches) == 1
    assert not matches[0].overlapping
    assert matches[0].widest_gap_days == 90


def test_different_division_does_not_match():
    items = [
        item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
        item(2, 20, "45233130", D(2027, 1, 1), D(2027, 6, 30)),
    ]
    assert find_matches(items, depth=2) == []


def test_same_division_other_group_matches_only_at_division_depth():
    items = [
        item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
        item(2, 20, "85140000", D(2027, 1, 1), D(2027, 6, 30)),
    ]
    assert find_matches(items, depth=3) == []
    assert [m.prefix for m in find_matches(items, depth=2)] == ["85"]
    assert find_matches(items, depth=4) == []


def test_three_anchor_match():
    matches = find_matches(
        [
            item(1, 10, "90911000", D(2027, 1, 1), D(2027, 4, 30), 300),
            item(2, 20, "90911200", D(2027, 2, 1), D(2027, 5, 31), 200),
            item(3, 30, "90919000", D(2027, 4, 1), D(2027, 7, 31), 100),
        ]
    )
    assert len(matches) == 1
    assert matches[0].anchor_ids == (10, 20, 30)
    assert matches[0].item_ids == (1, 2, 3)  # the largest value first
    assert matches[0].combined_value == Decimal(600)


def test_one_anchors_own_items_are_not_a_match():
    items = [
        item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
        item(2, 10, "85312000", D(2027, 2, 1), D(2027, 6, 30)),
    ]
    assert find_matches(items) == []


def test_ranked_by_combined_value():
    matches = find_matches(
        [
            item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30), 10),
            item(2, 20, "85312000", D(2027, 1, 1), D(2027, 6, 30), 10),
            item(3, 10, "45233130", D(2027, 1, 1), D(2027, 6, 30), 500),
            item(4, 20, "45233000", D(2027, 1, 1), D(2027, 6, 30), 500),
        ]
    )
    assert [m.prefix for m in matches] == ["452", "853"]


def test_items_without_a_window_or_a_category_are_left_out():
    items = [
        item(1, 10, "85312000", None, None),
        item(2, 20, "", D(2027, 1, 1), D(2027, 6, 30)),
        item(3, 30, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
    ]
    assert find_matches(items) == []


def test_the_key_names_the_items_whatever_their_order():
    first = find_matches(
        [
            item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
            item(2, 20, "85312000", D(2027, 1, 1), D(2027, 6, 30), 900),
        ]
    )
    again = find_matches(
        [
            item(2, 20, "85312000", D(2027, 1, 1), D(2027, 6, 30), 900),
            item(1, 10, "85312000", D(2027, 1, 1), D(2027, 6, 30)),
        ]
    )
    assert first[0].key == again[0].key
    assert first[0].key.startswith("853:")
    assert len(first[0].key) < 40


def test_bad_depth_refused():
    with pytest.raises(ValueError, match="depth"):
        find_matches([], depth=5)


def test_add_months_keeps_the_end_of_the_month():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2027, 11, 15), 2) == D(2028, 1, 15)


def _pairwise(items, depth, gap):
    """The definition, checked the slow way: the groups connected by pairs that match."""
    parent = {i.id: i.id for i in items}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a in items:
        for b in items:
            if a.id < b.id and a.cpv_code[:depth] == b.cpv_code[:depth]:
                first, second = sorted((a, b), key=lambda i: i.start)
                if second.start <= add_months(first.end, gap) or second.start <= first.end:
                    parent[root(a.id)] = root(b.id)
    groups = {}
    for i in items:
        groups.setdefault(root(i.id), []).append(i)
    return sorted(
        sorted(i.id for i in group)
        for group in groups.values()
        if len({i.anchor_id for i in group}) > 1
    )


@pytest.mark.parametrize("seed", range(5))
def test_sweep_agrees_with_checking_every_pair(seed):
    rng = random.Random(seed)
    items = []
    for pk in range(150):
        start = D(2026, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1500))
        end = start + datetime.timedelta(days=rng.randrange(0, 200))
        code = rng.choice(["85312000", "85140000", "45233130", "90911000", "79540000"])
        items.append(item(pk, rng.randrange(5), code, start, end))
    found = sorted(sorted(m.item_ids) for m in find_matches(items, depth=3))
    assert found == _pairwise(items, 3, 6)
