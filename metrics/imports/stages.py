"""The checks a file's rows go through, in order; each reports what it refuses to ``Checking``.

Formulas, then organisations, metrics and periods (each returning the ids it found), then the
figures (read as the grid reads them, then the metric's own rules from ``metrics.rules``), the
evidence note, and rows repeating an earlier one. Every stage works on the whole frame at once,
except the figure rules: they are the grid's own functions, called once per row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from metrics.imports.checking import DUPLICATE_COLUMN, Checking, Keys
from metrics.imports.lookups import Metrics, Organisations, Periods
from metrics.imports.numbers import parse_numbers
from metrics.imports.reading import COLUMNS
from metrics.models import ReportingPeriod
from metrics.models.periods import parse_period_code, period_code
from metrics.rules import FIGURES, figure_errors

if TYPE_CHECKING:
    import pandas as pd

SPACES = "\u00a0\u2009\u202f"
LOOKS_NUMERIC = rf"[+-]?[\d.,£ {SPACES}]*\d[\d.,£ {SPACES}]*"
FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPED_FORMULA = r"^'(?=[=+\-@\t\r])"
LINE_STARTS = tuple(f"\n{character}" for character in (*FORMULA_CHARACTERS, "'"))
MAX_NOTE = 2000


def _ids(series: pd.Series, mapping: dict) -> pd.Series:
    return series.map(mapping).astype("Int64")


def check_formulas(checking: Checking) -> None:
    """Cells a spreadsheet would run as a formula (CSV injection) are refused, never stored."""
    frame = checking.frame
    for column in COLUMNS:
        cells = frame[column]
        texts = cells.tolist()
        # Most columns have no cell starting with a formula character or an apostrophe: one
        # search of the column's cells joined by newlines proves it (a newline inside a cell can
        # only make it look closer, never miss one).
        joined = "\n" + "\n".join(texts)
        if not any(start in joined for start in LINE_STARTS):
            continue
        starting = [text.startswith(FORMULA_CHARACTERS) for text in texts]
        if any(starting):
            starts = cells[starting]
            risky = starts[~starts.str.fullmatch(LOOKS_NUMERIC)]
            if len(risky):  # the message is written for these cells only
                message = (
                    "Starts with “"
                    + risky.str[:1].str.replace("\t", "tab").str.replace("\r", "return")
                    + "”, which spreadsheets run as a formula: enter the value itself"
                )
                checking.report(checking.flags(risky.index), column, message)
        # The apostrophe the portal's own downloads put before such text is not part of it.
        escaped = [text.startswith("'") for text in texts]
        if any(escaped):
            frame.loc[escaped, column] = cells[escaped].str.replace(
                ESCAPED_FORMULA, "", n=1, regex=True
            )


def check_organisations(checking: Checking, organisations: Organisations) -> pd.Series:
    """Organisation ids, by short name (or full name), case-insensitively."""
    names = checking.frame["organisation"]
    org_id = _ids(names.str.lower(), organisations.by_name)
    blank = names == ""
    reporting, allowed = organisations.reporting, organisations.allowed
    checking.report(blank, "organisation", "Enter the organisation’s short name")
    unknown = ~blank & org_id.isna()
    checking.report(
        unknown,
        "organisation",
        "No organisation called “" + names[unknown] + "” in this collaborative",
    )
    not_reporting = org_id.notna() & ~org_id.isin(reporting)
    checking.report(
        not_reporting,
        "organisation",
        "“"
        + names[not_reporting]
        + "” is not an active core anchor, so it does not report metrics",
    )
    own = ", ".join(sorted(organisations.short[i] for i in allowed)) or "no organisation"
    checking.report(
        org_id.notna() & org_id.isin(reporting) & ~org_id.isin(allowed),
        "organisation",
        f"You can import values only for your own organisation ({own})",
    )
    return org_id


def check_metrics(checking: Checking, metrics: Metrics) -> pd.Series:
    """Metric ids, by code, case-insensitively."""
    typed = checking.frame["metric"]
    codes = typed.str.upper()
    metric_id = _ids(codes, metrics.ids)
    blank = typed == ""
    checking.report(blank, "metric", "Enter the metric code, like LOC-SPEND")
    unknown = ~blank & metric_id.isna()
    checking.report(
        unknown, "metric", "No metric with the code “" + typed[unknown] + "” in the framework"
    )
    inactive = metric_id.isin(metrics.inactive).fillna(False).astype(bool)
    checking.report(
        inactive,
        "metric",
        "“" + codes[inactive] + "” is no longer collected (it is not active in the framework)",
    )
    return metric_id


def _period_problem(text, periods: Periods) -> tuple[int | None, str]:
    """The period id a cell names (even when closed) and what is wrong with it ('' if nothing)."""
    if text == "":
        return None, "Enter the period, like 2025-26-Q1"
    parsed = parse_period_code(text)
    if parsed is None:
        return None, (
            f"“{text}” is not a period: write the financial year and quarter, like 2025-26-Q1"
        )
    period = periods.by_key.get(parsed)
    if period is None:
        return None, f"{period_code(*parsed)} is not a reporting period"
    if period["state"] != ReportingPeriod.State.OPEN:
        return period["id"], f"{period_code(*parsed)} is closed: ask the facilitator to reopen it"
    return period["id"], ""


def check_periods(checking: Checking, periods: Periods) -> pd.Series:
    """Period ids, by code such as 2025-26-Q1; a closed period is known but refused."""
    typed = checking.frame["period"]
    lookup, problems = {}, {}
    for text in typed.unique():  # a file names a handful of periods, in many rows
        period_id, problem = _period_problem(text, periods)
        if period_id is not None:
            lookup[text] = period_id
        if problem:
            problems[text] = problem
    problem = typed.map(problems)
    checking.report(problem.notna(), "period", problem)
    return _ids(typed, lookup)


def read_figures(checking: Checking) -> dict[str, pd.Series]:
    """Each figure column as Decimals (None where blank or refused), refusing what is not a
    number the column holds, in the grid's words."""
    figures = {}
    for part in FIGURES:
        figures[part], messages = parse_numbers(checking.frame[part], part)
        checking.report(messages != "", part, messages)
    return figures


