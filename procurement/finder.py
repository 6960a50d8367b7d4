"""The joint-tender finder's algorithm: pure Python over plain tuples, no database.

Pipeline items of two or more anchors are a match when their CPV codes share a prefix (the
division, group or class: 2, 3 or 4 digits) and their procurement windows overlap or fall within
N months of each other. Items are bucketed by prefix, each bucket sorted by window start, and one
sweep chains every item that starts before the running window end (plus N months) into the
current cluster: O(n log n), never a comparison of every pair. A cluster holding items of at least
two anchors is a match; matches are ranked by their combined value.
"""

import calendar
import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_DEPTH = 3
DEFAULT_GAP_MONTHS = 6


@dataclass(frozen=True)
class Candidate:
    """One pipeline item as the finder sees it."""

    id: int
    anchor_id: int
    cpv_code: str
    start: datetime.date
    end: datetime.date
    value: Decimal = Decimal(0)


@dataclass(frozen=True)
class Match:
    """Items of two or more anchors in one CPV prefix whose windows chain together: each item
    overlaps, or falls within N months of, another item of the match."""

    prefix: str
    item_ids: tuple[int, ...]  # the largest value first
    anchor_ids: tuple[int, ...]
    combined_value: Decimal
    start: datetime.date
    end: datetime.date
    # The longest gap between consecutive windows in the chain, in days (0: they all overlap).
    widest_gap_days: int = 0
    # A stable, short name for the match (its prefix and a digest of its items): what a
    # proposal refers to; the same items give the same key.
    key: str = ""

    @property
    def size(self) -> int:
        return len(self.item_ids)

    @property
    def overlapping(self) -> bool:
        return self.widest_gap_days == 0

    @classmethod
    def of(cls, prefix, cluster, widest_gap_days):
        ranked = sorted(cluster, key=lambda item: (-(item.value or 0), item.start, item.id))
        ids = ",".join(str(pk) for pk in sorted(item.id for item in cluster))
        return cls(
            prefix=prefix,
            item_ids=tuple(item.id for item in ranked),
            anchor_ids=tuple(sorted({item.anchor_id for item in cluster})),
            combined_value=sum((item.value or Decimal(0) for item in cluster), Decimal(0)),
            start=min(item.start for item in cluster),
            end=max(item.end for item in cluster),
            widest_gap_days=max(widest_gap_days, 0),
            key=f"{prefix}:{hashlib.sha256(ids.encode()).hexdigest()[:24]}",
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved on by whole calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def find_matches(
    candidates,
    *,
    depth: int = DEFAULT_DEPTH,
    gap_months: int = DEFAULT_GAP_MONTHS,
) -> list[Match]:
    """Every match among ``candidates``, highest combined value first.

    Two windows "fall within N months" when the later one starts no later than N calendar months
    after the earlier one ends (``add_months``); overlapping windows are always within.
    """
    if depth not in (2, 3, 4):
        raise ValueError("depth is 2 (division), 3 (group) or 4 (class)")
    if gap_months < 0:
        raise ValueError("gap_months is zero or more")
    buckets = defaultdict(list)
    for candidate in candidates:
        if candidate.cpv_code and candidate.start and candidate.end:
            buckets[candidate.cpv_code[:depth]].append(candidate)
    matches = []
    for code_prefix, bucket in buckets.items():
        if len(bucket) < 2:
            continue
        bucket.sort(key=lambda item: (item.start, item.id))
        cluster = [bucket[0]]
        reach_end = bucket[0].end  # the latest window end in the cluster so far
        widest_gap = 0
        for item in bucket[1:]:
            if item.start <= add_months(reach_end, gap_months):
                widest_gap = max(widest_gap, (item.start - reach_end).days)
                cluster.append(item)
                reach_end = max(reach_end, item.end)
                continue
            _keep(matches, code_prefix, cluster, widest_gap)
            cluster, reach_end, widest_gap = [item], item.end, 0
        _keep(matches, code_prefix, cluster, widest_gap)
    matches.sort(key=lambda match: (-match.combined_value, match.start, match.prefix))
    return matches


def _keep(matches, code_prefix, cluster, widest_gap):
    if len(cluster) > 1 and len({item.anchor_id for item in cluster}) > 1:
        matches.append(Match.of(code_prefix, cluster, widest_gap))
