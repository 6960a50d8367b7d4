"""How a supplier is recognised: normalised names, company and charity numbers, postcodes.

Pure functions with no database access, shared by the supplier register's form, the spend import
and the pipeline import, so a supplier typed in by hand and one read from a file match the same way.
"""

import re

# Words that do not tell two suppliers apart: legal forms and a leading "the".
LEGAL_FORMS = {
    "ltd",
    "limited",
    "plc",
    "llp",
    "lp",
    "cic",
    "cio",
    "inc",
    "co",
    "company",
    "uk",
}
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
COMPANY_NUMBER_RE = re.compile(r"^(?:[A-Z]{2}\d{6}|\d{8})$")
CHARITY_NUMBER_RE = re.compile(r"^(?:\d{6,8}(?:-\d{1,2})?|SC\d{6}|NIC?\d{5,6})$")
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
DISTRICT_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_DISTRICT_NUMBER = re.compile(r"^[A-Z]{1,2}\d+")


def normalise_name(name: str) -> str:
    """``The Hackney Bakery Co. Ltd`` → ``hackney bakery``: case, punctuation, ``&``, legal
    forms."""
    text = (name or "").casefold().replace("&", " and ")
    text = _PUNCTUATION.sub(" ", text)
    words = _SPACES.sub(" ", text).strip().split(" ")
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return " ".join(w for w in words if w)


def normalise_company_number(value: str) -> str:
    """Companies House numbers are 8 characters: ``3529700`` → ``03529700``, ``sc123456`` →
    ``SC123456``. Returns "" for nothing; anything else comes back upper-cased for the
    validator."""
    text = re.sub(r"\s", "", value or "").upper()
    if text.isdigit() and len(text) < 8:
        text = text.zfill(8)
    return text


def is_company_number(value: str) -> bool:
    return bool(COMPANY_NUMBER_RE.match(value))


def normalise_charity_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def is_charity_number(value: str) -> bool:
    return bool(CHARITY_NUMBER_RE.match(value))


def normalise_postcode(value: str) -> str:
    """``e81dy`` → ``E8 1DY``; text that is not a postcode comes back upper-cased and trimmed."""
    text = re.sub(r"\s", "", value or "").upper()
    match = POSTCODE_RE.match(text)
    if not match:
        return " ".join((value or "").upper().split())
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(value: str) -> str:
    """The outward code: ``E8 1DY`` → ``E8``, ``EC1V 9NR`` → ``EC1V``; "" when not a postcode."""
    match = POSTCODE_RE.match(re.sub(r"\s", "", value or "").upper())
    return match.group(1) if match else ""


def normalise_district(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def in_area(postcode: str, districts) -> bool:
    """Whether a postcode lies in an area given as postcode districts.

    A listed district matches its own outward code; a listed ``EC1`` also matches ``EC1A`` …
    ``EC1Y`` (its sub-districts)."""
    district = postcode_district(postcode)
    if not district:
        return False
    wanted = set(districts)
    if district in wanted:
        return True
    whole = _DISTRICT_NUMBER.match(district)
    return bool(whole and whole.group(0) in wanted)
