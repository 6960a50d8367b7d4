"""Reads for the tender pipeline and the joint-tender finder.

The finder reads the collaborative's whole pipeline in one query (``values_list``: no model
instances), matches in memory (``procurement.finder``) and keeps the result in the cache until the
pipeline changes (its row count and latest change are the key, one aggregate query). Pages then
read only the items of the matches they show, in one query. The governance dashboard reads
``matches_in_next_months``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import DecimalField, Prefetch, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from anchors.common.history import HistorySource, history_rows
from anchors.models import Organisation
from procurement import cpv
from procurement.finder import DEFAULT_DEPTH, DEFAULT_GAP_MONTHS, Candidate, Match, add_months
from procurement.finder import find_matches as run_finder
from procurement.models import BuyerIdentifier, JointProposal, PipelineItem, PipelineNotice
from procurement.selectors.spend import organisation_totals, share, supplier_spend

CACHE_SECONDS = 600


# What the pipeline list shows (reading fewer columns keeps a long list's page cheap).
LIST_FIELDS = (
    "id",
    "title",
    "cpv_code",
    "window_start",
    "window_end",
    "estimated_value",
    "estimated_value_gross",
    "stage",
    "open_to_joint",
    "organisation__id",
    "organisation__name",
    "organisation__short_name",
)


def pipeline_items(*, collaborative, organisation_id=None, stage="", cpv_prefix=""):
    """The pipeline, soonest window first, with the organisation and incumbent in the query."""
    items = PipelineItem.objects.filter(collaborative=collaborative).select_related("organisation")
    if organisation_id:
        items = items.filter(organisation_id=organisation_id)
    if stage:
        items = items.filter(stage=stage)
    if cpv_prefix:
        items = items.filter(cpv_code__startswith=cpv_prefix)
    return items.only(*LIST_FIELDS).order_by("window_start", "title", "pk")


def pipeline_item(*, collaborative, pk) -> PipelineItem:
    """One item with its notices and the proposals it is part of (DoesNotExist elsewhere)."""
    return (
        PipelineItem.objects.select_related("organisation", "incumbent_supplier")
        .prefetch_related(
            Prefetch("notices", queryset=PipelineNotice.objects.order_by("published", "pk")),
            Prefetch("joint_proposals", queryset=JointProposal.objects.select_related("action")),
        )
        .get(collaborative=collaborative, pk=pk)
    )


def _value():
    return Coalesce(
        "estimated_value",
        "estimated_value_gross",
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=15, decimal_places=2),
    )


def finder_candidates(*, collaborative, only_open=False) -> list[Candidate]:
    """Every item with a category and a window, as the finder's tuples: one query."""
    items = PipelineItem.objects.filter(
        collaborative=collaborative, window_start__isnull=False, window_end__isnull=False
    ).exclude(cpv_code="")
    # Awarded or cancelled procurements are no longer anyone's to buy together.
    items = items.exclude(stage__in=[PipelineItem.Stage.CANCELLED, PipelineItem.Stage.AWARDED])
    if only_open:
        items = items.filter(open_to_joint=True)
    rows = items.annotate(amount=_value()).values_list(
        "pk", "organisation_id", "cpv_code", "window_start", "window_end", "amount"
    )
    return [Candidate(*row) for row in rows]


def _pipeline_version(collaborative) -> str:
    # Two index-only reads (pipeline_collab_changed): the row count and the latest change.
    items = PipelineItem.objects.filter(collaborative=collaborative)
    changed = items.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return f"{items.count()}:{changed.isoformat() if changed else '-'}"


def joint_matches(
    *, collaborative, depth=DEFAULT_DEPTH, gap_months=DEFAULT_GAP_MONTHS, only_open=False
) -> list[Match]:
    """Every joint-tender match, highest combined value first (cached until the pipeline
    changes)."""
    key = (
        f"procurement:joint:{collaborative.pk}:{_pipeline_version(collaborative)}:"
        f"{depth}:{gap_months}:{int(only_open)}"
    )
    matches = cache.get(key)
    if matches is None:
        matches = run_finder(
            finder_candidates(collaborative=collaborative, only_open=only_open),
            depth=depth,
            gap_months=gap_months,
        )
        cache.set(key, matches, CACHE_SECONDS)
    return matches


def find_match(*, collaborative, key, depth, gap_months, only_open=False) -> Match | None:
    for match in joint_matches(
        collaborative=collaborative, depth=depth, gap_months=gap_months, only_open=only_open
    ):
        if match.key == key:
            return match
    return None


