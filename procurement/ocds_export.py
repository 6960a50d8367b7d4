"""The collaborative's tender pipeline as an OCDS 1.1 release package (planning stage).

One release per pipeline item, tagged ``planning``: the buyer (the anchor) in ``parties`` and
``buyer``, ``planning.budget`` with the estimated value, and the tender as planned —
``items`` with their CPV classification, ``value`` (``amount`` net, ``amountGross``),
``contractPeriod`` (with ``maxExtentDate``), ``tenderPeriod.startDate`` (the planned publication
date), ``suitability`` (SME, VCSE) and the procurement method. An item imported from a notice keeps
its ``ocid``; others get ``<OCDS_OCID_PREFIX>-pipeline-<id>``. Pure functions: the view reads the
items, this writes the JSON, and ``procurement.ocds`` (the importer) reads it back.

Validated against the OCDS 1.1 release package schema in the tests (procurement/data/ocds/).
"""

import datetime
from decimal import Decimal

from procurement import cpv

VERSION = "1.1"
DEFAULT_PREFIX = "ocds-anchors"
# Pipeline stages as UK notice types (a planning document's ``noticeType``), so an import of the
# package puts each item back at its stage.
STAGE_NOTICES = {"pipeline": "UK1", "market_engagement": "UK2", "planned_procurement": "UK3"}
# The importer's routes, as OCDS procurementMethod codes.
METHODS = {"open": "open", "restricted": "selective", "direct": "direct"}


def ocid_for(item, prefix) -> str:
    return item.ocid or f"{prefix}-pipeline-{item.pk}"


def _money(amount) -> float | int | None:
    if amount is None:
        return None
    amount = Decimal(amount)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _date(day) -> str | None:
    """A date as OCDS wants it: a date-time (midnight UTC)."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC).isoformat()


def _value(item) -> dict | None:
    value = {}
    if item.estimated_value is not None:
        value["amount"] = _money(item.estimated_value)
    if item.estimated_value_gross is not None:
        value["amountGross"] = _money(item.estimated_value_gross)
    if value:
        value["currency"] = "GBP"
    return value or None


def _party(organisation, identifiers) -> dict:
    """The buyer: its id is one of its registered identifiers (``GB-COH-…``), which the importer
    matches first, else ``anchor-<id>``; its name is matched too."""
    party_id = identifiers[0] if identifiers else f"anchor-{organisation.pk}"
    return {"id": party_id, "name": organisation.name, "roles": ["buyer"]}


def release(item, *, prefix, identifiers=()) -> dict:
    """One pipeline item as a planning release."""
    ocid = ocid_for(item, prefix)
    updated = item.updated_at or item.created_at
    release_id = f"{ocid}-planning-{updated:%Y%m%d%H%M%S}"
    party = _party(item.organisation, identifiers)
    value = _value(item)
    codes = [code for code in [item.cpv_code, *(item.other_cpv_codes or [])] if code]
    tender = {
        "id": f"{ocid}-tender",
        "title": item.title,
        "status": "planning",
    }
    if item.description:
        tender["description"] = item.description
    if codes:
        tender["items"] = [
            {
                "id": "1",
                "description": item.title,
                "classification": {
                    "scheme": "CPV",
                    "id": codes[0],
                    "description": cpv.label(codes[0]) or codes[0],
                },
                **(
                    {
                        "additionalClassifications": [
                            {"scheme": "CPV", "id": code, "description": cpv.label(code) or code}
                            for code in codes[1:]
                        ]
                    }
                    if codes[1:]
                    else {}
                ),
            }
        ]
    if value:
        tender["value"] = value
    period = {
        key: _date(day)
        for key, day in (
            ("startDate", item.contract_start),
            ("endDate", item.contract_end),
            ("maxExtentDate", item.latest_extension_date),
        )
        if day
    }
    if period:
        tender["contractPeriod"] = period
    if item.planned_publication_date:
        tender["tenderPeriod"] = {"startDate": _date(item.planned_publication_date)}
    if item.procurement_route in METHODS:
        tender["procurementMethod"] = METHODS[item.procurement_route]
    if item.route_details:
        tender["procurementMethodDetails"] = item.route_details
    suitability = {
        key: flag
        for key, flag in (("sme", item.suitable_sme), ("vcse", item.suitable_vcse))
        if flag is not None
    }
    if suitability:
        tender["suitability"] = suitability
    planning = {"rationale": item.description} if item.description else {}
    if value and "amount" in value:
        planning["budget"] = {
            "id": f"{ocid}-budget",
            "description": f"Estimated value of {item.title}"[:300],
            "amount": {"amount": value["amount"], "currency": "GBP"},
        }
    notice = STAGE_NOTICES.get(item.stage)
    if notice:
        planning["documents"] = [
            {
                "id": release_id,
                "documentType": "plannedProcurementNotice",
                "noticeType": notice,
                "title": item.title,
            }
        ]
    if item.contact:
        party["contactPoint"] = {"name": item.contact}
    return {
        "ocid": ocid,
        "id": release_id,
        "date": updated.isoformat(),
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "en",
        "parties": [party],
        "buyer": {"id": party["id"], "name": party["name"]},
        "planning": planning,
        "tender": tender,
    }


def release_package(
    *, items, collaborative_name, uri, prefix=DEFAULT_PREFIX, identifiers=None, published=None
) -> dict:
    """The release package: ``items`` (pipeline items with their organisation), ``identifiers``
    {organisation id: [identifier, …]} for the buyers' identifiers."""
    identifiers = identifiers or {}
    published = published or datetime.datetime.now(datetime.UTC)
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": published.isoformat(),
        "publisher": {"name": collaborative_name},
        "releases": [
            release(item, prefix=prefix, identifiers=identifiers.get(item.organisation_id, ()))
            for item in items
        ],
    }
