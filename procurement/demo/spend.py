"""Demo spend: one quarter of third-party spend per anchor, each in the shape its finance team
might publish it (titles above the headings, their own column names, £ amounts, credit notes,
ledger codes, company numbers on names, withheld names), imported through the spend import as
the anchor's procurement lead would: lines matched to the register, a few national suppliers
added for review, the shares written into the spend metrics as drafts where not yet submitted.

Every supplier, amount and date is invented for illustration. Running it again imports nothing
new (an anchor with spend for the quarter is left as it is).
"""

import datetime
import random

from anchors.models import Membership, Organisation, Role
from metrics.models import ReportingPeriod
from procurement.models import SpendBatch, Supplier
from procurement.services import spend as services
from procurement.spend.values import DAY_FIRST

ANCHORS = ["Hackney Council", "ELFT", "Homerton", "City of London", "NEL ICB", "GP Confederation"]
# Suppliers outside the area the register does not hold yet: the import adds them for review.
NATIONAL = [
    ("NATIONAL MEDICAL SUPPLIES LTD", "03529700"),
    ("UK AGENCY STAFFING PLC", "04417722"),
    ("FACILITIES GROUP (UK) LTD", "SC123987"),
    ("OFFICE WORLD DIRECT LTD", "06654321"),
]
CATEGORIES = [
    ("55040", "Admin & Clerical"),
    ("41200", "Building Repairs"),
    ("42000", "Cleaning"),
    ("30100", "Medical Supplies"),
    ("51000", "Community Services"),
    ("55010", "Printing"),
    ("47000", "Agency Staff"),
    ("60010", "IT Equipment"),
]
WITHHELD = ["REDACTED PERSONAL DATA", "Private individual", "Redacted", "Personal Data"]


def _council(name, period, rows):
    """A council's "spend over £500" file: a title, the period, then its headings."""
    lines = [
        f"{name}",
        "Payments to suppliers over £500",
        f"Period:,{period.start_date:%d/%m/%Y} to {period.end_date:%d/%m/%Y}",
        "",
        "Body Name,Service Area,Expense Type,Payment Date,Transaction Number,Supplier Name,"
        "Supplier Postcode,Amount",
    ]
    for i, (supplier, postcode, amount, date, (code, label)) in enumerate(rows):
        lines.append(
            f'{name},Corporate,({code}) {label},{date:%d/%m/%Y},TN{i + 1:05d},"{supplier}",'
            f'{postcode},"{_pounds(amount)}"'
        )
    return lines


def _nhs(name, period, rows):
    """An NHS body's "expenditure over £25,000" file, its own headings and dd-Mon-yy dates."""
    lines = [
        f"{name} - Expenditure over £25,000 (and smaller items for the collaborative)",
        f"Quarter:,{period.short_label}",
        "",
        "Department family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,"
        "Amount in Sterling £,Supplier Postcode",
    ]
    for i, (supplier, postcode, amount, date, (_, label)) in enumerate(rows):
        lines.append(
            f'Department of Health,{name},{date:%d-%b-%y},{label},Operations,"{supplier}",'
            f'{5410000 + i},"{_pounds(amount)}",{postcode}'
        )
    return lines


def _pounds(amount) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def _rows(rng, register, period, organisation):
    days = (period.end_date - period.start_date).days
    rows = []
    for _ in range(rng.randrange(45, 70)):
        supplier = rng.choice(register)
        amount = rng.randrange(500_00, 60_000_00) / 100
        rows.append(
            (
                supplier.name,
                supplier.postcode,
                amount,
                _day(rng, period, days),
                rng.choice(CATEGORIES),
            )
        )
    for name, number in rng.sample(NATIONAL, 2):
        amount = rng.randrange(20_000_00, 150_000_00) / 100
        rows.append((f"{name}:{number}", "", amount, _day(rng, period, days), CATEGORIES[3]))
    for name in rng.sample(WITHHELD, 2):
        amount = rng.randrange(500_00, 3_000_00) / 100
        rows.append((name, "", amount, _day(rng, period, days), CATEGORIES[4]))
    credit = rows[0]
    rows.append((credit[0], credit[1], -round(credit[2] / 4, 2), credit[3], credit[4]))
    rows.sort(key=lambda row: row[3])
    return rows


def _day(rng, period, days):
    return period.start_date + datetime.timedelta(days=rng.randrange(0, days + 1))


def _quarter(collaborative, today):
    """The last quarter that has ended and is still open for values."""
    return (
        ReportingPeriod.objects.filter(
            collaborative=collaborative,
            state=ReportingPeriod.State.OPEN,
            end_date__lt=today,
        )
        .order_by("-end_date")
        .first()
    )


def _lead(collaborative, organisation):
    memberships = Membership.objects.filter(
        collaborative=collaborative, organisation=organisation
    ).select_related("person__user")
    roles = (Role.PROCUREMENT_LEAD, Role.FACILITATOR)
    for role in roles:
        for membership in memberships:
            if membership.role == role and membership.person.user_id:
                return membership.person.user
    facilitator = (
        Membership.objects.filter(collaborative=collaborative, role=Role.FACILITATOR)
        .select_related("person__user")
        .first()
    )
    return facilitator.person.user if facilitator else None


def load_spend(collaborative, *, today) -> str:
    period = _quarter(collaborative, today)
    register = list(Supplier.objects.filter(collaborative=collaborative).order_by("name"))
    if period is None or not register:
        return "Spend: no open quarter that has ended (or no suppliers), none loaded."
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    imported = lines = 0
    for index, short_name in enumerate(ANCHORS):
        organisation = organisations.get(short_name)
        if organisation is None:
            continue
        if SpendBatch.objects.filter(
            organisation=organisation, period=period, status=SpendBatch.Status.IMPORTED
        ).exists():
            continue
        user = _lead(collaborative, organisation)
        rng = random.Random(f"spend {short_name} {period.code}")  # noqa: S311 - illustrative
        rows = _rows(rng, register, period, organisation)
        shape = _council if index % 2 == 0 else _nhs
        text = "\r\n".join(shape(organisation.name, period, rows)) + "\r\n"
        # Some finance systems still write Windows-1252.
        data = text.encode("cp1252" if index == 3 else "utf-8-sig")
        batch = services.spend_upload(
            user=user,
            organisation=organisation,
            period=period,
            name=f"{organisation.short_name.lower().replace(' ', '-')}-spend-{period.code}.csv",
            data=data,
        )
        plan = services.spend_plan(batch=batch)
        if plan.date_order_needed:
            batch = services.spend_date_order(user=user, batch=batch, date_order=DAY_FIRST)
            plan = services.spend_plan(batch=batch)
        result = services.spend_confirm(
            user=user, batch=batch, digest=services.plan_digest(batch, plan)
        )
        imported += 1
        lines += result.lines
    return f"Spend: {imported} anchor file(s) for {period.short_label}, {lines} lines."