# A match's page shows its largest items; its download lists every one.
SHOWN_ITEMS = 8
MATCH_ITEM_FIELDS = (
    "id",
    "title",
    "cpv_code",
    "window_start",
    "window_end",
    "estimated_value",
    "estimated_value_gross",
    "open_to_joint",
    "organisation__id",
    "organisation__name",
    "organisation__short_name",
)


@dataclass
class MatchRow:
    """A match as a page shows it: its (largest) items with their organisations, its anchors,
    why it matched, and the proposal raised from it."""

    match: Match
    items: list[PipelineItem]
    organisations: list
    depth: int
    gap_months: int
    proposal: JointProposal | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def prefix_label(self) -> str:
        return cpv.prefix_label(self.match.prefix)

    @property
    def hidden_count(self) -> int:
        return self.match.size - len(self.items)


DEPTH_NAMES = {2: "division", 3: "group", 4: "class"}


def _reasons(match: Match, organisations, depth, gap_months) -> list[str]:
    level = DEPTH_NAMES[depth]
    padded = match.prefix.ljust(8, "0")
    reasons = [
        f"Same CPV {level}: every item's code starts {match.prefix} "
        f"({padded} {cpv.prefix_label(match.prefix) or 'unnamed'})."
    ]
    if match.overlapping:
        reasons.append("Their procurement windows overlap.")
    else:
        months = max(1, round(match.widest_gap_days / 30.44))
        reasons.append(
            f"Their procurement windows are at most {months} month{'s' if months != 1 else ''} "
            f"apart (the finder allows {gap_months})."
        )
    names = [organisation.short_name for organisation in organisations]
    shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    reasons.append(f"{len(names)} anchors plan to buy it: {shown}.")
    return reasons


def match_rows(*, collaborative, matches, depth, gap_months, shown=SHOWN_ITEMS) -> list[MatchRow]:
    """The rows for the matches on one page: three queries whatever the number of matches or
    of their items (``shown`` None: every item, for a download)."""
    wanted = {match.key: list(match.item_ids[:shown]) for match in matches}
    ids = [pk for chosen in wanted.values() for pk in chosen]
    items = {
        item.pk: item
        for item in PipelineItem.objects.filter(collaborative=collaborative, pk__in=ids)
        .select_related("organisation")
        .only(*MATCH_ITEM_FIELDS)
        .order_by()
    }
    anchor_ids = {pk for match in matches for pk in match.anchor_ids}
    organisations = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(
            collaborative=collaborative, pk__in=anchor_ids
        ).only("id", "name", "short_name")
    }
    proposals = {
        proposal.match_key: proposal
        for proposal in JointProposal.objects.filter(
            collaborative=collaborative, match_key__in=list(wanted)
        ).select_related("action")
    }
    rows = []
    for match in matches:
        found = [items[pk] for pk in wanted[match.key] if pk in items]
        involved = sorted(
            (organisations[pk] for pk in match.anchor_ids if pk in organisations),
            key=lambda organisation: organisation.short_name,
        )
        rows.append(
            MatchRow(
                match=match,
                items=found,
                organisations=involved,
                depth=depth,
                gap_months=gap_months,
                proposal=proposals.get(match.key),
                reasons=_reasons(match, involved, depth, gap_months),
            )
        )
    return rows


def matches_in_next_months(
    *, collaborative, months=12, today=None, depth=DEFAULT_DEPTH, gap_months=DEFAULT_GAP_MONTHS
) -> list[Match]:
    """Matches whose windows run within the next ``months`` months (for the governance
    dashboard and the quarterly report): two queries, or one when cached."""
    today = today or timezone.localdate()
    horizon = add_months(today, months)
    return [
        match
        for match in joint_matches(collaborative=collaborative, depth=depth, gap_months=gap_months)
        if match.end >= today and match.start <= horizon
    ]


def proposals(*, collaborative):
    return (
        JointProposal.objects.filter(collaborative=collaborative)
        .select_related("action")
        .prefetch_related("organisations")
    )


def window_bounds(items) -> tuple[datetime.date | None, datetime.date | None]:
    starts = [item.window_start for item in items if item.window_start]
    ends = [item.window_end for item in items if item.window_end]
    return (min(starts) if starts else None, max(ends) if ends else None)


