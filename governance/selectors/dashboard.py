"""Everything the collective-impact dashboard shows, in a fixed number of queries whatever the
number of organisations, metrics, periods, escalations or pipeline items.

The dashboard is two parts: what waits for the viewer (their escalations; a query of its own on
every request) and the shared sections every member sees alike (metrics, procurement status,
workstreams, escalations by age, joint tenders, local hiring, self-assessment: nineteen queries).
The view keeps the shared sections' page in the cache under ``shared_version``: one query that
every write to a table those sections read moves on (see there), so a cached copy is never shown
after a write."""

import hashlib
from dataclasses import dataclass, field

from django.db import connection

from anchors.models import Organisation, Participation, Theme, Workstream
from anchors.permissions.roles import sponsor_organisation_ids
from governance.models import Escalation, Group, SelfAssessment
from governance.selectors import (
    escalations_by_age_and_level,
    figures,
    self_assessment_trend,
    waiting_for_decision,
)
from metrics.models import Metric, MetricValue, ReportingPeriod, Target
from procurement.models import Opportunity, OrganisationStatus, PipelineItem
from workforce.models import (
    DeprivationEdition,
    RouteActivity,
    RouteProgramme,
    Starter,
    StarterCount,
    WorkforceSettings,
)

# Escalations listed at the top of a sponsor's dashboard (the rest: "see all").
WAITING_SHOWN = 4

# The tables the shared sections read that keep a history row of every write (save, delete,
# bulk_create_with_history, and the metric import's set-based writes, which write the same
# history rows): the largest history id of each moves on with every write.
HISTORY_SOURCES = (
    Metric,  # headline: the active metrics, their units, rules and proxies
    MetricValue,  # headline: the counted values (an import writes history with its rows)
    Target,  # headline: the collective targets
    ReportingPeriod,  # every section's quarter
    Organisation,  # names, roles and whether active: heatmap, workstreams, matches, hiring
    Workstream,  # workstream health
    Participation,  # workstream health: sponsorship gaps
    Opportunity,  # heatmap columns
    OrganisationStatus,  # heatmap cells
    PipelineItem,  # joint-tender matches (OCDS and CSV imports save each item with history)
    Escalation,  # escalations by age and level
    Group,  # an escalation's level
    SelfAssessment,  # self-assessment trend
    WorkforceSettings,  # local hiring: the decile cut-off
    Starter,  # local hiring (the starters import writes history with its rows)
    StarterCount,  # local hiring
    RouteProgramme,  # routes into work
    RouteActivity,  # routes into work
)
# The ones without history: rows counted, the largest id (ids are never reused: SQLite's
# AUTOINCREMENT, PostgreSQL's sequences) and the latest change. Between them every insert,
# delete and save changes the key.
PLAIN_SOURCES = (
    (Theme, True),  # heatmap columns, the theme filter
    (Metric.themes.through, False),  # which metrics a theme filter keeps (rows only added/removed)
    (DeprivationEdition, True),  # local hiring: the edition a share counts
)


def _version_sql() -> str:
    """Every name in it is a model's table or column (nothing typed by anyone)."""
    quote = connection.ops.quote_name
    parts = []
    for model in HISTORY_SOURCES:
        history = model.history.model._meta
        parts.append(f"MAX({quote(history.pk.column)}) FROM {quote(history.db_table)}")
    for model, stamped in PLAIN_SOURCES:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts += [f"COUNT(*) FROM {table}", f"MAX({pk}) FROM {table}"]
        if stamped:
            parts.append(f"MAX({quote('updated_at')}) FROM {table}")
    sql = "SELECT " + ", ".join(f"(SELECT {part})" for part in parts)
    if connection.vendor == "postgresql":
        sql += f", ({OPEN_WRITERS_SQL})"
    return sql


# PostgreSQL: other sessions of this database inside a transaction that has written (it holds a
# transaction id), or whose state this role may not read, and prepared transactions. Their rows
# (and the history ids they took) may become visible after a larger id already is.
OPEN_WRITERS_SQL = (
    "SELECT (SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND (backend_xid IS NOT NULL "
    "OR query = '<insufficient privilege>')) "
    "+ (SELECT COUNT(*) FROM pg_prepared_xacts WHERE database = current_database())"
)


@dataclass
class SharedVersion:
    key: str  # changes with every write to a table the shared sections read
    settled: bool  # whether a page read now may be kept under this key


