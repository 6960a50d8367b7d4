"""What a file's rows are checked against: one query each for the collaborative's organisations,
metrics and periods (the ``Basis``, with a fingerprint of them), and one for the saved values the
file could touch."""

import hashlib
import json
from dataclasses import dataclass, field

from anchors.models import Organisation
from metrics.imports.checking import Keys
from metrics.models import Metric, MetricValue, ReportingPeriod
from metrics.models.periods import period_code
from metrics.rules import MetricRule

REPORTING_ROLE = Organisation.CollaborativeRole.CORE_ANCHOR
ORGANISATION_FIELDS = ("id", "name", "short_name", "role", "active")
PERIOD_FIELDS = ("id", "financial_year", "quarter", "state")
METRIC_FIELDS = (
    "id",
    "code",
    "kind",
    "unit",
    "allow_negative",
    "active",
    "numerator_label",
    "denominator_label",
)
SAVED_FIELDS = (
    "organisation_id",
    "metric_id",
    "period_id",
    "id",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
    "state",
    "updated_at",
)


@dataclass(frozen=True)
class Organisations:
    """The collaborative's organisations by name, and which of them this import may write for."""

    by_name: dict  # short name or full name, lower case -> id
    short: dict  # id -> short name
    reporting: frozenset  # active core anchors: the organisations that report metrics
    allowed: frozenset  # the reporting organisations this person may import for

    @classmethod
    def of(cls, rows, allowed_org_ids=None) -> "Organisations":
        """From dicts of id, name, short_name, role and active; None allows any reporting one."""
        rows = list(rows)
        by_name = {}
        for org in rows:
            by_name.setdefault(org["name"].lower(), org["id"])
        for org in rows:  # a short name wins over another organisation's full name
            by_name[org["short_name"].lower()] = org["id"]
        reporting = frozenset(o["id"] for o in rows if o["active"] and o["role"] == REPORTING_ROLE)
        allowed = reporting if allowed_org_ids is None else reporting & set(allowed_org_ids)
        return cls(
            by_name=by_name,
            short={o["id"]: o["short_name"] for o in rows},
            reporting=reporting,
            allowed=frozenset(allowed),
        )

    @classmethod
    def load(cls, collaborative, allowed_org_ids=None) -> "Organisations":
        rows = Organisation.objects.filter(collaborative=collaborative).values(*ORGANISATION_FIELDS)
        return cls.of(rows, allowed_org_ids)


@dataclass(frozen=True)
class Metrics:
    """The collaborative's metrics by code, each with the figure rule the grid applies too."""

    by_code: dict  # code -> dict of METRIC_FIELDS
    rules: dict = field(default_factory=dict)  # id -> MetricRule

    @classmethod
    def of(cls, rows) -> "Metrics":
        rows = list(rows)
        return cls(
            by_code={m["code"]: m for m in rows},
            rules={m["id"]: MetricRule.of(m) for m in rows},
        )

    @classmethod
    def load(cls, collaborative) -> "Metrics":
        return cls.of(Metric.objects.filter(collaborative=collaborative).values(*METRIC_FIELDS))

    @property
    def ids(self) -> dict:
        return {code: m["id"] for code, m in self.by_code.items()}

    @property
    def inactive(self) -> set:
        return {m["id"] for m in self.by_code.values() if not m["active"]}

    @property
    def units(self) -> dict:
        return {m["id"]: m["unit"] for m in self.by_code.values()}


@dataclass(frozen=True)
class Periods:
    """The collaborative's reporting periods by (financial year, quarter)."""

    by_key: dict  # (financial_year, quarter) -> dict of id, financial_year, quarter, state

    @classmethod
    def of(cls, rows) -> "Periods":
        return cls(by_key={(p["financial_year"], p["quarter"]): p for p in rows})

    @classmethod
    def load(cls, collaborative) -> "Periods":
        return cls.of(
            ReportingPeriod.objects.filter(collaborative=collaborative).values(*PERIOD_FIELDS)
        )

    @property
    def labels(self) -> dict:
        return {
            p["id"]: period_code(p["financial_year"], p["quarter"]) for p in self.by_key.values()
        }


@dataclass(frozen=True)
class Basis:
    """Everything a file's rows are checked against except the saved values: the collaborative's
    organisations (and which of them this person may import for), metrics and periods.

    ``fingerprint`` changes when any of them does, so a plan checked against one basis is reused
    only while the basis is the same (``metrics.services.imports``).
    """

    organisations: Organisations
    metrics: Metrics
    periods: Periods
    fingerprint: str

    @classmethod
    def of(cls, organisations, metrics, periods, allowed_org_ids=None) -> "Basis":
        """From rows as ``load`` reads them (dicts, in id order)."""
        organisations, metrics, periods = list(organisations), list(metrics), list(periods)
        allowed = None if allowed_org_ids is None else sorted(int(i) for i in allowed_org_ids)
        text = json.dumps([organisations, allowed, metrics, periods], sort_keys=True, default=str)
        return cls(
            organisations=Organisations.of(organisations, allowed_org_ids),
            metrics=Metrics.of(metrics),
            periods=Periods.of(periods),
            fingerprint=hashlib.sha256(text.encode()).hexdigest(),
        )

    @classmethod
    def load(cls, collaborative, allowed_org_ids=None) -> "Basis":
        """Three small queries: organisations, metrics and periods."""
        return cls.of(
            Organisation.objects.filter(collaborative=collaborative)
            .order_by("pk")
            .values(*ORGANISATION_FIELDS),
            Metric.objects.filter(collaborative=collaborative)
            .order_by("pk")
            .values(*METRIC_FIELDS),
            ReportingPeriod.objects.filter(collaborative=collaborative)
            .order_by("pk")
            .values(*PERIOD_FIELDS),
            allowed_org_ids,
        )


def _touching(collaborative, organisations, metrics, periods):
    """The saved values of these organisations, metrics and periods (a superset of the keys)."""
    return MetricValue.objects.filter(
        collaborative=collaborative,
        organisation_id__in=sorted({int(i) for i in organisations}),
        metric_id__in=sorted({int(i) for i in metrics}),
        period_id__in=sorted({int(i) for i in periods}),
    ).order_by()


def saved_versions(*, collaborative, keys, lock=False) -> dict:
    """(organisation, metric, period) -> (id, version) of the saved values among ``keys`` (and
    perhaps a few more): one query of three small columns, locked for a confirm. The version is
    ``updated_at`` as ``anchors.common.locking.version_of`` writes it."""
    keys = list(keys)
    if not keys:
        return {}
    organisations, metrics, periods = (set(ids) for ids in zip(*keys, strict=True))
    query = _touching(collaborative, organisations, metrics, periods)
    if lock:
        query = query.select_for_update()
    rows = query.values_list("organisation_id", "metric_id", "period_id", "id", "updated_at")
    return {(o, m, p): (pk, updated.isoformat()) for o, m, p, pk, updated in rows}


def saved_values(*, collaborative, keys: Keys, lock=False) -> dict:
    """(organisation, metric, period) -> the saved value's id, figures, note, state and update
    time, for every value the file could touch: one query, locked for a confirm."""
    resolved = keys.resolved
    if not resolved.any():
        return {}
    query = _touching(
        collaborative,
        keys.organisation[resolved].unique(),
        keys.metric[resolved].unique(),
        keys.period[resolved].unique(),
    )
    if lock:
        query = query.select_for_update()
    return {row[:3]: row[3:] for row in query.values_list(*SAVED_FIELDS)}
