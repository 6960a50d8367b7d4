"""Reads of imported spend: each organisation's figures and shares per period, top suppliers,
and flat per-supplier sums (the local what-if reads these). Every read is one query, whatever
the number of organisations, periods or lines; amounts are summed in SQL.

Lines whose supplier was withheld (personal data) count in the total and in no share: their
supplier is unknown, so they are neither local, SME nor VCSE.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast, Round

from procurement.models import SpendBatch, SpendLine
from procurement.selectors.suppliers import SupplierIndex

ZERO = Decimal("0.00")
SHARES = ("local", "sme", "vcse", "bame_led")


def _pence(filter=None):
    """A sum of amounts in whole pence: exact on every database (SQLite adds decimals as
    floating point numbers, which drifts over tens of thousands of lines)."""
    return Sum(Cast(Round(F("amount") * 100), BigIntegerField()), filter=filter)


def _pounds(pence) -> Decimal:
    return (Decimal(int(pence or 0)) / 100).quantize(ZERO)


MONEY = ("total", "local", "sme", "vcse", "bame_led", "redacted")


def _sums():
    return {
        "total": _pence(),
        "local": _pence(Q(supplier__is_local=True)),
        "sme": _pence(Q(supplier__sme=True)),
        "vcse": _pence(Q(supplier__vcse=True)),
        "bame_led": _pence(Q(supplier__bame_led=True)),
        "redacted": _pence(Q(redacted=True)),
        "lines": Count("pk"),
        "suppliers": Count("supplier", distinct=True),
    }


def _in_pounds(rows) -> list[dict]:
    """Rows with their ``pence`` sum given as ``total`` in pounds."""
    rows = list(rows)
    for row in rows:
        row["total"] = _pounds(row.pop("pence"))
    return rows


def _figures(row) -> dict:
    return {
        k: _pounds(v) if k in MONEY else v
        for k, v in row.items()
        if k in MONEY or k in ("lines", "suppliers")
    }


def share(part, total) -> Decimal | None:
    """``part`` as a percentage of ``total``, to one place; None when there is no positive total."""
    if not total or total <= 0:
        return None
    return (Decimal(part or 0) * 100 / Decimal(total)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass
class SpendFigures:
    organisation_id: int
    organisation: str
    period_id: int
    period: str
    total: Decimal
    local: Decimal
    sme: Decimal
    vcse: Decimal
    bame_led: Decimal
    redacted: Decimal
    lines: int
    suppliers: int

    @property
    def local_share(self):
        return share(self.local, self.total)

    @property
    def sme_share(self):
        return share(self.sme, self.total)

    @property
    def vcse_share(self):
        return share(self.vcse, self.total)

    @property
    def bame_led_share(self):
        return share(self.bame_led, self.total)


def _lines(collaborative):
    return SpendLine.objects.filter(collaborative=collaborative)


def spend_shares(*, collaborative, period=None, organisation_ids=None) -> list[SpendFigures]:
    """Total spend and local, SME, VCSE and minority-ethnic-led spend with their shares, per
    organisation per period (one query), latest period first, organisations by name."""
    lines = _lines(collaborative)
    if period is not None:
        lines = lines.filter(period=period)
    if organisation_ids is not None:
        lines = lines.filter(organisation_id__in=organisation_ids)
    rows = (
        lines.values(
            "organisation_id",
            "organisation__short_name",
            "organisation__name",
            "period_id",
            "period__financial_year",
            "period__quarter",
        )
        .annotate(**_sums())
        .order_by("-period__financial_year", "-period__quarter", "organisation__name")
    )
    return [
        SpendFigures(
            organisation_id=row["organisation_id"],
            organisation=row["organisation__short_name"] or row["organisation__name"],
            period_id=row["period_id"],
            period=f"{row['period__financial_year']}/"
            f"{(row['period__financial_year'] + 1) % 100:02d} Q{row['period__quarter']}",
            **{k: _pounds(row[k]) for k in MONEY},
            lines=row["lines"],
            suppliers=row["suppliers"],
        )
        for row in rows
    ]


def organisation_figures(*, organisation, period) -> dict:
    """One organisation's figures for one period as plain numbers (one query)."""
    row = SpendLine.objects.filter(organisation=organisation, period=period).aggregate(**_sums())
    return _figures(row)


