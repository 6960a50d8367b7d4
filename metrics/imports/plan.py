"""Checking every row of an import at once (pandas, a fixed handful of queries) and planning it.

The plan says, for each row, whether it creates a value, changes one or changes nothing, and lists
every error with its row, column and reason. A plan with any error writes nothing. Its digest
covers exactly the writes the preview showed, so a confirm can prove it writes nothing else.

A plan depends on the file's cells, the look-ups (``Basis``) and the saved values its rows were
compared with; while none of them changed, checking the file again finds the same plan, so a kept
plan is reused (``saved_values_unchanged`` proves the last of the three with one query).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from metrics.imports.checking import Checking, Keys, without_rows_left_blank
from metrics.imports.lookups import (
    Basis,
    Metrics,
    Organisations,
    Periods,
    saved_values,
    saved_versions,
)
from metrics.imports.reading import Table
from metrics.imports.result import ImportPlan, plan_digest
from metrics.imports.stages import (
    check_duplicates,
    check_figure_rules,
    check_formulas,
    check_metrics,
    check_notes,
    check_organisations,
    check_periods,
    read_figures,
)
from metrics.models import MetricValue

if TYPE_CHECKING:
    import pandas as pd

NOTHING_SAVED = (None, None, None, None, "", "")


@dataclass(frozen=True)
class Comparison:
    """For each row without errors (``good``): its action, and what is saved now."""

    good: pd.Series  # True for the rows compared, in order
    actions: list  # "create", "change", "unchanged", or None where the saved value is locked
    saved: list  # (id, value, numerator, denominator, note, version) or NOTHING_SAVED
    locked: dict  # index label -> state, for the rows that would change a locked value
    held: list  # (organisation_id, metric_id, period_id, id, version) of those locked values


def compare_with_saved(checking: Checking, keys: Keys, figures: dict, saved: dict) -> Comparison:
    """What each good row would do to the saved value; a change to a submitted or verified
    value is refused (the facilitator returns it first)."""
    good = keys.resolved & ~checking.row_bad
    labels = good[good].index.tolist()
    rows = zip(
        keys.organisation[good].astype("int64").tolist(),
        keys.metric[good].astype("int64").tolist(),
        keys.period[good].astype("int64").tolist(),
        *(figures[part][good].tolist() for part in ("value", "numerator", "denominator")),
        checking.frame.loc[good, "evidence_note"].tolist(),
        strict=True,
    )
    actions, before, locked, held = [], [], {}, []
    for label, (o, m, p, v, n, d, note) in zip(labels, rows, strict=True):
        current = saved.get((o, m, p))
        if current is None:
            actions.append("create")
            before.append(NOTHING_SAVED)
            continue
        saved_id, old_value, old_num, old_den, old_note, state, updated_at = current
        differs = (v, n, d) != (old_value, old_num, old_den) or (note != "" and note != old_note)
        version = updated_at.isoformat()
        if differs and state not in MetricValue.EDITABLE:
            locked[label] = state
            held.append((o, m, p, saved_id, version))
            actions.append(None)
        else:
            actions.append("change" if differs else "unchanged")
        before.append((saved_id, old_value, old_num, old_den, old_note, version))
    return Comparison(good=good, actions=actions, saved=before, locked=locked, held=held)


def report_locked(checking: Checking, keys: Keys, metrics: Metrics, locked: dict) -> None:
    """Each row that would change a submitted or verified value, on its first figure cell."""
    import pandas as pd

    if not locked:
        return
    names = dict(MetricValue.State.choices)
    message = pd.Series("", index=checking.index, dtype=object)
    for label, state in locked.items():
        message[label] = (
            f"Already {names[state].lower()}, so it cannot change by import: ask the "
            "facilitator to return it first"
        )
    mask = checking.flags(locked)
    ratio = keys.metric.map({i: rule.is_ratio for i, rule in metrics.rules.items()})
    ratio = ratio.fillna(False).astype(bool)
    checking.report(mask & ~ratio, "value", message)
    checking.report(mask & ratio, "numerator", message)


def plan_rows(
    checking: Checking,
    keys: Keys,
    figures: dict,
    comparison: Comparison,
    *,
    organisations: Organisations,
    periods: Periods,
) -> pd.DataFrame:
    """The rows the plan would write (or leave unchanged), as the preview and the writer read
    them; rows whose saved value is locked are left out."""
    import pandas as pd

    good, saved, frame = comparison.good, comparison.saved, checking.frame
    o_list = keys.organisation[good].astype("int64").tolist()
    p_list = keys.period[good].astype("int64").tolist()
    period_labels = periods.labels
    rows = pd.DataFrame(
        {
            "row": frame.loc[good, "_row"].tolist(),
            "action": comparison.actions,
            "organisation_id": o_list,
            "metric_id": keys.metric[good].astype("int64").tolist(),
            "period_id": p_list,
            "organisation": [organisations.short[o] for o in o_list],
            "metric": [c.upper() for c in frame.loc[good, "metric"].tolist()],
            "period_label": [period_labels[p] for p in p_list],
            "value": figures["value"][good].tolist(),
            "numerator": figures["numerator"][good].tolist(),
            "denominator": figures["denominator"][good].tolist(),
            "evidence_note": frame.loc[good, "evidence_note"].tolist(),
            "existing_id": [s[0] for s in saved],
            "old_value": [s[1] for s in saved],
            "old_numerator": [s[2] for s in saved],
            "old_denominator": [s[3] for s in saved],
            "old_note": [s[4] for s in saved],
            "existing_version": [s[5] for s in saved],
        },
        dtype=object,
    )
    return rows[rows["action"].notna()].reset_index(drop=True)


def plan_import(
    *, collaborative, table: Table, allowed_org_ids=None, lock=False, basis: Basis | None = None
) -> ImportPlan:
    """Check every row; ``allowed_org_ids`` None means any reporting organisation. ``basis`` is
    the look-ups already loaded for ``allowed_org_ids`` (loaded here if not given)."""
    table, left_blank = without_rows_left_blank(table)
    checking = Checking(table)
    check_formulas(checking)
    if basis is None:
        basis = Basis.load(collaborative, allowed_org_ids)
    organisations, metrics, periods = basis.organisations, basis.metrics, basis.periods
    organisation_id = check_organisations(checking, organisations)
    metric_id = check_metrics(checking, metrics)
    period_id = check_periods(checking, periods)
    keys = Keys(organisation=organisation_id, metric=metric_id, period=period_id)
    figures = read_figures(checking)
    check_figure_rules(checking, metric_id, metrics, figures)
    check_notes(checking)
    check_duplicates(checking, keys)
    saved = saved_values(collaborative=collaborative, keys=keys, lock=lock)
    comparison = compare_with_saved(checking, keys, figures, saved)
    report_locked(checking, keys, metrics, comparison.locked)
    rows = plan_rows(
        checking, keys, figures, comparison, organisations=organisations, periods=periods
    )
    plan = ImportPlan(
        rows=rows,
        errors=checking.errors(),
        ignored=table.ignored,
        total_rows=len(checking.frame) + left_blank,
        left_blank=left_blank,
        units=metrics.units,
        basis=basis.fingerprint,
        held=comparison.held,
    )
    plan.digest = plan_digest(plan)
    return plan


def saved_values_unchanged(plan: ImportPlan, *, collaborative, lock=False) -> bool:
    """Whether every saved value the plan's rows were compared with is still the one they saw
    (same id and version), and nothing is saved yet where a row would create a value: one query,
    locking those values for a confirm."""
    compared = plan.compared()
    found = saved_versions(collaborative=collaborative, keys=compared, lock=lock)
    return all(found.get(key) == saw for key, saw in compared.items())
