"""The status matrix: anchors (rows) × themes and opportunities (columns)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from anchors.models import Organisation, Theme
from procurement.models import Opportunity, OrganisationStatus

STALE_AFTER_DAYS = 90
KINDS = ("theme", "opportunity")


@dataclass
class Column:
    kind: str  # "theme" or "opportunity"
    pk: int
    name: str
    description: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"


@dataclass
class Cell:
    column: Column
    status: OrganisationStatus | None
    stale: bool = False


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell] = field(default_factory=list)

    @property
    def stale_count(self) -> int:
        return sum(1 for cell in self.cells if cell.stale)

    @property
    def missing_count(self) -> int:
        return sum(1 for cell in self.cells if cell.status is None)


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]
    stale_after: int = STALE_AFTER_DAYS

    @property
    def stale_count(self) -> int:
        return sum(row.stale_count for row in self.rows)

    @property
    def missing_count(self) -> int:
        return sum(row.missing_count for row in self.rows)

    def column_levels(self):
        """Per column: how many anchors stand at each level, and the median level."""
        summary = []
        for index, column in enumerate(self.columns):
            levels = sorted(
                row.cells[index].status.level for row in self.rows if row.cells[index].status
            )
            summary.append(
                {
                    "column": column,
                    "counts": {n: levels.count(n) for n in range(1, 6)},
                    "median": levels[len(levels) // 2] if levels else None,
                    "reported": len(levels),
                }
            )
        return summary


def stale_before(now=None) -> datetime.datetime:
    """Cells last reviewed before this moment are stale."""
    return (now or timezone.now()) - datetime.timedelta(days=STALE_AFTER_DAYS)


def is_stale(status, now=None) -> bool:
    return status is not None and status.reviewed_at < stale_before(now)


def columns(*, collaborative) -> list[Column]:
    """The themes, then the opportunities (two queries)."""
    themes = Theme.objects.filter(collaborative=collaborative).order_by("name")
    opportunities = Opportunity.objects.filter(collaborative=collaborative)
    return [Column("theme", t.pk, t.name, t.description) for t in themes] + [
        Column("opportunity", o.pk, o.name, o.description) for o in opportunities
    ]


def matrix_organisations(*, collaborative):
    """The rows: the collaborative's active core anchors."""
    return Organisation.objects.filter(
        collaborative=collaborative,
        role=Organisation.CollaborativeRole.CORE_ANCHOR,
        active=True,
    ).order_by("short_name")


def _statuses(collaborative, organisation_ids=None):
    queryset = OrganisationStatus.objects.filter(collaborative=collaborative).select_related(
        "updated_by__person"
    )
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=organisation_ids)
    return queryset


def _key(status) -> str:
    return status.subject_key


def status_matrix(*, collaborative, now=None) -> Matrix:
    """The whole matrix in four queries, whatever the number of anchors."""
    cols = columns(collaborative=collaborative)
    organisations = list(matrix_organisations(collaborative=collaborative))
    by_cell = {(s.organisation_id, _key(s)): s for s in _statuses(collaborative)}
    cutoff = stale_before(now)
    rows = []
    for organisation in organisations:
        row = Row(organisation)
        for column in cols:
            status = by_cell.get((organisation.pk, column.key))
            row.cells.append(
                Cell(column, status, stale=status is not None and status.reviewed_at < cutoff)
            )
        rows.append(row)
    return Matrix(cols, rows)


def status_row(*, organisation, now=None) -> list[Cell]:
    """One organisation's cells, in column order (three queries)."""
    cols = columns(collaborative=organisation.collaborative)
    saved = {_key(s): s for s in _statuses(organisation.collaborative, [organisation.pk])}
    cutoff = stale_before(now)
    return [
        Cell(
            column,
            saved.get(column.key),
            stale=column.key in saved and saved[column.key].reviewed_at < cutoff,
        )
        for column in cols
    ]


def subject(*, collaborative, kind, pk):
    """The theme or opportunity a cell's URL names (DoesNotExist outside the collaborative)."""
    if kind not in KINDS:
        raise Theme.DoesNotExist
    model = Theme if kind == "theme" else Opportunity
    return model.objects.get(collaborative=collaborative, pk=pk)


def status_cell(*, organisation, kind, subject):
    """The saved cell, or None."""
    lookup = {"theme": subject} if kind == "theme" else {"opportunity": subject}
    return (
        OrganisationStatus.objects.filter(organisation=organisation, **lookup)
        .select_related("updated_by__person")
        .first()
    )


TIMELINE_FIELDS = {
    "level": "Maturity",
    "narrative": "Where we are",
    "next_step": "Next step",
    "evidence_url": "Evidence link",
}


@dataclass
class TimelineEntry:
    record: object  # the historical record: the cell as it was saved then
    changed: list[str]  # what this save changed, in words ("Maturity", "Next step")
    first: bool = False


def cell_history(status) -> list[TimelineEntry]:
    """Every saved version of the cell, newest first, each with what it changed (one query)."""
    if status is None:
        return []
    records = list(
        status.history.select_related("history_user__person").order_by("history_date", "history_id")
    )
    entries, previous = [], None
    for record in records:
        changed = (
            [
                label
                for name, label in TIMELINE_FIELDS.items()
                if getattr(record, name) != getattr(previous, name)
            ]
            if previous is not None
            else []
        )
        entries.append(TimelineEntry(record, changed, first=previous is None))
        previous = record
    return list(reversed(entries))


def stale_cells(*, collaborative, now=None):
    """Cells not reviewed for 90 days, oldest first (for reminders and the dashboard)."""
    return (
        _statuses(collaborative)
        .filter(reviewed_at__lt=stale_before(now))
        .select_related("organisation", "theme", "opportunity")
        .order_by("reviewed_at")
    )
