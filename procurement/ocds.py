"""OCDS notices → pipeline item fields: pure functions, no database.

Reads release packages, record packages, single releases and lists of releases as Contracts
Finder (2019 onward) and Find a Tender (Procurement Act 2023, 2025 onward) publish them. Each
release maps to a ``Notice`` or, when it cannot be mapped, to a ``Rejection`` naming the reason
and the release's place in its file; every release is mapped, so a file's report names every bad
one at once (the import then writes nothing from that file, ADR 14).

What the two services write differently, and what is read here:

- CPV: ``tender.classification`` (Contracts Finder, one code) or ``tender.items[].classification``
  and ``.additionalClassifications[]`` (Find a Tender, several, no ``tender.classification``);
  codes with a check digit (``85000000-9``) or as a number (``45233130.0``).
- Notice type: ``noticeType`` (UK1 pipeline … UK4 tender, later ones) on ``planning.documents``
  or ``tender.documents``; without one (Contracts Finder) the release ``tag``.
- Value: ``value.amount`` (net) and ``value.amountGross`` (gross, often alone), on the tender or
  summed over its lots; a value in another currency than GBP is not converted (a warning says so).
- Dates: ``tender.tenderPeriod``, ``tender.contractPeriod`` or each lot's ``contractPeriod``
  (``maxExtentDate`` is the latest end with extensions), ``communication.futureNoticeDate``.
- Suitability: ``suitability.sme``/``vcse`` on the tender or its lots, and Contracts Finder's
  older ``isSuitableForSme``/``isSuitableForVco``.
- Buyer: ``buyer`` (``buyerID`` may be an empty list) and ``parties`` with the ``buyer`` role.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from procurement import cpv

MAX_BYTES = 50 * 1024 * 1024
OCID_LENGTH = 120  # PipelineItem.ocid

# Stages, in the order a procurement moves through them (values of PipelineItem.Stage).
PLANNED = "planned"
PIPELINE = "pipeline"
MARKET_ENGAGEMENT = "market_engagement"
PLANNED_PROCUREMENT = "planned_procurement"
TENDER = "tender"
AWARDED = "awarded"
CANCELLED = "cancelled"

NOTICE_STAGES = {
    "UK1": PIPELINE,
    "UK2": MARKET_ENGAGEMENT,
    "UK3": PLANNED_PROCUREMENT,
    "UK4": TENDER,
    "UK5": TENDER,  # transparency notice (a direct award is about to be made)
    "UK6": AWARDED,
    "UK7": AWARDED,
}
TAG_STAGES = {
    "planning": PLANNED_PROCUREMENT,
    "planningUpdate": PLANNED_PROCUREMENT,
    "tender": TENDER,
    "tenderAmendment": TENDER,
    "tenderUpdate": TENDER,
    "tenderCancellation": CANCELLED,
    "award": AWARDED,
    "awardUpdate": AWARDED,
    "contract": AWARDED,
    "contractUpdate": AWARDED,
    "contractAmendment": AWARDED,
    "implementation": AWARDED,
    "implementationUpdate": AWARDED,
}
ROUTES = {
    "open": "open",
    "selective": "restricted",
    "limited": "direct",
    "direct": "direct",
}
ROUTE_WORDS = (
    ("competitive flexible", "competitive_flexible"),
    ("framework", "framework"),
    ("dynamic", "framework"),
    ("call-off", "framework"),
    ("call off", "framework"),
    ("direct award", "direct"),
    ("restricted", "restricted"),
    ("below threshold", "below_threshold"),
    ("open", "open"),
)


class MappingError(Exception):
    """A release (or a whole file) that cannot be read as pipeline notices; ``reason`` says why."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Buyer:
    name: str
    identifiers: tuple[str, ...] = ()

    @property
    def normalised_name(self) -> str:
        return normalise_buyer_name(self.name)


