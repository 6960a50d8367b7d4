"""The supplier register: lists, one supplier, passports and their gaps, the supplier base, and
duplicate look-ups shared by the register's form and the imports."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from procurement.identity import normalise_company_number, normalise_name, normalise_postcode
from procurement.models import (
    AreaDistrict,
    EngagementEvent,
    EventAttendance,
    PassportItem,
    Supplier,
    SupplierBuyer,
)

# Passport items due for review within this many days are flagged "due soon".
DUE_SOON_DAYS = 60
PASSPORT_KINDS = list(PassportItem.Kind)


@dataclass
class PassportEntry:
    kind: str
    label: str
    item: PassportItem | None
    state: str  # "missing", "expired", "due_soon", "current"

    @property
    def is_gap(self) -> bool:
        return self.state in ("missing", "expired")

    @property
    def state_label(self) -> str:
        return {
            "missing": "Missing",
            "expired": "Review overdue",
            "due_soon": "Review due soon",
            "current": "Current",
        }[self.state]


def passport_state(item, today=None) -> str:
    today = today or timezone.localdate()
    if item is None:
        return "missing"
    if item.review_date < today:
        return "expired"
    if item.review_date <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "current"


def passport_entries(items, today=None) -> list[PassportEntry]:
    """Every passport kind, in order, with the supplier's item for it (or none)."""
    by_kind = {item.kind: item for item in items}
    return [
        PassportEntry(
            kind.value,
            kind.label,
            by_kind.get(kind.value),
            passport_state(by_kind.get(kind.value), today),
        )
        for kind in PASSPORT_KINDS
    ]


def passport_gaps(supplier_ids, *, today=None) -> dict[int, list[PassportEntry]]:
    """For each supplier id, its missing and expired passport items (one query).

    Suppliers with a complete, current passport map to an empty list. The tender pipeline shows
    these beside an expiring contract held by the supplier.
    """
    ids = [pk for pk in set(supplier_ids) if pk is not None]
    items: dict[int, list] = {pk: [] for pk in ids}
    for item in PassportItem.objects.filter(supplier_id__in=ids):
        items[item.supplier_id].append(item)
    return {
        pk: [entry for entry in passport_entries(found, today) if entry.is_gap]
        for pk, found in items.items()
    }


def supplier_list(*, collaborative, query="", flag="", organisation_id=None, local=None):
    """Suppliers with their buyers (two queries a page), filtered by name, flag and buyer."""
    queryset = Supplier.objects.filter(collaborative=collaborative)
    if query:
        words = normalise_name(query)
        queryset = queryset.filter(
            Q(normalised_name__contains=words)
            | Q(company_number=normalise_company_number(query))
            | Q(postcode__iexact=normalise_postcode(query))
        )
    if flag in ("sme", "vcse", "bame_led", "living_wage_employer", "needs_review"):
        queryset = queryset.filter(**{flag: True})
    if local is not None:
        queryset = queryset.filter(is_local=local)
    if organisation_id:
        queryset = queryset.filter(buyer_links__organisation_id=organisation_id)
    return (
        queryset.annotate(
            passport_count=Count("passport", distinct=True),
            expired_count=Count(
                "passport",
                filter=Q(passport__review_date__lt=timezone.localdate()),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch(
                "buyer_links",
                queryset=SupplierBuyer.objects.select_related("organisation").order_by(
                    "organisation__short_name"
                ),
            )
        )
        .order_by("name")
    )


def supplier_detail(*, collaborative, pk) -> Supplier:
    return Supplier.objects.get(collaborative=collaborative, pk=pk)


def supplier_buyers(supplier):
    return supplier.buyer_links.select_related("organisation").order_by("organisation__name")


def supplier_passport(supplier, today=None) -> list[PassportEntry]:
    return passport_entries(list(supplier.passport.all()), today)


def supplier_events(supplier):
    return EventAttendance.objects.filter(supplier=supplier).select_related("event")


def supplier_base(*, collaborative) -> dict:
    """Counts of the supplier base by flag, in one query (for the dashboard and the report)."""
    return Supplier.objects.filter(collaborative=collaborative).aggregate(
        total=Count("pk"),
        local=Count("pk", filter=Q(is_local=True)),
        sme=Count("pk", filter=Q(sme=True)),
        vcse=Count("pk", filter=Q(vcse=True)),
        bame_led=Count("pk", filter=Q(bame_led=True)),
        living_wage=Count("pk", filter=Q(living_wage_employer=True)),
        needs_review=Count("pk", filter=Q(needs_review=True)),
    )


def area_districts(*, collaborative) -> list[str]:
    return list(
        AreaDistrict.objects.filter(collaborative=collaborative)
        .order_by("district")
        .values_list("district", flat=True)
    )


def area(*, collaborative):
    return AreaDistrict.objects.filter(collaborative=collaborative).order_by("district")


def event_list(*, collaborative):
    return (
        EngagementEvent.objects.filter(collaborative=collaborative)
        .annotate(
            booked=Count("attendances", distinct=True),
            attended=Count("attendances", filter=Q(attendances__attended=True), distinct=True),
        )
        .prefetch_related("hosts")
        .order_by("-date", "title")
    )


def event_detail(*, collaborative, pk) -> EngagementEvent:
    return EngagementEvent.objects.get(collaborative=collaborative, pk=pk)


def event_attendances(event):
    return event.attendances.select_related("supplier").order_by("supplier__name")


# --- Duplicates: the register's form and every import find them the same way -------------------


def find_duplicate(*, collaborative, name="", postcode="", company_number="", exclude_pk=None):
    """The supplier this one would duplicate: same company number, or same normalised name and
    postcode. Returns (supplier, reason) or (None, "") in one query."""
    number = normalise_company_number(company_number)
    key = (normalise_name(name), normalise_postcode(postcode))
    condition = Q(normalised_name=key[0], postcode=key[1])
    if number:
        condition |= Q(company_number=number)
    queryset = Supplier.objects.filter(collaborative=collaborative).filter(condition)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    for supplier in queryset.order_by("pk")[:2]:
        if number and supplier.company_number == number:
            return supplier, f"company number {number}"
        return supplier, "the same name and postcode"
    return None, ""


class SupplierIndex:
    """Every supplier of a collaborative, loaded once (one query), to match many rows of an
    import without a query a row: by company number, by name and postcode, or by name alone."""

    def __init__(self, *, collaborative):
        self.by_number = {}
        self.by_name_postcode = {}
        self.by_name: dict[str, list] = {}
        for supplier in Supplier.objects.filter(collaborative=collaborative).only(
            "pk", "name", "normalised_name", "company_number", "postcode", "is_local"
        ):
            self.add(supplier)

    def add(self, supplier):
        if supplier.company_number:
            self.by_number[supplier.company_number] = supplier
        self.by_name_postcode[(supplier.normalised_name, supplier.postcode)] = supplier
        self.by_name.setdefault(supplier.normalised_name, []).append(supplier)

    def match(self, *, name="", postcode="", company_number=""):
        """The matching supplier, or None. A name alone matches only when exactly one supplier
        has it."""
        number = normalise_company_number(company_number)
        if number and number in self.by_number:
            return self.by_number[number]
        key = normalise_name(name)
        found = self.by_name_postcode.get((key, normalise_postcode(postcode)))
        if found is not None:
            return found
        if not postcode:
            same = self.by_name.get(key, [])
            if len(same) == 1:
                return same[0]
        return None
