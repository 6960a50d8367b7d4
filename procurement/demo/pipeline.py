"""Demo tender pipeline: two planned procurements per anchor, three of which line up into joint-
tender matches (peer support across three anchors, patient transport, building cleaning), and the
identifiers notices give the anchors as buyers. Invented for illustration; dates are relative to
today so the matches stay in the coming year. Running it again creates nothing new."""

import datetime
from decimal import Decimal

from anchors.common.history import save_with_history
from anchors.models import Membership, Organisation, Role
from procurement.finder import add_months
from procurement.models import BuyerIdentifier, PipelineItem, Supplier

S = PipelineItem.Stage
R = PipelineItem.Route

# anchor, title, CPV, value (£ net), months to publication, months to contract start,
# contract years, open to joint, incumbent supplier, route, social value %, stage
ITEMS = [
    ("Hackney Council", "Community mental health peer support", "85312000", 1_200_000, 3, 9, 3,
     True, "Hackney Wellbeing Network", R.OPEN, 20, S.PIPELINE),
    ("ELFT", "Peer support and social prescribing service", "85312400", 900_000, 4, 10, 3,
     True, "Hackney Wellbeing Network", R.COMPETITIVE_FLEXIBLE, 15, S.MARKET_ENGAGEMENT),
    ("GP Confederation", "Social prescribing link workers", "85312300", 450_000, 5, 11, 2,
     True, "", R.BELOW_THRESHOLD, 10, S.PLANNED),
    ("Homerton", "Non-emergency patient transport", "60130000", 2_400_000, 6, 12, 5,
     True, "Kent Fleet Leasing Ltd", R.OPEN, 10, S.PLANNED),
    ("ELFT", "Patient and community transport", "60130000", 1_600_000, 7, 13, 4,
     False, "Hackney Community Transport", R.OPEN, 10, S.PLANNED),
    ("City of London", "Office cleaning", "90910000", 650_000, 2, 6, 3,
     True, "Midlands Facilities Group plc", R.OPEN, 10, S.PLANNED),
    ("Hackney Council", "Cleaning of council buildings", "90911200", 1_800_000, 3, 8, 4,
     True, "Midlands Facilities Group plc", R.OPEN, 15, S.PIPELINE),
    ("NEL ICB", "Energy-efficiency surveys of the estate", "71314300", 300_000, 1, 4, 1,
     False, "", R.FRAMEWORK, 10, S.TENDER),
    ("NEL ICB", "Interpreting and translation", "79540000", 500_000, 9, 15, 3,
     False, "Haggerston Translation Ltd", R.OPEN, 10, S.PLANNED),
    ("Homerton", "Staff uniforms", "18100000", 350_000, 16, 21, 3,
     False, "Manchester Uniforms Ltd", R.FRAMEWORK, 5, S.PLANNED),
    ("City of London", "Grounds maintenance", "77314000", 400_000, 22, 27, 3,
     False, "London Fields Landscapes CIC", R.OPEN, 15, S.PLANNED),
    ("GP Confederation", "IT help desk", "72253000", 250_000, 30, 35, 3,
     False, "Croydon IT Services Ltd", R.BELOW_THRESHOLD, 5, S.PLANNED),
]  # fmt: skip

IDENTIFIERS = {
    "Hackney Council": ["GB-LAC-E09000012"],
    "City of London": ["GB-LAC-E09000001"],
    "ELFT": ["GB-NHS-RWK"],
    "Homerton": ["GB-NHS-RQX"],
    "NEL ICB": ["GB-NHS-QMF"],
}


def _facilitator_user(collaborative):
    membership = (
        Membership.objects.filter(collaborative=collaborative, role=Role.FACILITATOR)
        .select_related("person__user")
        .first()
    )
    return membership.person.user if membership and membership.person.user else None


def load_pipeline(collaborative, *, today=None) -> str:
    today = today or datetime.date.today()
    user = _facilitator_user(collaborative)
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    suppliers = {s.name: s for s in Supplier.objects.filter(collaborative=collaborative)}
    for short, identifiers in IDENTIFIERS.items():
        organisation = organisations.get(short)
        for identifier in identifiers if organisation else []:
            BuyerIdentifier.objects.get_or_create(
                collaborative=collaborative,
                identifier=identifier,
                defaults={"organisation": organisation},
            )
    made = 0
    for row in ITEMS:
        (short, title, code, value, publish, start, years, joint, incumbent, route, sv, stage) = row
        organisation = organisations.get(short)
        if (
            organisation is None
            or PipelineItem.objects.filter(
                collaborative=collaborative, organisation=organisation, title=title
            ).exists()
        ):
            continue
        contract_start = add_months(today, start).replace(day=1)
        item = PipelineItem(
            collaborative=collaborative,
            organisation=organisation,
            title=title,
            description="Illustrative demo item: invented for the demo collaborative.",
            cpv_code=code,
            estimated_value=Decimal(value),
            estimated_value_gross=Decimal(value) * Decimal("1.2"),
            planned_publication_date=add_months(today, publish).replace(day=1),
            contract_start=contract_start,
            contract_end=add_months(contract_start, 12 * years) - datetime.timedelta(days=1),
            latest_extension_date=add_months(contract_start, 12 * years + 24)
            - datetime.timedelta(days=1),
            current_contract_end=contract_start - datetime.timedelta(days=1),
            incumbent_supplier=suppliers.get(incumbent),
            procurement_route=route,
            social_value_weighting=Decimal(sv),
            open_to_joint=joint,
            suitable_sme=value < 1_000_000,
            suitable_vcse=code.startswith("853"),
            contact=f"Procurement team, {organisation.name}",
            stage=stage,
        )
        save_with_history(item, user=user, reason="Added to the pipeline (demo)")
        made += 1
    return f"{made} pipeline items."