def collaborative_figures(*, collaborative, period) -> dict:
    """Every organisation's spend for the period added together (one query)."""
    figures = _figures(_lines(collaborative).filter(period=period).aggregate(**_sums()))
    figures.update({f"{k}_share": share(figures[k], figures["total"]) for k in SHARES})
    return figures


def top_suppliers(*, collaborative, period=None, organisation=None, limit=10) -> list[dict]:
    """The suppliers with the most spend (withheld names left out), with their flags (one
    query)."""
    lines = _lines(collaborative).filter(redacted=False)
    if period is not None:
        lines = lines.filter(period=period)
    if organisation is not None:
        lines = lines.filter(organisation=organisation)
    return _in_pounds(
        lines.values(
            "supplier_id",
            "supplier__name",
            "supplier__is_local",
            "supplier__sme",
            "supplier__vcse",
            "supplier__bame_led",
            "supplier__needs_review",
        )
        .annotate(pence=_pence(), lines=Count("pk"))
        .order_by("-pence", "supplier__name")[:limit]
    )


def supplier_spend(*, collaborative, period=None, organisation_ids=None) -> list[dict]:
    """Flat sums per organisation and supplier (one query): organisation_id, supplier_id,
    supplier__is_local and total. The local what-if reads which spend sits outside the area."""
    lines = _lines(collaborative).filter(redacted=False)
    if period is not None:
        lines = lines.filter(period=period)
    if organisation_ids is not None:
        lines = lines.filter(organisation_id__in=organisation_ids)
    return _in_pounds(
        lines.values("organisation_id", "supplier_id", "supplier__is_local")
        .annotate(pence=_pence())
        .order_by("organisation_id", "-pence")
    )


def organisation_totals(*, collaborative, period=None) -> dict[int, dict]:
    """organisation id -> {"total", "local"} (one query), the base of a what-if's shares."""
    lines = _lines(collaborative)
    if period is not None:
        lines = lines.filter(period=period)
    return {
        row["organisation_id"]: {"total": _pounds(row["total"]), "local": _pounds(row["local"])}
        for row in lines.values("organisation_id")
        .annotate(total=_pence(), local=_pence(Q(supplier__is_local=True)))
        .order_by()
    }


def batch_list(*, collaborative, organisation_ids=None):
    """Uploaded files, newest first, with their organisation and period (one query)."""
    batches = SpendBatch.objects.filter(collaborative=collaborative).select_related(
        "organisation", "period", "uploaded_by"
    )
    if organisation_ids is not None:
        batches = batches.filter(organisation_id__in=organisation_ids)
    return batches.defer("parsed").order_by("-created_at", "-pk")


def batch_detail(*, collaborative, pk, organisation_ids=None) -> SpendBatch:
    batches = SpendBatch.objects.filter(collaborative=collaborative).select_related(
        "organisation", "period", "uploaded_by", "organisation__collaborative"
    )
    if organisation_ids is not None:
        batches = batches.filter(organisation_id__in=organisation_ids)
    return batches.get(pk=pk)


def batch_suppliers(*, batch, limit=10) -> list[dict]:
    """The batch's biggest suppliers, marking those the import added for review (one query)."""
    return _in_pounds(
        batch.lines.filter(redacted=False)
        .values("supplier_id", "supplier__name", "supplier__needs_review", "supplier__is_local")
        .annotate(pence=_pence(), lines=Count("pk"))
        .order_by("-pence", "supplier__name")[:limit]
    )


def supplier_matches(*, collaborative, lines) -> dict:
    """How the preview's named lines would match the register: suppliers found, and names that
    would be added for review (one query, the register's index)."""
    index = SupplierIndex(collaborative=collaborative)
    found, new = set(), {}
    for line in lines:
        if line.redacted:
            continue
        key = (line.supplier.casefold(), line.postcode, line.company_number)
        if key in found or key in new:
            continue
        supplier = index.match(
            name=line.supplier, postcode=line.postcode, company_number=line.company_number
        )
        if supplier is None:
            new[key] = line.supplier
        else:
            found.add(key)
    return {"found": len(found), "new": len(new), "new_names": sorted(new.values())[:20]}
