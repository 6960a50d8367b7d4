"""Checking every row of an import at once (pandas, a fixed handful of queries) and planning it.

The plan says, for each row, whether it creates a value, changes one or changes nothing, and lists
every error with its row, column and reason. A plan with any error writes nothing. Its digest
covers exactly the writes the preview showed, so a confirm can prove it writes nothing else.
"""

import pandas as pd

from anchors.models import Organisation
from metrics.imports.numbers import parse_numbers
from metrics.imports.reading import COLUMNS, CellError, Table
from metrics.imports.result import ImportPlan, plan_digest
from metrics.models import Metric, MetricValue, ReportingPeriod
from metrics.models.periods import parse_period_code, period_code

LOOKS_NUMERIC = r"[+-]?[\d.,£ ]*\d[\d.,£ ]*"
FORMULA_START = r"^[=+\-@\t\r]"
ESCAPED_FORMULA = r"^'(?=[=+\-@\t\r])"
MAX_NOTE = 2000
DUPLICATE_COLUMN = "organisation, metric, period"


def _ids(series: pd.Series, mapping: dict) -> pd.Series:
    return series.map(mapping).astype("Int64")


def plan_import(*, collaborative, table: Table, allowed_org_ids=None, lock=False) -> ImportPlan:
    """Check every row; ``allowed_org_ids`` None means any reporting organisation."""
    df = table.frame.copy()
    for column in COLUMNS:
        if column not in df.columns:
            df[column] = ""
    headings = {c: table.headings.get(c, f"{c} (no such column)") for c in COLUMNS}
    headings[DUPLICATE_COLUMN] = DUPLICATE_COLUMN
    index = df.index
    cell_bad = {c: pd.Series(False, index=index) for c in [*COLUMNS, DUPLICATE_COLUMN]}
    row_bad = pd.Series(False, index=index)
    found = []

    if table.bad_cells:
        position = pd.Series(index, index=df["_row"].to_numpy())
        for row, column in table.bad_cells:
            if column in cell_bad and row in position.index:
                cell_bad[column].loc[position[row]] = True
                row_bad.loc[position[row]] = True

    def report(mask, column, message):
        nonlocal row_bad
        mask = mask.fillna(False).astype(bool) & ~cell_bad[column]
        if not mask.any():
            return
        text = message[mask] if isinstance(message, pd.Series) else message
        found.append(
            pd.DataFrame(
                {
                    "row": df.loc[mask, "_row"],
                    "column": headings[column],
                    "message": text,
                    "value": (
                        df.loc[mask, "organisation"]
                        + " · "
                        + df.loc[mask, "metric"]
                        + " · "
                        + df.loc[mask, "period"]
                    )
                    if column == DUPLICATE_COLUMN
                    else df.loc[mask, column],
                }
            )
        )
        cell_bad[column] = cell_bad[column] | mask
        row_bad = row_bad | mask

    # Cells a spreadsheet would run as a formula (CSV injection) are refused, never stored.
    for column in COLUMNS:
        cells = df[column]
        risky = cells.str.match(FORMULA_START) & ~cells.str.fullmatch(LOOKS_NUMERIC)
        report(
            risky,
            column,
            "Starts with “"
            + cells.str[:1].str.replace("\t", "tab").str.replace("\r", "return")
            + "”, which spreadsheets run as a formula: enter the value itself",
        )
        # The apostrophe the portal's own downloads put before such text is not part of it.
        df[column] = cells.str.replace(ESCAPED_FORMULA, "", n=1, regex=True)

    # Organisations, by short name (or full name), case-insensitively.
    organisations = list(
        Organisation.objects.filter(collaborative=collaborative).values(
            "id", "name", "short_name", "role", "active"
        )
    )
    by_name = {}
    for org in organisations:
        by_name.setdefault(org["name"].lower(), org["id"])
    for org in organisations:
        by_name[org["short_name"].lower()] = org["id"]
    short = {org["id"]: org["short_name"] for org in organisations}
    reporting = {
        org["id"]
        for org in organisations
        if org["active"] and org["role"] == Organisation.CollaborativeRole.CORE_ANCHOR
    }
    allowed = reporting if allowed_org_ids is None else reporting & set(allowed_org_ids)
    org_id = _ids(df["organisation"].str.lower(), by_name)
    blank = df["organisation"] == ""
    report(blank, "organisation", "Enter the organisation’s short name")
    report(
        ~blank & org_id.isna(),
        "organisation",
        "No organisation called “" + df["organisation"] + "” in this collaborative",
    )
    report(
        org_id.notna() & ~org_id.isin(reporting),
        "organisation",
        "“" + df["organisation"] + "” is not an active core anchor, so it does not report metrics",
    )
    names = ", ".join(sorted(short[i] for i in allowed)) or "no organisation"
    report(
        org_id.notna() & org_id.isin(reporting) & ~org_id.isin(allowed),
        "organisation",
        f"You can import values only for your own organisation ({names})",
    )

    # Metrics, by code.
    metrics = {
        m["code"]: m
        for m in Metric.objects.filter(collaborative=collaborative).values(
            "id", "code", "kind", "unit", "allow_negative", "active"
        )
    }
    codes = df["metric"].str.upper()
    metric_id = _ids(codes, {code: m["id"] for code, m in metrics.items()})
    blank = df["metric"] == ""
    report(blank, "metric", "Enter the metric code, like LOC-SPEND")
    report(
        ~blank & metric_id.isna(),
        "metric",
        "No metric with the code “" + df["metric"] + "” in the framework",
    )
    inactive = {m["id"] for m in metrics.values() if not m["active"]}
    report(
        metric_id.isin(inactive),
        "metric",
        "“" + codes + "” is no longer collected (it is not active in the framework)",
    )

    # Periods, by code such as 2025-26-Q1.
    periods = {
        (p["financial_year"], p["quarter"]): p
        for p in ReportingPeriod.objects.filter(collaborative=collaborative).values(
            "id", "financial_year", "quarter", "state"
        )
    }
    period_lookup, period_problem = {}, {}
    for text in df["period"].unique():
        parsed = parse_period_code(text)
        if text == "":
            period_problem[text] = "Enter the period, like 2025-26-Q1"
        elif parsed is None:
            period_problem[text] = (
                f"“{text}” is not a period: write the financial year and quarter, like 2025-26-Q1"
            )
        elif parsed not in periods:
            period_problem[text] = f"{period_code(*parsed)} is not a reporting period"
        elif periods[parsed]["state"] != ReportingPeriod.State.OPEN:
            period_problem[text] = (
                f"{period_code(*parsed)} is closed: ask the facilitator to reopen it"
            )
            period_lookup[text] = periods[parsed]["id"]
        else:
            period_lookup[text] = periods[parsed]["id"]
    period_id = _ids(df["period"], period_lookup)
    problem = df["period"].map(period_problem)
    report(problem.notna(), "period", problem)
    labels = {p["id"]: period_code(p["financial_year"], p["quarter"]) for p in periods.values()}

    # Figures.
    figures = {}
    for column in ("value", "numerator", "denominator"):
        figures[column], messages = parse_numbers(df[column])
        report(messages != "", column, messages)
    value, numerator, denominator = figures["value"], figures["numerator"], figures["denominator"]
    kind = metric_id.map({m["id"]: m["kind"] for m in metrics.values()})
    negative_ok = metric_id.map({m["id"]: m["allow_negative"] for m in metrics.values()})
    is_amount = (kind == Metric.Kind.AMOUNT).fillna(False)
    is_ratio = (kind == Metric.Kind.RATIO).fillna(False)
    has = {c: df[c] != "" for c in ("value", "numerator", "denominator")}
    code = df["metric"].str.upper()
    report(is_amount & ~has["value"], "value", "Enter a value for " + code)
    report(
        is_amount & has["numerator"],
        "numerator",
        "Leave numerator empty: " + code + " is a count or amount, so it takes one value",
    )
    report(
        is_amount & has["denominator"],
        "denominator",
        "Leave denominator empty: " + code + " is a count or amount, so it takes one value",
    )
    report(
        is_ratio & has["value"],
        "value",
        "Leave value empty: " + code + " is a ratio, so enter numerator and denominator",
    )
    report(is_ratio & ~has["numerator"], "numerator", "Enter the numerator for " + code)
    report(is_ratio & ~has["denominator"], "denominator", "Enter the denominator for " + code)

    def test(series, check):
        return pd.Series([v is not None and check(v) for v in series], index=index, dtype=bool)

    report(
        is_amount & test(value, lambda v: v < 0) & ~negative_ok.fillna(False).astype(bool),
        "value",
        "Cannot be negative for " + code,
    )
    report(is_ratio & test(numerator, lambda v: v < 0), "numerator", "Cannot be negative")
    report(
        is_ratio & test(denominator, lambda v: v <= 0),
        "denominator",
        "Must be more than zero",
    )
    over = pd.Series(
        [
            n is not None and d is not None and d > 0 and n > d
            for n, d in zip(numerator, denominator, strict=True)
        ],
        index=index,
        dtype=bool,
    )
    report(
        is_ratio & over,
        "numerator",
        "The numerator ("
        + df["numerator"]
        + ") is more than the denominator ("
        + df["denominator"]
        + "): a share cannot be over 100%",
    )
    report(
        df["evidence_note"].str.len() > MAX_NOTE,
        "evidence_note",
        f"Too long: keep the evidence note under {MAX_NOTE:,} characters",
    )

    # The same organisation, metric and period twice.
    resolved = org_id.notna() & metric_id.notna() & period_id.notna()
    keys = pd.DataFrame({"o": org_id, "m": metric_id, "p": period_id, "row": df["_row"]})[resolved]
    duplicate = keys.duplicated(["o", "m", "p"], keep="first")
    if duplicate.any():
        first = keys.groupby(["o", "m", "p"])["row"].transform("first")
        message = pd.Series("", index=index, dtype=object)
        message[duplicate[duplicate].index] = (
            "Repeats row "
            + first[duplicate].astype(str)
            + " (same organisation, metric and period): keep one of the two"
        )
        mask = pd.Series(False, index=index)
        mask[duplicate[duplicate].index] = True
        report(mask, DUPLICATE_COLUMN, message)

    # Compare with what is saved: one query for every value the file could touch.
    existing = {}
    if resolved.any():
        query = MetricValue.objects.filter(
            collaborative=collaborative,
            organisation_id__in=sorted({int(i) for i in org_id[resolved]}),
            metric_id__in=sorted({int(i) for i in metric_id[resolved]}),
            period_id__in=sorted({int(i) for i in period_id[resolved]}),
        ).order_by()
        if lock:
            query = query.select_for_update()
        for row in query.values_list(
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
        ):
            existing[row[:3]] = row[3:]

    good = resolved & ~row_bad
    labels_good = list(good[good].index)
    o_list = org_id[good].astype("int64").tolist()
    m_list = metric_id[good].astype("int64").tolist()
    p_list = period_id[good].astype("int64").tolist()
    v_list, n_list, d_list = (s[good].tolist() for s in (value, numerator, denominator))
    note_list = df.loc[good, "evidence_note"].tolist()
    actions, old = [], []
    locked = {}
    for label, o, m, p, v, n, d, note in zip(
        labels_good, o_list, m_list, p_list, v_list, n_list, d_list, note_list, strict=True
    ):
        saved = existing.get((o, m, p))
        if saved is None:
            actions.append("create")
            old.append((None, None, None, None, "", ""))
            continue
        saved_id, old_value, old_num, old_den, old_note, state, updated_at = saved
        differs = (v, n, d) != (old_value, old_num, old_den) or (note != "" and note != old_note)
        if differs and state not in MetricValue.EDITABLE:
            locked[label] = state
            actions.append(None)
        else:
            actions.append("change" if differs else "unchanged")
        old.append((saved_id, old_value, old_num, old_den, old_note, updated_at.isoformat()))
    if locked:
        state_label = dict(MetricValue.State.choices)
        message = pd.Series("", index=index, dtype=object)
        mask = pd.Series(False, index=index)
        for label, state in locked.items():
            message[label] = (
                f"Already {state_label[state].lower()}, so it cannot change by import: ask the "
                "facilitator to return it first"
            )
            mask[label] = True
        report(mask & ~is_ratio, "value", message)
        report(mask & is_ratio, "numerator", message)

    rows = pd.DataFrame(
        {
            "row": df.loc[good, "_row"].tolist(),
            "action": actions,
            "organisation_id": o_list,
            "metric_id": m_list,
            "period_id": p_list,
            "organisation": [short[o] for o in o_list],
            "metric": [c.upper() for c in df.loc[good, "metric"].tolist()],
            "period_label": [labels[p] for p in p_list],
            "value": v_list,
            "numerator": n_list,
            "denominator": d_list,
            "evidence_note": note_list,
            "existing_id": [o[0] for o in old],
            "old_value": [o[1] for o in old],
            "old_numerator": [o[2] for o in old],
            "old_denominator": [o[3] for o in old],
            "old_note": [o[4] for o in old],
            "existing_version": [o[5] for o in old],
        },
        dtype=object,
    )
    rows = rows[rows["action"].notna()].reset_index(drop=True)

    errors = list(table.errors)
    if found:
        frame = pd.concat(found, ignore_index=True)
        errors += [
            CellError(int(r), str(c), str(m), str(v)[:60])
            for r, c, m, v in frame[["row", "column", "message", "value"]].itertuples(index=False)
        ]
    order = {headings[c]: n for n, c in enumerate([*COLUMNS, DUPLICATE_COLUMN])}
    errors.sort(key=lambda e: (e.row or 0, order.get(e.column, 99), e.column))
    plan = ImportPlan(
        rows=rows,
        errors=errors,
        ignored=table.ignored,
        total_rows=len(df),
        units={m["id"]: m["unit"] for m in metrics.values()},
    )
    plan.digest = plan_digest(plan)
    return plan
