"""Demo supplier register: the City & Hackney area as postcode districts, 60 invented suppliers
with their flags, buyers and passports (some items overdue or missing), and three engagement
events with attendance. Every supplier, number and date is invented for illustration."""

import datetime
import random

from django.utils import timezone

from anchors.common.history import save_with_history
from anchors.models import Membership, Organisation, Role
from procurement.models import (
    AreaDistrict,
    EngagementEvent,
    EventAttendance,
    PassportItem,
    Supplier,
    SupplierBuyer,
)
from procurement.services.suppliers import prepare_supplier

# The London Borough of Hackney and the City of London as postcode districts. Districts shared
# with a neighbouring borough are marked partial: suppliers anywhere in them count as local.
# district -> partial
CITY_AND_HACKNEY = {
    # Hackney
    "E2": True,
    "E5": False,
    "E8": False,
    "E9": False,
    "E10": True,
    "E20": True,
    "N1": True,
    "N4": True,
    "N16": False,
    # Shoreditch and Hoxton, shared between Hackney, Islington and the City
    "EC1V": True,
    "EC2A": True,
    # The City of London
    "E1": True,
    "EC1A": True,
    "EC1M": True,
    "EC1N": True,
    "EC1Y": True,
    "EC2M": False,
    "EC2N": False,
    "EC2R": False,
    "EC2V": False,
    "EC2Y": False,
    "EC3A": False,
    "EC3M": False,
    "EC3N": True,
    "EC3R": False,
    "EC3V": False,
    "EC4A": True,
    "EC4M": False,
    "EC4N": False,
    "EC4R": False,
    "EC4V": False,
    "EC4Y": True,
}