@dataclass
class Notice:
    """One release, mapped to the pipeline item fields it gives."""

    ocid: str
    release_id: str
    published: datetime.datetime | None
    notice_type: str
    stage: str
    buyers: list[Buyer]
    title: str
    description: str = ""
    cpv_code: str = ""
    other_cpv_codes: list[str] = field(default_factory=list)
    estimated_value: Decimal | None = None
    estimated_value_gross: Decimal | None = None
    planned_publication_date: datetime.date | None = None
    contract_start: datetime.date | None = None
    contract_end: datetime.date | None = None
    latest_extension_date: datetime.date | None = None
    procurement_route: str = ""
    route_details: str = ""
    suitable_sme: bool | None = None
    suitable_vcse: bool | None = None
    contact: str = ""
    url: str = ""
    warnings: list[str] = field(default_factory=list)
    position: int = 0  # 1-based place of the release in its file

    @property
    def where(self) -> str:
        return _where(self.position, self.release_id, self.ocid)

    def item_fields(self) -> dict:
        """The pipeline item fields this notice sets (what it does not know is left out)."""
        names = (
            "title",
            "description",
            "cpv_code",
            "other_cpv_codes",
            "estimated_value",
            "estimated_value_gross",
            "planned_publication_date",
            "contract_start",
            "contract_end",
            "latest_extension_date",
            "procurement_route",
            "route_details",
            "suitable_sme",
            "suitable_vcse",
            "contact",
        )
        values = {name: getattr(self, name) for name in names}
        values = {name: value for name, value in values.items() if value not in (None, "", [])}
        values["stage"] = self.stage
        values["ocid"] = self.ocid
        return values


@dataclass
class Rejection:
    """A release that could not be mapped, and why."""

    position: int  # 1-based place of the release in its file
    release_id: str
    ocid: str
    reason: str

    @property
    def where(self) -> str:
        return _where(self.position, self.release_id, self.ocid)


def _where(position, release_id, ocid) -> str:
    """``Release 3 (050003-2026)``: the release's place in its file, and its id (else its ocid)."""
    name = release_id or ocid
    label = f"Release {position}" if position else "Release"
    return label + (f" ({name})" if name else "")


@dataclass
class MappedFile:
    notices: list[Notice] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


# --- buyer names -------------------------------------------------------------------------------

# Longest first: "nhs foundation trust" goes before "foundation trust" and "trust".
_BUYER_FORMS = sorted(
    [
        "london borough of",
        "royal borough of",
        "borough of",
        "metropolitan borough council",
        "borough council",
        "city council",
        "county council",
        "district council",
        "council",
        "nhs foundation trust",
        "nhs trust",
        "foundation trust",
        "integrated care board",
        "icb",
        "clinical commissioning group",
        "ccg",
        "corporation of",
        "corporation",
        "limited",
        "ltd",
        "plc",
        "the",
    ],
    key=len,
    reverse=True,
)
_BUYER_FORM_RE = re.compile(r"\b(?:" + "|".join(re.escape(form) for form in _BUYER_FORMS) + r")\b")
_NON_WORD = re.compile(r"[^\w\s]")


def normalise_buyer_name(name: str) -> str:
    """A buyer's name without case, punctuation or the words public bodies add to it:
    ``London Borough of Hackney``, ``Hackney Council`` and ``HACKNEY COUNCIL.`` all give
    ``hackney``; ``East London NHS Foundation Trust`` gives ``east london``."""
    # A note in brackets ("(formerly City and Hackney CCG)", "(Homerton Hospital)") says nothing
    # about who buys.
    text = re.sub(r"\([^)]*\)", " ", name or "")
    text = text.casefold().replace("&", " and ").replace("'", "").replace("’", "")
    text = _NON_WORD.sub(" ", text)
    text = " ".join(text.split())
    stripped = " ".join(_BUYER_FORM_RE.sub(" ", text).split())
    # "City of London Corporation" → "city of london"; "Corporation of London" → "london":
    # a leading "of" left behind says nothing either.
    stripped = re.sub(r"^(?:city of|of|and)\s+", "", stripped)
    return stripped or text


# --- reading a file ----------------------------------------------------------------------------


def load_json(raw: bytes):
    """The parsed JSON of an uploaded file, amounts kept exact; MappingError when it is not."""
    if len(raw) > MAX_BYTES:
        raise MappingError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MappingError("The file is not UTF-8 text, so it is not OCDS JSON.") from error
    try:
        return json.loads(text, parse_float=Decimal)
    except RecursionError as error:
        raise MappingError("The file nests too deeply to be OCDS JSON.") from error
    except ValueError as error:
        if "Extra data" in str(error):
            return _json_lines(text)
        raise MappingError(f"The file is not valid JSON: {error}.") from error


def _json_lines(text):
    """A file of one release (or package) a line, as bulk downloads give them: its releases."""
    releases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_float=Decimal)
        except (ValueError, RecursionError) as error:
            raise MappingError(f"Line {number} of the file is not valid JSON.") from error
        releases += releases_of(data)
    return releases


