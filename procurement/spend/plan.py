"""Checking every row of a spend file against the lead's column mapping: the lines it would
import, and every row that cannot be read, by its row number in the file.

Nothing is written here; the import service writes a plan only when it has no errors left (the
lead fixed the file, or chose to leave the listed rows out).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from metrics.imports.files import CellError, column_label
from procurement.spend import columns as c
from procurement.spend.reading import SpendSheet
from procurement.spend.values import (
    DAY_FIRST,
    MONTH_FIRST,
    RUN_TOGETHER_MESSAGE,
    ValueProblem,
    date_order_evidence,
    is_redacted,
    numeric_parts,
    parse_amount,
    parse_date,
    split_code,
    split_company_number,
)

ZERO = Decimal("0.00")
TOTAL = re.compile(r"^(grand\s*|sub\s*-?\s*)?totals?\b", re.IGNORECASE)
TOTAL_MESSAGE = "This looks like a total line, not a payment: leave it out of the file"


@dataclass(slots=True)
class Line:
    """One payment as it will be stored; ``supplier`` is blank when the name was withheld."""

    row: int
    date: datetime.date
    amount: Decimal
    supplier: str
    redacted: bool = False
    company_number: str = ""
    postcode: str = ""
    category_code: str = ""
    category: str = ""
    reference: str = ""
    description: str = ""
    department: str = ""


@dataclass
class SpendPlan:
    lines: list[Line] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    excluded: list[int] = field(default_factory=list)
    date_order: str = DAY_FIRST
    date_order_needed: bool = False
    date_evidence: tuple[int, int] = (0, 0)
    blank_rows: int = 0

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})

    @property
    def ok(self) -> bool:
        return not self.errors and not self.date_order_needed and bool(self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def redacted_total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.redacted), ZERO)

    @property
    def redacted_count(self) -> int:
        return sum(1 for line in self.lines if line.redacted)

    @property
    def credit_count(self) -> int:
        return sum(1 for line in self.lines if line.amount < 0)

    @property
    def suppliers(self) -> int:
        return len({line.supplier.upper() for line in self.lines if line.supplier})


def missing_fields(mapping: dict) -> list[str]:
    return [field for field in c.REQUIRED if field not in mapping]


def choose_date_order(cells, confirmed: str | None) -> tuple[str, bool, tuple[int, int]]:
    """(order used, whether the lead must still confirm it, evidence): a file whose numeric
    dates all have both numbers 12 or under could be read either way."""
    evidence = date_order_evidence(cells)
    if confirmed in (DAY_FIRST, MONTH_FIRST):
        return confirmed, False, evidence
    day_first, month_first = evidence
    if day_first or month_first:
        return (MONTH_FIRST if month_first > day_first else DAY_FIRST), False, evidence
    numeric = any(numeric_parts(cell) for cell in set(cells))
    return DAY_FIRST, numeric, evidence


def plan_spend(
    *,
    sheet: SpendSheet,
    mapping: dict,
    date_order: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    excluded=(),
) -> SpendPlan:
    """Every row read through ``mapping`` (field -> column position); dates outside ``start`` to
    ``end`` are errors; rows in ``excluded`` are left out (the lead chose to)."""
    headings = sheet.headings
    labels = {
        field: column_label(headings[p] if p < len(headings) else "", p)
        for field, p in mapping.items()
    }
    frame = sheet.frame
    width = frame.shape[1] - 1

    def cells_of(field):
        position = mapping.get(field)
        if position is None or position >= width:
            return [""] * len(frame)
        return [str(v).strip() for v in frame[position].tolist()]

    values = {field: cells_of(field) for field in c.FIELDS}
    rows = [int(r) for r in frame["_row"].tolist()]
    excluded = set(excluded)
    order, needed, evidence = choose_date_order(values[c.DATE], date_order)
    plan = SpendPlan(date_order=order, date_order_needed=needed, date_evidence=evidence)
    plan.errors = [e for e in sheet.errors if e.row not in excluded]
    plan.excluded = sorted(excluded & ({e.row for e in sheet.errors} | set(rows)))
    columns = [frame[p].tolist() for p in range(width)]
    for index, row in enumerate(rows):
        if row in excluded:
            continue
        supplier_cell = values[c.SUPPLIER][index]
        amount_cell = values[c.AMOUNT][index]
        date_cell = values[c.DATE][index]
        if not (supplier_cell or amount_cell or date_cell):
            others = [str(column[index]).strip() for column in columns]
            if any(others):
                label = labels.get(c.SUPPLIER, "Supplier")
                plan.errors.append(CellError(row, label, _empty_message(others)))
            else:
                plan.blank_rows += 1
            continue
        if TOTAL.match(supplier_cell) and not (amount_cell and date_cell):
            plan.errors.append(
                CellError(row, labels.get(c.SUPPLIER, "Supplier"), TOTAL_MESSAGE, supplier_cell)
            )
            continue
        problems = []
        try:
            amount = parse_amount(amount_cell)
        except ValueProblem as problem:
            problems.append((c.AMOUNT, str(problem), amount_cell))
        try:
            date = parse_date(date_cell, order)
        except ValueProblem as problem:
            problems.append((c.DATE, str(problem), date_cell))
        else:
            if start and end and not start <= date <= end:
                problems.append(
                    (
                        c.DATE,
                        f"{date:%d/%m/%Y} is outside the period ({start:%d/%m/%Y} to "
                        f"{end:%d/%m/%Y})",
                        date_cell,
                    )
                )
        if not supplier_cell:
            problems.append((c.SUPPLIER, "The supplier is blank", ""))
        if problems:
            run_together = [p for p in problems if p[1] == RUN_TOGETHER_MESSAGE]
            problems = run_together or problems
            plan.errors += [
                CellError(row, labels.get(field, c.FIELDS[field]), message, shown[:80])
                for field, message, shown in problems
            ]
            continue
        redacted = is_redacted(supplier_cell)
        name, number = ("", "") if redacted else split_company_number(supplier_cell)
        code, category = split_code(values[c.CATEGORY][index])
        listed_number = values[c.COMPANY_NUMBER][index]
        if listed_number and not redacted:
            number = listed_number.zfill(8) if listed_number.isdigit() else listed_number.upper()
        plan.lines.append(
            Line(
                row=row,
                date=date,
                amount=amount,
                supplier=name[:200],
                redacted=redacted,
                company_number=number[:20],
                postcode="" if redacted else values[c.POSTCODE][index].upper()[:10],
                category_code=code[:20],
                category=category[:200],
                reference=values[c.REFERENCE][index][:60],
                description="" if redacted else values[c.DESCRIPTION][index][:300],
                department=values[c.DEPARTMENT][index][:200],
            )
        )
    plan.errors.sort(key=lambda e: e.row or 0)
    return plan


def _empty_message(cells) -> str:
    text = " ".join(cell for cell in cells if cell)
    if "total" in text.lower():
        return TOTAL_MESSAGE
    return "This row has no supplier, amount or date"