def item_history(item):
    """The item's changes, newest first, a page at a time (components/history.html)."""
    return history_rows(
        HistorySource(
            records=item.history.select_related(
                "history_user__person", "organisation", "incumbent_supplier"
            ),
            label=lambda record: "Pipeline item",
        )
    )


# --- Local what-if ------------------------------------------------------------------------------


@dataclass
class WhatIfContract:
    """One expiring contract held outside the area, with what re-letting it locally would do."""

    item: PipelineItem
    spend: Decimal  # the anchor's matched spend with the incumbent
    anchor_points: Decimal | None  # percentage points added to the anchor's local share
    collaborative_points: Decimal | None


@dataclass
class WhatIfShare:
    name: str
    total: Decimal
    local: Decimal
    moved: Decimal

    @property
    def share_now(self):
        return share(self.local, self.total)

    @property
    def share_if(self):
        return share(self.local + self.moved, self.total)


@dataclass
class WhatIf:
    contracts: list[WhatIfContract]
    anchors: list[WhatIfShare]
    collaborative: WhatIfShare
    without_spend: list[PipelineItem]


def _points(part, total):
    return share(part, total)


def local_what_if(*, collaborative) -> WhatIf:
    """For the pipeline's expiring contracts held by suppliers outside the area: the local share
    each anchor and the collaborative would reach if they were re-let to local suppliers, ranked
    by effect. Spend is every imported line matched to the incumbent (spend selectors). Three
    queries, whatever the number of anchors, items or lines."""
    items = list(
        PipelineItem.objects.filter(
            collaborative=collaborative,
            incumbent_supplier__isnull=False,
            incumbent_supplier__is_local=False,
        )
        .exclude(stage=PipelineItem.Stage.CANCELLED)
        .select_related("organisation", "incumbent_supplier")
        .order_by("current_contract_end", "pk")
    )
    spent = {
        (row["organisation_id"], row["supplier_id"]): row["total"]
        for row in supplier_spend(collaborative=collaborative)
    }
    totals = organisation_totals(collaborative=collaborative)
    collaborative_total = sum((t["total"] for t in totals.values()), Decimal(0))
    collaborative_local = sum((t["local"] for t in totals.values()), Decimal(0))
    contracts, without = [], []
    moved_by_anchor: dict[int, Decimal] = {}
    for item in items:
        spend = spent.get((item.organisation_id, item.incumbent_supplier_id), Decimal(0))
        if spend <= 0:
            without.append(item)
            continue
        anchor_total = totals.get(item.organisation_id, {}).get("total", Decimal(0))
        moved_by_anchor[item.organisation_id] = (
            moved_by_anchor.get(item.organisation_id, Decimal(0)) + spend
        )
        contracts.append(
            WhatIfContract(
                item=item,
                spend=spend,
                anchor_points=_points(spend, anchor_total),
                collaborative_points=_points(spend, collaborative_total),
            )
        )
    contracts.sort(key=lambda c: (-c.spend, c.item.pk))
    names = {item.organisation_id: item.organisation.short_name for item in items}
    anchors = [
        WhatIfShare(
            name=names.get(pk, ""),
            total=figures["total"],
            local=figures["local"],
            moved=moved_by_anchor.get(pk, Decimal(0)),
        )
        for pk, figures in totals.items()
        if pk in moved_by_anchor
    ]
    anchors.sort(key=lambda a: -(a.moved / a.total if a.total else 0))
    return WhatIf(
        contracts=contracts,
        anchors=anchors,
        collaborative=WhatIfShare(
            name="The collaborative",
            total=collaborative_total,
            local=collaborative_local,
            moved=sum(moved_by_anchor.values(), Decimal(0)),
        ),
        without_spend=without,
    )


def joint_proposal_for_source(*, collaborative, reference) -> JointProposal | None:
    """The proposal a higher app's link names (``procurement.match:<id>``, see
    ``JointProposal.source_reference``), or None: how governance resolves an escalation's
    source."""
    prefix = "procurement.match:"
    if not reference.startswith(prefix) or not reference[len(prefix) :].isdigit():
        return None
    return (
        JointProposal.objects.filter(collaborative=collaborative, pk=int(reference[len(prefix) :]))
        .select_related("action")
        .prefetch_related("organisations", "items")
        .first()
    )


def buyer_identifiers(*, collaborative):
    """Every buyer identifier of the collaborative, by organisation (one query)."""
    return (
        BuyerIdentifier.objects.filter(collaborative=collaborative)
        .select_related("organisation")
        .order_by("organisation__name", "identifier")
    )