def releases_of(data) -> list:
    """The releases in a release package, a record package (each record's compiled release, or
    its releases), a single release or a list of releases."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise MappingError("The file holds neither an OCDS release nor a release package.")
    if isinstance(data.get("releases"), list):
        return data["releases"]
    if isinstance(data.get("records"), list):
        found = []
        for record in data["records"]:
            if isinstance(record, dict) and isinstance(record.get("compiledRelease"), dict):
                found.append(record["compiledRelease"])
            elif isinstance(record, dict) and isinstance(record.get("releases"), list):
                found += [r for r in record["releases"] if isinstance(r, dict) and "tag" in r]
            else:
                found.append(record)
        return found
    if "ocid" in data:
        return [data]
    raise MappingError(
        "The file holds neither an OCDS release nor a release package: there is no "
        '"releases" list and no "ocid".'
    )


def map_document(data) -> MappedFile:
    """Every release of ``data`` mapped, or rejected with its reason."""
    mapped = MappedFile()
    for position, release in enumerate(releases_of(data), start=1):
        try:
            notice = map_release(release)
        except MappingError as error:
            ocid = release.get("ocid", "") if isinstance(release, dict) else ""
            release_id = release.get("id", "") if isinstance(release, dict) else ""
            mapped.rejections.append(
                Rejection(
                    position=position,
                    release_id=_text(release_id),
                    ocid=_text(ocid),
                    reason=error.reason,
                )
            )
        else:
            notice.position = position
            mapped.notices.append(notice)
    return mapped


# --- one release -------------------------------------------------------------------------------


def map_release(release) -> Notice:
    """One release as a Notice; MappingError says why it cannot be one."""
    if not isinstance(release, dict):
        raise MappingError("It is not a JSON object.")
    ocid = _text(release.get("ocid"))
    if not ocid:
        raise MappingError('It has no "ocid", so it cannot be told apart from other procurements.')
    if len(ocid) > OCID_LENGTH:
        raise MappingError(
            f'Its "ocid" is {len(ocid)} characters long; an ocid is at most {OCID_LENGTH}.'
        )
    release_id = _text(release.get("id")) or ocid
    tender = _dict(release.get("tender"))
    planning = _dict(release.get("planning"))
    if not tender and not planning:
        raise MappingError("It has neither a tender nor a planning section.")
    title = _text(tender.get("title")) or _text(planning.get("project")) or ""
    if not title:
        raise MappingError("It has no tender title.")
    buyers = _buyers(release)
    if not buyers:
        raise MappingError("It names no buyer.")
    warnings: list[str] = []
    notice_type, url = _notice_type(release, release_id)
    stage = _stage(release, tender, notice_type)
    lots = [lot for lot in _list(tender.get("lots")) if isinstance(lot, dict)]

    codes = _cpv_codes(tender)
    if not codes:
        warnings.append("It gives no CPV code, so the item has no category.")
    unknown = [code for code in codes if not cpv.is_known(code)]
    if unknown:
        warnings.append("CPV codes not in CPV 2008 are kept as written: " + ", ".join(unknown))

    net, gross = _values(tender, lots, warnings)
    start, end, extension = _contract_period(release, tender, lots)
    sme, vcse = _suitability(tender, lots)
    route_details = _text(tender.get("procurementMethodDetails"))
    published = _datetime(release.get("date"))
    return Notice(
        ocid=ocid,
        release_id=release_id,
        published=published,
        notice_type=notice_type,
        stage=stage,
        buyers=buyers,
        title=title[:300],
        description=_text(tender.get("description")) or _text(planning.get("rationale")),
        cpv_code=codes[0] if codes else "",
        other_cpv_codes=codes[1:],
        estimated_value=net,
        estimated_value_gross=gross,
        planned_publication_date=_planned_publication(tender, stage, published),
        contract_start=start,
        contract_end=end,
        latest_extension_date=extension,
        procurement_route=_route(tender, route_details),
        route_details=route_details[:300],
        suitable_sme=sme,
        suitable_vcse=vcse,
        contact=_contact(release, buyers),
        url=url,
        warnings=warnings,
    )


def _buyers(release) -> list[Buyer]:
    parties = [party for party in _list(release.get("parties")) if isinstance(party, dict)]
    by_id = {_text(party.get("id")): party for party in parties if party.get("id")}
    wanted = []
    reference = _dict(release.get("buyer"))
    if reference:
        wanted.append((_text(reference.get("id")), _text(reference.get("name"))))
    for container in (release, _dict(release.get("tender"))):
        buyer_ids = container.get("buyerID")
        if isinstance(buyer_ids, str):
            buyer_ids = [buyer_ids]
        for buyer_id in _list(buyer_ids):  # an empty list names nobody
            wanted.append((_text(buyer_id), ""))
    for party in parties:
        if "buyer" in _list(party.get("roles")):
            wanted.append((_text(party.get("id")), _text(party.get("name"))))
    buyers, seen = [], set()
    for party_id, name in wanted:
        party = by_id.get(party_id, {}) if party_id else {}
        identifier = _dict(party.get("identifier"))
        name = name or _text(party.get("name")) or _text(identifier.get("legalName"))
        identifiers = [party_id] if party_id else []
        for ident in [identifier, *_list(party.get("additionalIdentifiers"))]:
            ident = _dict(ident)
            scheme, value = _text(ident.get("scheme")), _text(ident.get("id"))
            if scheme and value:
                identifiers.append(f"{scheme}-{value}")
        key = (name.casefold(), tuple(identifiers))
        if (name or identifiers) and key not in seen:
            seen.add(key)
            buyers.append(Buyer(name=name, identifiers=tuple(dict.fromkeys(identifiers))))
    return buyers


def _notice_documents(release):
    for section in ("planning", "tender"):
        for document in _list(_dict(release.get(section)).get("documents")):
            if isinstance(document, dict) and _text(document.get("noticeType")):
                yield document


def _notice_number(notice_type: str) -> int:
    match = re.match(r"^UK(\d+)$", notice_type)
    return int(match.group(1)) if match else 0


def _notice_type(release, release_id) -> tuple[str, str]:
    """The release's own notice type (UK1, UK2, …) and its URL: the document whose id is the
    release's, else the latest notice listed (a compiled release lists every earlier one)."""
    documents = list(_notice_documents(release))
    if not documents:
        for section in ("tender", "planning"):
            for document in _list(_dict(release.get(section)).get("documents")):
                if isinstance(document, dict) and _text(document.get("documentType")) in (
                    "tenderNotice",
                    "plannedProcurementNotice",
                    "contractNotice",
                ):
                    return "", _url(document.get("url"))
        return "", ""
    own = [doc for doc in documents if _text(doc.get("id")) == release_id]
    if own:
        chosen = own[-1]
    else:
        chosen = max(
            documents,
            key=lambda doc: (
                _datetime(doc.get("datePublished"))
                or datetime.datetime.min.replace(tzinfo=datetime.UTC),
                _notice_number(_text(doc.get("noticeType")).upper()),
            ),
        )
    return _text(chosen.get("noticeType")).upper(), _url(chosen.get("url"))


