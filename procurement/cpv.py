"""The Common Procurement Vocabulary (CPV 2008) shipped as project data (``procurement/data``).

Codes are stored as their 8 digits. The hierarchy is in the digits: 2 the division, 3 the group,
4 the class, 5 the category, trailing zeros padding the rest. Notices write codes with a check
digit (``85000000-9``), as a number (``45233130.0``) or with a leading zero lost (``3000000``):
``normalise_code`` turns all of those into the 8 digits.
"""

import csv
import re
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "cpv2008.csv"

# The prefix lengths the joint-tender finder can group by.
DEPTHS = {2: "division", 3: "group", 4: "class"}

_CODE_RE = re.compile(r"^\s*(\d{7,8})(?:\.0+)?(?:\s*-\s*\d)?\s*$")


@cache
def vocabulary() -> dict[str, str]:
    """Every CPV code (8 digits) with its English description."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["description"] for row in csv.DictReader(handle)}


def normalise_code(raw) -> str | None:
    """The 8 digits of a CPV code as notices write it, or None when it is not one.

    ``"85000000-9"`` (check digit), ``"45233130.0"`` (written as a number), ``45233130`` (an
    int) and ``"3000000"`` (leading zero lost) all give 8 digits.
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        raw = str(raw)
    elif isinstance(raw, float):
        if not raw.is_integer():
            return None
        raw = str(int(raw))
    match = _CODE_RE.match(str(raw))
    if not match:
        return None
    return match.group(1).zfill(8)


def label(code: str) -> str:
    """The description of a code, or "" for a code not in CPV 2008."""
    return vocabulary().get(code or "", "")


def is_known(code: str) -> bool:
    return code in vocabulary()


def prefix(code: str, depth: int) -> str:
    """The first ``depth`` digits: the division (2), group (3) or class (4) the code falls in."""
    return (code or "")[:depth]


def prefix_label(code_prefix: str) -> str:
    """The description of a division, group or class, from its code padded with zeros."""
    return label(code_prefix.ljust(8, "0"))


def search(term: str, *, limit: int = 20) -> list[tuple[str, str]]:
    """Codes whose code or description contains ``term`` (for the pipeline form's hint)."""
    term = (term or "").strip().lower()
    if not term:
        return []
    found = []
    for code, description in vocabulary().items():
        if code.startswith(term) or term in description.lower():
            found.append((code, description))
            if len(found) >= limit:
                break
    return found
