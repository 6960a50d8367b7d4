"""Which column of a published spend file holds what, recognised from its heading.

Bodies name the same thing differently, and the same body changes its names from month to month
(Supplier Name / Supplier, Invoice Nett Amount / Amount / NetAmount / Amount in Sterling £).
Headings are compared after normalising (case, punctuation, £); each field has names in order of
preference, so a file with both "Net Amount" and "Gross Amount" gives the net one.
"""

import hashlib
import re

SUPPLIER = "supplier"
AMOUNT = "amount"
DATE = "date"
CATEGORY = "category"
COMPANY_NUMBER = "company_number"
POSTCODE = "postcode"
REFERENCE = "reference"
DESCRIPTION = "description"
DEPARTMENT = "department"

FIELDS = {
    SUPPLIER: "Supplier",
    AMOUNT: "Amount (£, net)",
    DATE: "Date",
    CATEGORY: "Category (expense type)",
    COMPANY_NUMBER: "Company number",
    POSTCODE: "Supplier postcode",
    REFERENCE: "Transaction or invoice number",
    DESCRIPTION: "Description",
    DEPARTMENT: "Department or service area",
}
REQUIRED = (SUPPLIER, AMOUNT, DATE)

# Exact normalised headings, best first within a field.
NAMES = {
    SUPPLIER: [
        "supplier name",
        "supplier",
        "suppliername",
        "vendor name",
        "vendor",
        "payee name",
        "payee",
        "beneficiary",
        "beneficiary name",
        "creditor name",
        "creditor",
        "merchant name",
        "supplier short name",
        "recipient",
        "recipient name",
    ],
    AMOUNT: [
        "invoice nett amount",
        "nett amount",
        "net amount",
        "netamount",
        "amount net",
        "net value",
        "amount excluding vat",
        "amount exc vat",
        "amount ex vat",
        "amount in sterling",
        "amount",
        "value",
        "amount paid",
        "transaction amount",
        "invoice amount",
        "payment amount",
        "line amount",
        "total",
        "gross amount",
        "amount gross",
    ],
    DATE: [
        "paid date",
        "payment date",
        "date paid",
        "date of payment",
        "transaction date",
        "invoice creation date",
        "invoice date",
        "posting date",
        "posted date",
        "date",
        "effective date",
        "clearing date",
    ],
    CATEGORY: [
        "expense type",
        "expenditure category",
        "expenditure type",
        "expense category",
        "service category",
        "category",
        "proclass",
        "proclass description",
        "account description",
        "expense description",
        "cost type",
        "purpose",
        "subjective description",
        "account",
    ],
    COMPANY_NUMBER: [
        "company number",
        "supplier company number",
        "company registration number",
        "companies house number",
        "company reg no",
        "company no",
        "registration number",
    ],
    POSTCODE: ["supplier postcode", "postcode", "post code", "supplier post code"],
    REFERENCE: [
        "transaction number",
        "transaction no",
        "transaction id",
        "transaction reference",
        "invoice number",
        "invoice no",
        "invoice reference",
        "document number",
        "payment reference",
        "reference",
        "ap ar id t",
    ],
    DESCRIPTION: [
        "description",
        "narrative",
        "purpose of expenditure",
        "details",
        "line description",
    ],
    DEPARTMENT: [
        "expense area",
        "service area",
        "department",
        "directorate",
        "department family",
        "service",
        "cost centre",
        "cost centre description",
        "division",
    ],
}
# Words that, inside a heading, make a guess when no exact name matches.
WORDS = {
    SUPPLIER: ("supplier", "vendor", "payee", "beneficiary"),
    AMOUNT: ("amount", "nett", "net value"),
    DATE: ("date",),
}
NOT_AMOUNT = re.compile(r"\bvat\b|\bgross\b|irrecoverable|\bnumber\b|\bno\b")


def normalise(heading) -> str:
    """A heading compared without case, punctuation, £ or repeated spaces."""
    text = str(heading or "").replace("£", " ").replace("\u00a0", " ").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def recognise(headings: list[str]) -> dict[str, int]:
    """Field -> column position for the headings this module knows; each column used once."""
    names = [normalise(h) for h in headings]
    found: dict[str, int] = {}
    used: set[int] = set()
    for field, candidates in NAMES.items():
        for candidate in candidates:
            position = next(
                (i for i, n in enumerate(names) if n == candidate and i not in used), None
            )
            if position is not None:
                found[field] = position
                used.add(position)
                break
    for field, words in WORDS.items():
        if field in found:
            continue
        for i, name in enumerate(names):
            if i in used or not any(word in name for word in words):
                continue
            if field == AMOUNT and NOT_AMOUNT.search(name):
                continue
            if field == SUPPLIER and ("number" in name or " id" in f" {name}" or "type" in name):
                continue
            found[field] = i
            used.add(i)
            break
    return found


def heading_score(cells: list[str]) -> int:
    """How much a row looks like a spend file's heading row: fields it names (required fields
    count double); 0 for a row with fewer than three filled cells."""
    filled = [c for c in cells if str(c).strip()]
    if len(filled) < 3:
        return 0
    found = recognise(cells)
    return len(found) + sum(1 for field in REQUIRED if field in found)


def signature(headings: list[str]) -> str:
    """The key under which a lead's mapping of these headings is remembered: the normalised
    headings in order, hashed (the same header coming back finds the same mapping)."""
    text = "\x1f".join(normalise(h) for h in headings).rstrip("\x1f")
    return hashlib.sha256(text.encode()).hexdigest()[:40]
