"""Local hiring figures: new starters per anchor and collectively per period — how many, the share
living in the collaborative's boroughs, the share from the most deprived deciles, and by route.

Every figure is summed in SQL (one GROUP BY over starter rows, one over counts), whatever the
number of anchors, periods or starters. A deprivation share is built from one edition of the
indices only and says which: where a period holds records of two editions, the newest is counted
and the others are reported beside it, never added in.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, When

from anchors.models import Organisation
from metrics.models import ReportingPeriod
from workforce.models import DeprivationEdition, Route, Starter, StarterCount, WorkforceSettings

# The routes into work, in their order (``Route.choices`` builds its list anew each time it is
# read: a page of figures reads it for each of two hundred anchor-quarters).
ROUTES = tuple(Route.choices)


def settings_for(*, collaborative) -> WorkforceSettings:
    """The collaborative's workforce settings (the defaults, unsaved, until the facilitator saves
    them)."""
    found = WorkforceSettings.objects.filter(collaborative=collaborative).first()
    return found or WorkforceSettings(collaborative=collaborative)


def percent(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass
class Share:
    numerator: int = 0
    denominator: int = 0

    @property
    def value(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)

    def add(self, numerator, denominator):
        self.numerator += numerator
        self.denominator += denominator


@dataclass
class Figures:
    """One anchor's (or the collective's) starters in a period."""

    starters: int = 0
    from_rows: int = 0
    from_counts: int = 0
    resident: Share = field(default_factory=Share)
    # Deprivation by edition id: the starters whose home decile that edition gave.
    deprived_by_edition: dict = field(default_factory=dict)
    # Counts made with another cut-off than today's: in the starters, not in the share.
    other_cutoff: int = 0
    by_route: Counter = field(default_factory=Counter)
    edition: DeprivationEdition | None = None  # the edition the deprivation share counts
    deprived: Share = field(default_factory=Share)
    others: list = field(default_factory=list)  # (edition, Share) recorded but not counted

    def add_deprived(self, edition_id, numerator, denominator):
        self.deprived_by_edition.setdefault(edition_id, Share()).add(numerator, denominator)

    def merge(self, other: "Figures"):
        self.starters += other.starters
        self.from_rows += other.from_rows
        self.from_counts += other.from_counts
        self.resident.add(other.resident.numerator, other.resident.denominator)
        for edition_id, share in other.deprived_by_edition.items():
            self.add_deprived(edition_id, share.numerator, share.denominator)
        self.other_cutoff += other.other_cutoff
        self.by_route.update(other.by_route)

    def settle(self, editions: dict):
        """Choose the edition the share counts (the newest with records) and list the others."""
        present = sorted(
            (e for e in self.deprived_by_edition if e in editions),
            key=lambda e: editions[e].code,
            reverse=True,
        )
        if present:
            self.edition = editions[present[0]]
            self.deprived = self.deprived_by_edition[present[0]]
            self.others = [(editions[e], self.deprived_by_edition[e]) for e in present[1:]]
        return self

    @property
    def routes(self) -> list:
        return [(label, self.by_route.get(value, 0)) for value, label in ROUTES]


@dataclass
class AnchorFigures:
    organisation: Organisation
    figures: Figures


@dataclass
class PeriodFigures:
    period: ReportingPeriod
    collective: Figures
    anchors: list  # AnchorFigures, every core anchor, in name order


def _editions() -> dict:
    return {e.pk: e for e in DeprivationEdition.objects.all()}


# What the figures' readers show of an organisation (its id, names and role): fifty anchors'
# whole records were a fifth of the API's hiring list.
SHOWN = ("collaborative", "name", "short_name", "role")


def _anchors(collaborative):
    return list(
        Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        )
        .only(*SHOWN)
        .order_by("name")
    )


def hiring_figures(*, collaborative, periods, cutoff=None, by_anchor=None) -> list[PeriodFigures]:
    """Figures for each of ``periods`` (by anchor and collectively). Four queries, five once any
    starter has a decile (the editions). ``by_anchor`` (periods) limits the anchors' lines to
    those periods; the others have the collective figures only, summed in SQL without the anchors
    (a trend of eight quarters of fifty anchors grouped 5,000 rows to draw eight points)."""
    cutoff = cutoff or settings_for(collaborative=collaborative).deprived_decile_cutoff
    period_ids = [p.pk for p in periods]
    cells: dict[tuple, Figures] = {}

    def cell(period_id, organisation_id) -> Figures:
        found = cells.get((period_id, organisation_id))
        if found is None:
            found = cells[(period_id, organisation_id)] = Figures()
        return found

    if by_anchor is None:
        anchor_of = F("organisation_id")
    else:
        # None stands for "every anchor" in the periods shown collectively only.
        anchor_of = Case(
            When(period_id__in=[p.pk for p in by_anchor], then=F("organisation_id")),
            default=None,
        )
    rows = (
        Starter.objects.filter(collaborative=collaborative, period_id__in=period_ids)
        .annotate(anchor=anchor_of)
        .values("period_id", "anchor", "route", "edition_id")
        .annotate(
            n=Count("id"),
            known=Count("id", filter=Q(in_area__isnull=False)),
            resident=Count("id", filter=Q(in_area=True)),
            rated=Count("id", filter=Q(imd_decile__isnull=False)),
            deprived=Count("id", filter=Q(imd_decile__lte=cutoff)),
        )
        .order_by()
    )
    for row in rows:
        figures = cell(row["period_id"], row["anchor"])
        figures.starters += row["n"]
        figures.from_rows += row["n"]
        figures.by_route[row["route"]] += row["n"]
        figures.resident.add(row["resident"], row["known"])
        if row["edition_id"] and row["rated"]:
            figures.add_deprived(row["edition_id"], row["deprived"], row["rated"])
    counts = (
        StarterCount.objects.filter(collaborative=collaborative, period_id__in=period_ids)
        .annotate(anchor=anchor_of)
        .values("period_id", "anchor", "route", "edition_id", "decile_cutoff")
        .annotate(
            n=Sum("starters"),
            resident=Sum("resident_in_area"),
            deprived=Sum("from_deprived_deciles"),
        )
        .order_by()
    )
    for row in counts:
        figures = cell(row["period_id"], row["anchor"])
        figures.starters += row["n"]
        figures.from_counts += row["n"]
        figures.by_route[row["route"]] += row["n"]
        figures.resident.add(row["resident"], row["n"])
        if row["decile_cutoff"] == cutoff:
            figures.add_deprived(row["edition_id"], row["deprived"], row["n"])
        else:
            figures.other_cutoff += row["n"]
    used = {e for figures in cells.values() for e in figures.deprived_by_edition}
    editions = _editions() if used else {}
    anchors = _anchors(collaborative)
    known = {a.pk for a in anchors}
    # Starters recorded by a stakeholder that is not a core anchor still count collectively.
    extra_ids = {org for (_, org) in cells if org is not None and org not in known}
    if extra_ids:
        anchors += list(Organisation.objects.filter(pk__in=extra_ids).only(*SHOWN).order_by("name"))
    out = []
    shown = None if by_anchor is None else {p.pk for p in by_anchor}
    for period in periods:
        collective = Figures()
        lines = []
        if shown is not None and period.pk not in shown:
            collective.merge(cells.get((period.pk, None), Figures()))
            out.append(PeriodFigures(period, collective.settle(editions), lines))
            continue
        for organisation in anchors:
            figures = cells.get((period.pk, organisation.pk), Figures())
            collective.merge(figures)
            lines.append(AnchorFigures(organisation, figures.settle(editions)))
        out.append(PeriodFigures(period, collective.settle(editions), lines))
    return out


def period_list(*, collaborative) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(collaborative=collaborative).order_by(
            "financial_year", "quarter"
        )
    )


def periods_with_starters(*, collaborative) -> set[int]:
    """Ids of periods holding any starter or count (one query: a probe of the (collaborative,
    period) index for each period, not a union of every starter's period)."""
    rows = Starter.objects.filter(collaborative=collaborative, period=OuterRef("pk"))
    counts = StarterCount.objects.filter(collaborative=collaborative, period=OuterRef("pk"))
    return set(
        ReportingPeriod.objects.filter(collaborative=collaborative)
        .filter(Exists(rows) | Exists(counts))
        .order_by()
        .values_list("pk", flat=True)
    )


def starter_rows(*, organisation, period=None):
    """An organisation's starter rows, newest first, with their edition (one query a page)."""
    rows = Starter.objects.filter(organisation=organisation).select_related("period", "edition")
    if period is not None:
        rows = rows.filter(period=period)
    return rows.order_by("-start_date", "-pk")


def starter_counts(*, organisation, period=None):
    counts = StarterCount.objects.filter(organisation=organisation).select_related(
        "period", "edition"
    )
    if period is not None:
        counts = counts.filter(period=period)
    return counts.order_by("-period__financial_year", "-period__quarter", "route")


def starter_detail(*, collaborative, pk) -> Starter:
    return Starter.objects.select_related("organisation", "period", "edition").get(
        collaborative=collaborative, pk=pk
    )


def count_detail(*, collaborative, pk) -> StarterCount:
    return StarterCount.objects.select_related("organisation", "period", "edition").get(
        collaborative=collaborative, pk=pk
    )