def _stage(release, tender, notice_type) -> str:
    if _text(tender.get("status")) in ("cancelled", "withdrawn", "unsuccessful"):
        return CANCELLED
    if notice_type in NOTICE_STAGES:
        return NOTICE_STAGES[notice_type]
    if _notice_number(notice_type) > 7:
        return AWARDED
    stages = [TAG_STAGES[tag] for tag in _list(release.get("tag")) if tag in TAG_STAGES]
    order = [PLANNED, PIPELINE, MARKET_ENGAGEMENT, PLANNED_PROCUREMENT, TENDER, AWARDED, CANCELLED]
    if stages:
        return max(stages, key=order.index)
    if _text(tender.get("status")) == "planned" or release.get("planning"):
        return PLANNED_PROCUREMENT
    return TENDER


def _cpv_codes(tender) -> list[str]:
    """Every CPV code of the tender, the main one first, each once."""
    classifications = [tender.get("classification")]
    for item in _list(tender.get("items")):
        if isinstance(item, dict):
            classifications.append(item.get("classification"))
            classifications += _list(item.get("additionalClassifications"))
    codes = []
    for classification in classifications:
        classification = _dict(classification)
        scheme = _text(classification.get("scheme")).upper()
        if scheme and scheme != "CPV":
            continue
        code = cpv.normalise_code(classification.get("id"))
        if code and code not in codes:
            codes.append(code)
    return codes


def _amount(value, key) -> tuple[Decimal | None, str]:
    value = _dict(value)
    raw = value.get(key)
    if raw is None or isinstance(raw, bool):
        return None, ""
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        return None, ""
    if not amount.is_finite() or amount < 0:
        return None, ""
    return amount.quantize(Decimal("0.01")), _text(value.get("currency")).upper() or "GBP"


