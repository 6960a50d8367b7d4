"""What checking a file found: the rows it would write, every error, and a digest of the writes.

A plan is kept with its upload in a compact form (``to_bytes``), with what it was checked against
(``basis``, ``held`` and each row's saved version), so the preview pages and the confirm can reuse
it while none of that changed, instead of reading and checking the file again.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from metrics.formatting import format_figure
from metrics.imports.reading import CellError

if TYPE_CHECKING:
    import pandas as pd

PLAN_FORMAT = 1  # bump when a plan's stored form or what checking finds changes
ROW_COLUMNS = (
    "row",
    "action",
    "organisation_id",
    "metric_id",
    "period_id",
    "organisation",
    "metric",
    "period_label",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
    "existing_id",
    "old_value",
    "old_numerator",
    "old_denominator",
    "old_note",
    "existing_version",
)
DIGEST_COLUMNS = (
    "action",
    "organisation_id",
    "metric_id",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "evidence_note",
    "existing_id",
    "existing_version",
)
DIGEST_KEYS = ("organisation_id", "metric_id", "period_id")
FIGURE_COLUMNS = ("value", "numerator", "denominator", "old_value", "old_numerator")
FIGURE_COLUMNS += ("old_denominator",)
PLAIN_COLUMNS = ("row", "organisation_id", "metric_id", "period_id", "evidence_note")
PLAIN_COLUMNS += ("existing_id", "old_note", "existing_version")
ACTION_CODES = {"create": "+", "change": "~", "unchanged": "="}
NAMED = {"organisation": "organisation_id", "metric": "metric_id", "period_label": "period_id"}


@dataclass
class ImportPlan:
    rows: (
        pd.DataFrame
    )  # rows without errors: ids, figures, action ("create", "change", "unchanged")
    errors: list[CellError]
    ignored: list[str] = field(default_factory=list)
    total_rows: int = 0
    left_blank: int = 0  # template rows nobody filled in: skipped, not errors
    digest: str = ""
    units: dict = field(default_factory=dict)
    # What the rows were checked against, besides each row's saved version (``existing_version``):
    # the look-ups' fingerprint (``lookups.Basis``), and (organisation_id, metric_id, period_id,
    # id, version) of each saved value a row would change but cannot (submitted or verified).
    basis: str = ""
    held: list = field(default_factory=list)

    def count(self, action) -> int:
        return int((self.rows["action"] == action).sum()) if len(self.rows) else 0

    @property
    def to_create(self) -> int:
        return self.count("create")

    @property
    def to_change(self) -> int:
        return self.count("change")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def writes(self) -> pd.DataFrame:
        if not len(self.rows):
            return self.rows
        return self.rows[self.rows["action"] != "unchanged"]

    @property
    def can_import(self) -> bool:
        return not self.errors and len(self.writes) > 0

    def compared(self) -> dict:
        """(organisation_id, metric_id, period_id) -> (id, version) of the saved value each row
        without errors was compared with, or None where nothing was saved: while the saved values
        still match, checking the same rows again finds the same plan."""
        rows = self.rows
        found = {}
        if len(rows):
            found = {
                (o, m, p): (None if pk is None else (pk, version))
                for o, m, p, pk, version in zip(
                    rows["organisation_id"].tolist(),
                    rows["metric_id"].tolist(),
                    rows["period_id"].tolist(),
                    rows["existing_id"].tolist(),
                    rows["existing_version"].tolist(),
                    strict=True,
                )
            }
        found.update({(o, m, p): (pk, version) for o, m, p, pk, version in self.held})
        return found

    def display_rows(self, frame: pd.DataFrame) -> list[dict]:
        """Page-sized rows for the preview table: before and after as people read them."""
        out = []
        for row in frame.itertuples(index=False):
            unit = self.units.get(row.metric_id, "count")
            out.append(
                {
                    "row": row.row,
                    "action": row.action,
                    "organisation": row.organisation,
                    "metric": row.metric,
                    "period": row.period_label,
                    "before": _show(row.old_value, row.old_numerator, row.old_denominator, unit),
                    "after": _show(row.value, row.numerator, row.denominator, unit),
                    "note": row.evidence_note,
                }
            )
        return out

    def to_bytes(self) -> bytes:
        """The plan as compressed JSON (never pickle), a list per column: about 3 MB for
        100,000 rows. Names shown in the preview are kept once per id, not once per row."""
        rows = self.rows
        columns = {name: rows[name].tolist() for name in PLAIN_COLUMNS}
        for name in FIGURE_COLUMNS:
            columns[name] = [None if v is None else str(v) for v in rows[name].tolist()]
        columns["action"] = "".join(ACTION_CODES[a] for a in rows["action"].tolist())
        names = {
            name: sorted(dict(zip(rows[ids].tolist(), rows[name].tolist(), strict=True)).items())
            for name, ids in NAMED.items()
        }
        payload = {
            "format": PLAN_FORMAT,
            "digest": self.digest,
            "basis": self.basis,
            "total_rows": self.total_rows,
            "left_blank": self.left_blank,
            "ignored": self.ignored,
            "units": sorted(self.units.items()),
            "errors": [[e.row, e.column, e.message, e.value] for e in self.errors],
            "held": self.held,
            "names": names,
            "rows": columns,
        }
        return zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 1)

    @classmethod
    def from_bytes(cls, data: bytes) -> ImportPlan | None:
        """The plan ``to_bytes`` kept, or None if it was kept in an older form."""
        import pandas as pd

        payload = json.loads(zlib.decompress(data))
        if payload.get("format") != PLAN_FORMAT:
            return None
        columns = payload["rows"]
        actions = {code: action for action, code in ACTION_CODES.items()}
        data = {
            "action": [actions[code] for code in columns["action"]],
            **{name: columns[name] for name in PLAIN_COLUMNS},
            **{
                name: [None if v is None else Decimal(v) for v in columns[name]]
                for name in FIGURE_COLUMNS
            },
        }
        for name, ids in NAMED.items():
            lookup = dict(payload["names"][name])
            data[name] = [lookup[i] for i in data[ids]]
        return cls(
            rows=pd.DataFrame({name: data[name] for name in ROW_COLUMNS}, dtype=object),
            errors=[CellError(*e) for e in payload["errors"]],
            ignored=payload["ignored"],
            total_rows=payload["total_rows"],
            left_blank=payload["left_blank"],
            digest=payload["digest"],
            units=dict(payload["units"]),
            basis=payload["basis"],
            held=[tuple(h) for h in payload["held"]],
        )


def _show(value, numerator, denominator, unit) -> str:
    if value is not None and value == value:
        return format_figure(value, unit)
    if numerator is not None and numerator == numerator and denominator:
        share = numerator / denominator * 100
        return f"{format_figure(share, 'percent')} ({numerator:,} of {denominator:,})"
    return "—"


def plan_digest(plan: ImportPlan) -> str:
    """A fingerprint of exactly the writes the plan would make (and what they replace): each of
    ``DIGEST_COLUMNS`` in turn, its cells in organisation, metric and period order."""
    import numpy as np

    writes = plan.writes
    digest = hashlib.sha256()
    if len(writes):
        columns = {name: writes[name].tolist() for name in DIGEST_COLUMNS}
        keys = [np.asarray(columns[name], dtype="int64") for name in DIGEST_KEYS]
        order = np.lexsort(keys[::-1])  # lexsort's last key is its first
        if not (np.diff(order) > 0).all():  # files are often in this order already
            columns = {name: [cells[i] for i in order] for name, cells in columns.items()}
        for name, cells in columns.items():
            digest.update(f"{name}\x1e".encode())
            if cells[0] is None and cells.count(None) == len(cells):  # a column left blank
                digest.update(b"\x1d")
            else:
                digest.update("\x1f".join(map(str, cells)).encode())
            digest.update(b"\x1e")
    return digest.hexdigest()
