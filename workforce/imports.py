"""The starters file: a CSV (or .xlsx) of an anchor's new starters, one row each — start date,
role band, route, and home LSOA (or home postcode, where a postcode lookup is loaded).

The cells are read by the metrics import's streaming readers (ADR 11, with their limits on size,
rows, columns and time); this module matches the headings, refuses columns that would carry
personal details, and hands the rows on as text. The dry run and the confirm both check every row
(``services.hiring.starters_plan``): all or nothing, each problem named by row and column.

Between the dry run and the confirm the rows travel in a signed, compressed token (Django's
``signing``): the confirm imports exactly the rows the lead saw, and nothing is kept on the
server before they confirm.
"""

import re
from pathlib import Path

from django.core import signing

from metrics.imports.csv_reader import read_csv
from metrics.imports.files import MAX_BYTES, Deadline, FileRejected, human_size

COLUMNS = ("start_date", "role_band", "route", "home_lsoa", "home_postcode")
REQUIRED = ("start_date", "role_band", "route")
ALIASES = {
    "start": "start_date",
    "started": "start_date",
    "band": "role_band",
    "role": "role_band",
    "route_into_work": "route",
    "lsoa": "home_lsoa",
    "lsoa_code": "home_lsoa",
    "home_area": "home_lsoa",
    "postcode": "home_postcode",
}
# Headings that would carry a person's identity: the file is refused, so they never arrive.
PERSONAL = re.compile(
    r"^(name|full_?name|first_?name|forename|surname|last_?name|given_?name|family_?name|"
    r"date_?of_?birth|dob|birth_?date|nhs_?number|ni_?number|national_?insurance.*|address.*|"
    r"home_?address|email.*|phone.*|telephone.*|mobile.*|employee_?(id|number)|staff_?(id|number)|"
    r"payroll_?(id|number))$"
)
MAX_STARTER_ROWS = 5_000
SALT = "workforce.starters_import"
TOKEN_AGE = 60 * 60 * 24  # a day to confirm what was checked
TEMPLATE = "start_date,role_band,route,home_lsoa\n2026-04-14,1-3,direct,E01001808\n"


def _canonical(heading) -> str:
    text = re.sub(r"[\s\-]+", "_", str(heading).strip().lower()).strip("_")
    return ALIASES.get(text, text)


def read_starters(*, name: str, data: bytes) -> tuple[list, list]:
    """The file's rows as (row number, {column: text}) and the headings ignored; FileRejected
    naming the problem when the file as a whole cannot be taken."""
    from metrics.imports.xlsx_reader import read_xlsx  # here: openpyxl, for .xlsx files only

    name = Path(name or "upload").name
    extension = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise FileRejected(
            f"“{name}” is {human_size(len(data))}; the largest file accepted is "
            f"{human_size(MAX_BYTES)}."
        )
    if not data.strip():
        raise FileRejected(f"“{name}” is empty: there is nothing in it to import.")
    deadline = Deadline(name)
    if extension in (".xlsx", ".xlsm"):
        sheet = read_xlsx(name, data, deadline)
    elif extension in (".csv", ".txt"):
        sheet = read_csv(name, data, deadline)
    else:
        raise FileRejected(f"“{name}” is not a CSV or Excel file: upload a .csv or .xlsx file.")
    found, ignored = {}, []
    for position, heading in enumerate(sheet.headings):
        column = _canonical(heading)
        if not column:
            continue
        if PERSONAL.match(column):
            raise FileRejected(
                f"“{name}” has a column “{heading}”. The portal records starters without names, "
                "dates of birth, addresses or staff numbers: delete that column and upload the "
                "file again."
            )
        if column in found:
            raise FileRejected(f"“{name}” has two columns called “{column}”: keep one.")
        if column in COLUMNS:
            found[column] = position
        else:
            ignored.append(str(heading))
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise FileRejected(
            f"“{name}” has no {', '.join('“' + m + '”' for m in missing)} column. The first row "
            f"must be the headings: {', '.join(COLUMNS)} (home_lsoa or home_postcode)."
        )
    frame = sheet.frame
    rows = []
    for values in zip(
        frame["_row"].tolist(),
        *(frame[found[c]].tolist() for c in found),
        strict=True,
    ):
        cells = {
            c: (str(v) if v is not None else "").strip()
            for c, v in zip(found, values[1:], strict=True)
        }
        if any(cells.values()):
            rows.append((int(values[0]), cells))
    if not rows:
        raise FileRejected(f"“{name}” has headings but no rows of starters underneath them.")
    if len(rows) > MAX_STARTER_ROWS:
        raise FileRejected(
            f"“{name}” has {len(rows):,} starters; the most accepted in one file is "
            f"{MAX_STARTER_ROWS:,}. Split it into smaller files."
        )
    return rows, ignored


def rows_token(*, organisation_id: int, name: str, rows) -> str:
    return signing.dumps(
        {"o": organisation_id, "n": name, "r": [[r, c] for r, c in rows]}, salt=SALT, compress=True
    )


def rows_from_token(token: str, *, organisation_id: int) -> tuple[str, list]:
    """The checked rows back from the confirm form; anything tampered with or stale is refused."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=TOKEN_AGE)
    except signing.BadSignature as error:
        raise FileRejected(
            "The checked file has expired or was changed. Upload it again to check it."
        ) from error
    if payload.get("o") != organisation_id:
        raise FileRejected("The checked file was for another organisation. Upload it again.")
    return payload["n"], [(int(r), dict(c)) for r, c in payload["r"]]