def check_figure_rules(checking: Checking, metric_id: pd.Series, metrics: Metrics, figures):
    """The metric's own rules, as the grid checks them (``metrics.rules.figure_errors``), on
    every row whose metric is known; a cell already refused keeps its first error."""
    import pandas as pd

    known = metric_id.notna()
    if not known.any():
        return
    found = {part: {} for part in FIGURES}
    rows = zip(
        checking.index[known],
        metric_id[known].tolist(),
        *(figures[part][known].tolist() for part in FIGURES),
        strict=True,
    )
    rules = metrics.rules
    for label, metric, value, numerator, denominator in rows:
        problems = figure_errors(
            rules[metric], value=value, numerator=numerator, denominator=denominator
        )
        for part, message in problems:
            found[part].setdefault(label, message)
    for part, messages in found.items():
        if messages:
            checking.report(checking.flags(messages), part, pd.Series(messages, dtype=object))


def check_notes(checking: Checking) -> None:
    checking.report(
        checking.frame["evidence_note"].str.len() > MAX_NOTE,
        "evidence_note",
        f"Too long: keep the evidence note under {MAX_NOTE:,} characters",
    )


def check_duplicates(checking: Checking, keys: Keys) -> None:
    """The same organisation, metric and period twice: every repeat names the row it repeats."""
    import pandas as pd

    resolved = keys.resolved
    frame = pd.DataFrame(
        {
            "o": keys.organisation,
            "m": keys.metric,
            "p": keys.period,
            "row": checking.frame["_row"],
        }
    )[resolved]
    duplicate = frame.duplicated(["o", "m", "p"], keep="first")
    if not duplicate.any():
        return
    first = frame.groupby(["o", "m", "p"])["row"].transform("first")
    message = pd.Series("", index=checking.index, dtype=object)
    message[duplicate[duplicate].index] = (
        "Repeats row "
        + first[duplicate].astype(str)
        + " (same organisation, metric and period): keep one of the two"
    )
    checking.report(checking.flags(duplicate[duplicate].index), DUPLICATE_COLUMN, message)