# name, what it supplies, postcode, flags (s: SME, v: VCSE, b: BAME-led, w: Living Wage)
SUPPLIERS = [
    ("Dalston Print Co-operative", "Printing and signage", "E8 2PB", "svw"),
    ("Clapton Community Catering CIC", "Catering for events and staff canteens", "E5 0LL", "svb"),
    ("Hackney Wick Joinery Ltd", "Bespoke furniture and shopfitting", "E9 5LN", "sw"),
    ("Stoke Newington Cleaning Co-op", "Office and clinical cleaning", "N16 7XJ", "svbw"),
    ("Shoreditch Digital Studio Ltd", "Web design and accessibility audits", "EC2A 3AY", "s"),
    ("Homerton Couriers Ltd", "Same-day courier and pathology transport", "E9 6SR", "sb"),
    ("Kingsland Security Services Ltd", "Manned guarding and CCTV", "E8 4DG", "sb"),
    ("Haggerston Translation Ltd", "Interpreting and translation, 40 languages", "E2 8AA", "sb"),
    ("Mare Street Facilities Ltd", "Facilities management", "E8 3RH", "s"),
    ("London Fields Landscapes CIC", "Grounds maintenance and planting", "E8 3EU", "svw"),
    ("Hoxton Office Supplies Ltd", "Stationery and office furniture", "N1 6NU", "s"),
    ("Lea Bridge Electrical Ltd", "Electrical installation and testing", "E5 9QB", "sb"),
    ("De Beauvoir Data Ltd", "Data analysis and dashboards", "N1 5SA", "sw"),
    ("Woodberry Down Decorators", "Painting and decorating", "N4 2TH", "sb"),
    ("Finsbury Square Legal LLP", "Employment and procurement law", "EC2A 1AE", "s"),
    ("Barbican Events Ltd", "Conference and event management", "EC2Y 8DS", "s"),
    ("Aldgate IT Recycling CIC", "Refurbished laptops and secure IT disposal", "E1 8DE", "svw"),
    ("Spitalfields Coffee Roasters Ltd", "Coffee and vending", "E1 6QL", "sbw"),
    ("Moorgate Recruitment Ltd", "Temporary administrative staff", "EC2M 6SQ", "s"),
    ("Cheapside Training Partnership", "Leadership and management training", "EC2V 6DN", "sv"),
    ("Hackney Wellbeing Network", "Peer support and social prescribing", "E8 1DY", "svb"),
    ("Hackney Community Transport", "Accessible minibus and patient transport", "E8 3RL", "svw"),
    ("Dalston Youth Media CIC", "Film and video production with young people", "E8 2FS", "svb"),
    ("Clapton Textile Reuse Ltd", "Uniform and linen recycling", "E5 8BQ", "sbw"),
    ("Victoria Park Nursery CIC", "Staff childcare places", "E9 7BT", "svw"),
    ("Homerton Food Bank Trust", "Food parcels and food-waste redistribution", "E9 6AS", "v"),
    ("Stamford Hill Plumbing Ltd", "Plumbing and heating", "N16 6XS", "s"),
    ("Broadway Market Florists", "Flowers and plants for sites", "E8 4QJ", "sb"),
    ("Well Street Print and Post Ltd", "Mailing and letter services", "E9 7PX", "s"),
    ("Shacklewell Software Ltd", "Rostering software", "E8 2EB", "sb"),
    ("Bethnal Green Bikes CIC", "Cargo bike deliveries", "E2 0AN", "svw"),
    ("City Fringe Accountants LLP", "Payroll and audit support", "EC1V 4PW", "s"),
    ("Old Street Architects Ltd", "Estate design and surveys", "EC1V 9NR", "sw"),
    ("Fenchurch Insurance Brokers Ltd", "Insurance broking", "EC3M 4AJ", ""),
    ("Leadenhall Consulting Ltd", "Procurement consultancy", "EC3V 1LR", "s"),
    ("Northern Health Supplies Ltd", "Medical consumables", "M1 2WD", ""),
    ("Midlands Facilities Group plc", "Integrated facilities management", "B3 2PF", ""),
    ("Thames Gateway Waste Ltd", "Clinical and general waste", "RM9 6SJ", ""),
    ("Stratford Scaffolding Ltd", "Scaffolding and access", "E15 2QS", "sb"),
    ("Tottenham Catering Supplies Ltd", "Kitchen equipment", "N17 9LN", "sb"),
    ("Walthamstow Windows Ltd", "Window repair and glazing", "E17 7JN", "s"),
    ("Islington Legal Services", "Legal aid and advice", "N7 8QJ", "v"),
    ("Camden Print Works Ltd", "Large-format printing", "NW1 9HU", "s"),
    ("Southwark Linen Services Ltd", "Laundry and linen hire", "SE1 3ER", "s"),
    ("Barking Agency Staffing Ltd", "Agency nursing", "IG11 7NT", ""),
    ("Croydon IT Services Ltd", "IT support desk", "CR0 2NX", "s"),
    ("National Medical Gases plc", "Medical gases", "GU14 0LX", ""),
    ("Leeds Pharmacy Wholesale Ltd", "Pharmacy wholesale", "LS11 5TU", ""),
    ("Bristol Energy Advisers Ltd", "Energy audits and decarbonisation plans", "BS1 4DJ", "sw"),
    ("Manchester Uniforms Ltd", "Staff uniforms", "M4 6BF", ""),
    ("Kent Fleet Leasing Ltd", "Vehicle leasing", "ME14 5DZ", ""),
    ("Reading Software Group plc", "Finance systems", "RG1 8LS", ""),
    ("Ilford Community Interpreters", "Community interpreting", "IG1 1EE", "svb"),
    ("Newham Social Enterprise Bakery", "Bakery and sandwiches", "E13 9PJ", "svbw"),
    ("Lewisham Youth Training CIC", "Pre-employment training", "SE13 6LH", "svb"),
    ("Enfield Grounds Care Ltd", "Tree surgery", "EN3 7XU", "s"),
    ("Haringey Removals Ltd", "Office moves", "N15 4QL", "sb"),
    ("Tower Hamlets Furniture Reuse", "Reused office furniture", "E3 3DU", "svw"),
    ("Redbridge Lift Engineers Ltd", "Lift maintenance", "IG2 6NN", "s"),
    ("Greenwich Solar Co-operative", "Rooftop solar installation", "SE10 0ER", "svw"),
]
ANCHORS = ["Hackney Council", "ELFT", "Homerton", "City of London", "NEL ICB", "GP Confederation"]
EVENTS = [
    (
        "Meet the buyer: health and care",
        EngagementEvent.Kind.MEET_THE_BUYER,
        150,
        "Hackney Town Hall",
        ["Hackney Council", "ELFT", "Homerton"],
        "Local suppliers met the buyers of three anchors and heard about the coming year’s "
        "tenders.",
    ),
    (
        "Bid writing for small suppliers",
        EngagementEvent.Kind.BID_TRAINING,
        75,
        "Guildhall, City of London",
        ["City of London", "Hackney Council"],
        "A half-day workshop on answering quality and social value questions.",
    ),
    (
        "Circular economy market engagement",
        EngagementEvent.Kind.MARKET_ENGAGEMENT,
        20,
        "Online",
        ["ELFT", "NEL ICB", "City of London"],
        "Reuse and recycling suppliers told the anchors what would help them bid together.",
    ),
]


