"""Writes to the supplier register: suppliers (duplicates refused), buyers, passports, the area
and engagement events."""

from django.db import IntegrityError, transaction

from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version
from procurement import permissions
from procurement.identity import (
    DISTRICT_RE,
    in_area,
    is_charity_number,
    is_company_number,
    normalise_charity_number,
    normalise_company_number,
    normalise_district,
    normalise_name,
    normalise_postcode,
    postcode_district,
)
from procurement.models import (
    AreaDistrict,
    EngagementEvent,
    EventAttendance,
    PassportItem,
    Supplier,
    SupplierBuyer,
)
from procurement.selectors.suppliers import area_districts, find_duplicate

SUPPLIER_FIELDS = (
    "name",
    "company_number",
    "charity_number",
    "postcode",
    "website",
    "sme",
    "vcse",
    "bame_led",
    "living_wage_employer",
    "description",
    "needs_review",
)
PASSPORT_FIELDS = ("dated", "review_date", "scope", "link", "note")
EVENT_FIELDS = ("title", "kind", "date", "location", "description")


def prepare_supplier(supplier, *, districts):
    """Normalise what identifies the supplier and work out whether it is local (no query):
    the one place the register, the spend import and the pipeline import shape a supplier."""
    supplier.name = " ".join((supplier.name or "").split())
    supplier.normalised_name = normalise_name(supplier.name)
    supplier.company_number = normalise_company_number(supplier.company_number)
    supplier.charity_number = normalise_charity_number(supplier.charity_number)
    supplier.postcode = normalise_postcode(supplier.postcode)
    supplier.postcode_district = postcode_district(supplier.postcode)
    supplier.is_local = in_area(supplier.postcode, districts)
    if not supplier.normalised_name:
        raise PortalError("Enter the supplier’s name", field="name")
    if supplier.company_number and not is_company_number(supplier.company_number):
        raise PortalError(
            "Enter the company number as 8 characters, like 03529700 or SC123456",
            field="company_number",
        )
    if supplier.charity_number and not is_charity_number(supplier.charity_number):
        raise PortalError(
            "Enter the charity number as registered, like 1123456", field="charity_number"
        )
    if supplier.postcode and not supplier.postcode_district:
        raise PortalError("Enter a real UK postcode, like E8 1DY", field="postcode")
    return supplier


def _refuse_duplicate(supplier):
    other, reason = find_duplicate(
        collaborative=supplier.collaborative,
        name=supplier.name,
        postcode=supplier.postcode,
        company_number=supplier.company_number,
        exclude_pk=supplier.pk,
    )
    if other is not None:
        field = "company_number" if reason.startswith("company") else "name"
        raise PortalError(
            f"{other.name} is already in the register with {reason}. "
            "Open it and change that supplier instead.",
            field=field,
            code="duplicate",
        )


def _save_supplier(supplier, *, user, reason=""):
    _refuse_duplicate(supplier)
    try:
        with transaction.atomic():
            return save_with_history(supplier, user=user, reason=reason)
    except IntegrityError as error:  # two people adding the same supplier at once
        raise PortalError(
            f"{supplier.name} is already in the register.", field="name", code="duplicate"
        ) from error


@transaction.atomic
def supplier_create(*, user, collaborative, data) -> Supplier:
    require(permissions.can_keep_suppliers(user, collaborative))
    supplier = copy_fields(Supplier(collaborative=collaborative), data, SUPPLIER_FIELDS)
    prepare_supplier(supplier, districts=area_districts(collaborative=collaborative))
    return _save_supplier(supplier, user=user, reason="Added to the register")


@transaction.atomic
def supplier_update(*, user, supplier, data, version) -> Supplier:
    require(permissions.can_keep_suppliers(user, supplier.collaborative))
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    check_version(current=supplier, version=version, what="supplier")
    copy_fields(supplier, data, SUPPLIER_FIELDS)
    prepare_supplier(supplier, districts=area_districts(collaborative=supplier.collaborative))
    return _save_supplier(supplier, user=user)


@transaction.atomic
def buyer_add(*, user, supplier, organisation, what="") -> SupplierBuyer:
    allowed = permissions.buyer_organisation_ids(user, supplier.collaborative)
    require(
        permissions.can_keep_suppliers(user, supplier.collaborative)
        and (allowed is None or organisation.pk in allowed)
    )
    if organisation.collaborative_id != supplier.collaborative_id:
        raise PortalError("Select an organisation from the list", field="organisation")
    link = SupplierBuyer.objects.filter(supplier=supplier, organisation=organisation).first()
    if link is None:
        link = SupplierBuyer(
            collaborative=supplier.collaborative, supplier=supplier, organisation=organisation
        )
    link.what = what
    return save_with_history(link, user=user, reason=f"{organisation.short_name} buys from it")