def shared_version() -> SharedVersion:
    """The shared sections' version: one query of index reads (the largest id of each history
    table, and the rows, largest id and latest change of the three small tables without history).

    On SQLite one transaction writes at a time, so whatever is committed has the largest ids. On
    PostgreSQL a transaction may take an id and commit after another that took a larger one; the
    same query counts the other sessions of the database with a writing transaction open
    (``OPEN_WRITERS_SQL``), and while any is, ``settled`` is False and the view keeps nothing it
    reads (it still uses what it kept before). A writer that commits between this query's
    snapshot and its count is not counted, but then everything read after it already shows that
    writer's rows."""
    sql = _version_sql()
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # pg_stat_activity is read once per transaction: inside one, read it afresh.
        sql = "SELECT pg_stat_clear_snapshot(); " + sql
    with connection.cursor() as cursor:
        cursor.execute(sql)  # noqa: S608 - names from the models
        row = list(cursor.fetchone())
    settled = True
    if connection.vendor == "postgresql":
        settled = row.pop() == 0
    key = hashlib.sha256("|".join(map(str, row)).encode()).hexdigest()[:32]
    return SharedVersion(key=key, settled=settled)


@dataclass
class Dashboard:
    periods: list
    themes: list
    period: object
    theme: object
    headline: figures.Headline
    waiting: list
    waiting_total: int
    is_sponsor: bool
    matrix: object
    workstreams: list
    escalations: list
    matches: list
    trend: list
    hiring: object = None
    workforce_figures: list = field(default_factory=lambda: list(figures.WORKFORCE_FIGURES))

    @property
    def open_escalations(self) -> int:
        return sum(row.count for row in self.escalations)

    @property
    def sponsor_gaps(self) -> int:
        return sum(len(line.lacking) for line in self.workstreams)


@dataclass
class Filters:
    """The quarter and theme shown, and the lists the filter form offers (two queries)."""

    periods: list
    themes: list
    period: object
    theme: object


def filters(*, collaborative, period_id=None, theme_id=None, today=None) -> Filters:
    period_list = figures.periods(collaborative=collaborative)
    theme_list = figures.themes(collaborative=collaborative)
    period = next(
        (p for p in period_list if p.pk == period_id), None
    ) or figures.last_complete_period(period_list, today=today)
    theme = next((t for t in theme_list if t.pk == theme_id), None)
    return Filters(periods=period_list, themes=theme_list, period=period, theme=theme)


@dataclass
class Waiting:
    waiting: list
    waiting_total: int
    is_sponsor: bool


def waiting(*, user, collaborative) -> Waiting:
    """What waits for this viewer's decision (one query: the few columns the list shows)."""
    rows = list(
        waiting_for_decision(user, collaborative)
        .select_related(None)
        .only("pk", "title", "ask", "needed_by")[: WAITING_SHOWN + 1]
    )
    return Waiting(
        waiting=rows[:WAITING_SHOWN],
        waiting_total=len(rows),
        is_sponsor=bool(sponsor_organisation_ids(user, collaborative)),
    )


def dashboard(
    *, user, collaborative, period_id=None, theme_id=None, today=None, chosen=None, mine=None
) -> Dashboard:
    """The whole dashboard: ``chosen`` (``filters``) and ``mine`` (``waiting``) when already
    read."""
    chosen = chosen or filters(
        collaborative=collaborative, period_id=period_id, theme_id=theme_id, today=today
    )
    mine = mine or (
        waiting(user=user, collaborative=collaborative)
        if user is not None
        else Waiting(waiting=[], waiting_total=0, is_sponsor=False)
    )
    period, theme, period_list = chosen.period, chosen.theme, chosen.periods
    trend_periods = [p.pk for p in period_list if period and p.end_date <= period.end_date][-4:]
    matrix = figures.procurement_heatmap(
        collaborative=collaborative, theme_id=theme.pk if theme else None
    )
    return Dashboard(
        periods=period_list,
        themes=chosen.themes,
        period=period,
        theme=theme,
        headline=figures.headline_metrics(
            collaborative=collaborative,
            period=period,
            theme_id=theme.pk if theme else None,
            period_list=period_list,
        ),
        waiting=mine.waiting,
        waiting_total=mine.waiting_total,
        is_sponsor=mine.is_sponsor,
        matrix=matrix,
        workstreams=figures.workstream_lines(collaborative=collaborative, today=today),
        escalations=escalations_by_age_and_level(collaborative, today=today),
        matches=figures.joint_tender_matches(
            collaborative=collaborative,
            today=today,
            known={row.organisation.pk: row.organisation.short_name for row in matrix.rows},
        ),
        trend=self_assessment_trend(collaborative, periods=trend_periods),
        hiring=figures.local_hiring(collaborative=collaborative, period=period),
    )