def _number(index) -> str:
    return f"{9_100_000 + index * 7_331:08d}"


def _area(collaborative, user):
    for district, partial in CITY_AND_HACKNEY.items():
        if not AreaDistrict.objects.filter(collaborative=collaborative, district=district).exists():
            save_with_history(
                AreaDistrict(collaborative=collaborative, district=district, partial=partial),
                user=user,
            )
    return list(CITY_AND_HACKNEY)


def _passport(collaborative, supplier, rng, today, user):
    """Most suppliers hold most items; a few are overdue for review, some missing."""
    kinds = list(PassportItem.Kind)
    chance = rng.random()
    held = len(kinds) if chance < 0.55 else rng.randint(1, len(kinds) - 1) if chance < 0.9 else 0
    for kind in rng.sample(kinds, held):
        if PassportItem.objects.filter(supplier=supplier, kind=kind).exists():
            continue
        age = rng.randint(20, 330) if rng.random() < 0.9 else rng.randint(370, 600)
        dated = today - datetime.timedelta(days=age)
        review = dated + datetime.timedelta(days=365)
        scope = {
            PassportItem.Kind.CARBON_REDUCTION_PLAN: rng.choice(
                ["Scopes 1 and 2", "Scopes 1, 2 and 3 (business travel, waste)"]
            ),
            PassportItem.Kind.LIVING_WAGE: "Living Wage Foundation accreditation",
            PassportItem.Kind.SOCIAL_VALUE: rng.choice(
                ["Two apprenticeships a year", "Local hiring and 20 volunteering days"]
            ),
        }.get(kind, "")
        save_with_history(
            PassportItem(
                collaborative=collaborative,
                supplier=supplier,
                kind=kind,
                dated=dated,
                review_date=review,
                scope=scope,
                link=f"https://www.example.org/suppliers/{supplier.pk}/{kind.value}",
                recorded_by=user,
            ),
            user=user,
        )


def _users(collaborative):
    memberships = Membership.objects.filter(collaborative=collaborative).select_related(
        "person__user"
    )
    return next(
        (m.person.user for m in memberships if m.role == Role.FACILITATOR and m.person.user),
        None,
    )


def load_suppliers(collaborative, *, today=None) -> str:
    today = today or timezone.localdate()
    rng = random.Random(20221026)  # noqa: S311 - illustrative data, not security
    user = _users(collaborative)
    districts = _area(collaborative, user)
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    anchors = [organisations[name] for name in ANCHORS if name in organisations]
    made = 0
    suppliers = []
    for index, (name, what, postcode, flags) in enumerate(SUPPLIERS):
        supplier = Supplier.objects.filter(collaborative=collaborative, name=name).first()
        buyers = rng.sample(anchors, min(len(anchors), rng.choice([1, 1, 2, 2, 3])))
        if supplier is None:
            supplier = Supplier(
                collaborative=collaborative,
                name=name,
                description=what,
                postcode=postcode,
                company_number="" if "v" in flags and index % 2 else _number(index),
                charity_number=f"11{index:05d}" if "v" in flags else "",
                sme="s" in flags,
                vcse="v" in flags,
                bame_led="b" in flags,
                living_wage_employer="w" in flags,
            )
            prepare_supplier(supplier, districts=districts)
            save_with_history(supplier, user=user, reason="Added to the register")
            made += 1
            for organisation in buyers:
                save_with_history(
                    SupplierBuyer(
                        collaborative=collaborative,
                        supplier=supplier,
                        organisation=organisation,
                        what=what,
                    ),
                    user=user,
                )
            _passport(collaborative, supplier, rng, today, user)
        suppliers.append(supplier)
    events = 0
    for title, kind, days_ago, location, hosts, description in EVENTS:
        if EngagementEvent.objects.filter(collaborative=collaborative, title=title).exists():
            continue
        event = save_with_history(
            EngagementEvent(
                collaborative=collaborative,
                title=title,
                kind=kind,
                date=today - datetime.timedelta(days=days_ago),
                location=location,
                description=description,
            ),
            user=user,
        )
        event.hosts.set([organisations[h] for h in hosts if h in organisations])
        for supplier in rng.sample(suppliers, 12):
            save_with_history(
                EventAttendance(
                    collaborative=collaborative,
                    event=event,
                    supplier=supplier,
                    attended=rng.random() < 0.85,
                ),
                user=user,
            )
        events += 1
    return (
        f"{made} new supplier(s), {events} new engagement event(s), "
        f"an area of {len(districts)} postcode districts."
    )