@transaction.atomic
def buyer_remove(*, user, link):
    allowed = permissions.buyer_organisation_ids(user, link.collaborative)
    require(
        permissions.can_keep_suppliers(user, link.collaborative)
        and (allowed is None or link.organisation_id in allowed)
    )
    link._history_user = user
    link.delete()


@transaction.atomic
def passport_save(*, user, supplier, kind, data, version="") -> PassportItem:
    """Record or renew one passport item; an item already saved needs the version it was
    opened at."""
    require(permissions.can_keep_suppliers(user, supplier.collaborative))
    if kind not in PassportItem.Kind.values:
        raise PortalError("Select a passport item from the list")
    item = PassportItem.objects.select_for_update().filter(supplier=supplier, kind=kind).first()
    if item is None:
        item = PassportItem(collaborative=supplier.collaborative, supplier=supplier, kind=kind)
    else:
        check_version(current=item, version=version, what="passport item")
    copy_fields(item, data, PASSPORT_FIELDS)
    if item.dated and item.review_date and item.review_date < item.dated:
        raise PortalError(
            "The review date must be the same as or after the date of the document",
            field="review_date",
        )
    item.recorded_by = user
    return save_with_history(item, user=user, reason=f"{item.get_kind_display()} recorded")


def parse_districts(text) -> list[str]:
    """Postcode districts from text separated by commas, spaces or new lines, each checked."""
    districts = []
    for raw in text.replace(",", " ").split():
        district = normalise_district(raw)
        if not DISTRICT_RE.match(district):
            raise PortalError(
                f"“{raw}” is not a postcode district: enter districts like E8 or EC1V",
                field="districts",
            )
        if district not in districts:
            districts.append(district)
    if not districts:
        raise PortalError("Enter at least one postcode district", field="districts")
    return districts


@transaction.atomic
def area_set(*, user, collaborative, districts, partial=()) -> int:
    """Replace the area's districts and re-mark every supplier as local or not. Returns how many
    suppliers changed."""
    require(permissions.can_manage_area(user, collaborative))
    wanted = set(districts)
    for old in AreaDistrict.objects.filter(collaborative=collaborative):
        if old.district not in wanted:
            old._history_user = user
            old.delete()
    existing = set(area_districts(collaborative=collaborative))
    for district in districts:
        record = AreaDistrict.objects.filter(collaborative=collaborative, district=district).first()
        if record is None:
            record = AreaDistrict(collaborative=collaborative, district=district)
        if district not in existing or record.partial != (district in partial):
            record.partial = district in partial
            save_with_history(record, user=user, reason="Area changed")
    changed = 0
    for supplier in Supplier.objects.filter(collaborative=collaborative).only(
        "pk", "postcode", "is_local"
    ):
        local = in_area(supplier.postcode, wanted)
        if local != supplier.is_local:
            Supplier.objects.filter(pk=supplier.pk).update(is_local=local)
            changed += 1
    return changed


@transaction.atomic
def event_save(*, user, collaborative, data, event=None, version="") -> EngagementEvent:
    """Record an engagement event, its hosts and the suppliers who attended."""
    require(permissions.can_keep_suppliers(user, collaborative))
    if event is None:
        event = EngagementEvent(collaborative=collaborative)
    else:
        event = EngagementEvent.objects.select_for_update().get(pk=event.pk)
        check_version(current=event, version=version, what="event")
    copy_fields(event, data, EVENT_FIELDS)
    save_with_history(event, user=user)
    if "hosts" in data:
        event.hosts.set(data["hosts"])
    if "attended" in data:
        wanted = {s.pk: s for s in data["attended"]}
        for attendance in event.attendances.all():
            if attendance.supplier_id not in wanted:
                attendance._history_user = user
                attendance.delete()
        have = set(event.attendances.values_list("supplier_id", flat=True))
        for pk, supplier in wanted.items():
            if pk not in have:
                save_with_history(
                    EventAttendance(collaborative=collaborative, event=event, supplier=supplier),
                    user=user,
                )
    return event