def _values(tender, lots, warnings) -> tuple[Decimal | None, Decimal | None]:
    """(net, gross) in pounds: the tender's, else the sum over its lots; other currencies are not
    converted."""
    found = {}
    for key in ("amount", "amountGross"):
        amount, currency = _amount(tender.get("value"), key)
        if amount is None and key == "amount":
            amount, currency = _amount(tender.get("maxValue"), key)
        if amount is None:
            lot_amounts = [_amount(lot.get("value"), key) for lot in lots]
            lot_amounts = [pair for pair in lot_amounts if pair[0] is not None]
            if lot_amounts:
                currencies = {currency for _, currency in lot_amounts}
                currency = currencies.pop() if len(currencies) == 1 else "mixed"
                amount = sum((a for a, _ in lot_amounts), Decimal(0))
        if amount is None:
            continue
        if currency != "GBP":
            label = "net" if key == "amount" else "gross"
            warnings.append(
                f"The {label} value is given in {currency}, not pounds, so it is not recorded "
                f"({amount:,.2f} {currency})."
            )
            continue
        found[key] = amount
    if "amount" not in found and "amountGross" not in found:
        amount, currency = _amount(tender.get("minValue"), "amount")
        if amount is not None and currency == "GBP":
            found["amount"] = amount
    return found.get("amount"), found.get("amountGross")


def _period(period):
    period = _dict(period)
    start = _date(period.get("startDate"))
    end = _date(period.get("endDate"))
    if start and not end:
        days = period.get("durationInDays")
        if isinstance(days, (int, Decimal)) and not isinstance(days, bool) and 0 < days < 36600:
            end = start + datetime.timedelta(days=int(days))
    return start, end, _date(period.get("maxExtentDate"))


def _contract_period(release, tender, lots):
    """(start, end, latest end with extensions): the tender's contract period, else the span of
    its lots', else the first award's or contract's."""
    periods = [_period(tender.get("contractPeriod"))]
    if not any(periods[0]):
        periods = [_period(lot.get("contractPeriod")) for lot in lots]
    if not any(any(p) for p in periods):
        periods = [_period(_dict(a).get("contractPeriod")) for a in _list(release.get("awards"))]
        periods += [_period(_dict(c).get("period")) for c in _list(release.get("contracts"))]
    starts = [p[0] for p in periods if p[0]]
    ends = [p[1] for p in periods if p[1]]
    extensions = [p[2] for p in periods if p[2]]
    start = min(starts) if starts else None
    end = max(ends) if ends else None
    extension = max(extensions) if extensions else None
    if start and end and end < start:
        end = None
    if extension and end and extension < end:
        extension = None
    return start, end, extension


def _flag(container, *names):
    for name in names:
        value = container.get(name)
        if isinstance(value, bool):
            return value
    return None


def _suitability(tender, lots) -> tuple[bool | None, bool | None]:
    """(SME, VCSE): True when the tender or any lot says suitable, False when they say not,
    None when nothing is said."""
    result = []
    for key, old in (("sme", "isSuitableForSme"), ("vcse", "isSuitableForVco")):
        said = [_flag(_dict(tender.get("suitability")), key), _flag(tender, old)]
        said += [_flag(_dict(lot.get("suitability")), key) for lot in lots]
        said = [value for value in said if value is not None]
        result.append(any(said) if said else None)
    return result[0], result[1]


def _planned_publication(tender, stage, published) -> datetime.date | None:
    communication = _dict(tender.get("communication"))
    for value in (
        communication.get("futureNoticeDate"),
        _dict(tender.get("tenderPeriod")).get("startDate"),
        tender.get("datePublished") if stage == TENDER else None,
    ):
        day = _date(value)
        if day:
            return day
    if stage in (TENDER, AWARDED) and published:
        return published.date()
    return None


def _route(tender, details) -> str:
    text = details.casefold()
    techniques = _dict(tender.get("techniques"))
    if techniques.get("hasFrameworkAgreement") or techniques.get("hasDynamicPurchasingSystem"):
        return "framework"
    for words, route in ROUTE_WORDS:
        if words in text:
            return route
    return ROUTES.get(_text(tender.get("procurementMethod")), "")


def _contact(release, buyers) -> str:
    for party in _list(release.get("parties")):
        party = _dict(party)
        if "buyer" not in _list(party.get("roles")):
            continue
        point = _dict(party.get("contactPoint"))
        parts = [_text(point.get("name")), _text(point.get("email"))]
        text = ", ".join(part for part in parts if part)
        if text:
            return text[:200]
    return ""


# --- small readers -----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return " ".join(str(value).split())


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _url(value) -> str:
    text = _text(value)
    return text[:500] if text.startswith(("http://", "https://")) else ""


def _datetime(value) -> datetime.datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _date(value) -> datetime.date | None:
    """The calendar date as the notice writes it (an end at 23:59 stays on its day)."""
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None
