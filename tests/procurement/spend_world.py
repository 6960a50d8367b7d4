"""A small register, area and metric framework for the spend tests: the hand-worked file's
suppliers (tests/procurement/files/spend/hand_worked.csv) and the four spend metrics."""

from pathlib import Path

from metrics.models import Metric
from procurement.models import AreaDistrict, Supplier
from procurement.services.suppliers import prepare_supplier
from tests.metrics.factories import MetricFactory, OutcomeFactory, PeriodFactory

FILES = Path(__file__).parent / "files" / "spend"
DISTRICTS = ["E8", "E9", "N16", "EC2"]
SUPPLIERS = [
    # name, postcode, company number, sme, vcse, bame_led
    ("Dalston Joinery Ltd", "E8 3AA", "", True, False, False),
    ("Hackney Community Trust", "E9 5LN", "", False, True, False),
    ("Pharma National plc", "SL1 4XX", "01234567", False, False, False),
    ("Shoreditch Print Works", "EC2A 3AY", "", True, False, True),
]
CODES = ("LOC-SPEND", "SME-SPEND", "VCSE-SPEND", "DIV-SPEND")


def file_bytes(name: str) -> bytes:
    return (FILES / name).read_bytes()


def build_register(collaborative) -> dict[str, Supplier]:
    for district in DISTRICTS:
        AreaDistrict.objects.create(collaborative=collaborative, district=district)
    suppliers = {}
    for name, postcode, number, sme, vcse, bame_led in SUPPLIERS:
        supplier = Supplier(
            collaborative=collaborative,
            name=name,
            postcode=postcode,
            company_number=number,
            sme=sme,
            vcse=vcse,
            bame_led=bame_led,
        )
        prepare_supplier(supplier, districts=DISTRICTS)
        supplier.save()
        suppliers[name] = supplier
    return suppliers


def build_metrics(collaborative) -> dict[str, Metric]:
    outcome = OutcomeFactory(collaborative=collaborative, name="Money circulates locally")
    return {
        code: MetricFactory(collaborative=collaborative, outcome=outcome, code=code, ratio=True)
        for code in CODES
    }


def build_period(collaborative, **kwargs):
    """2025/26 Q1, April to June 2025, open, unless told otherwise."""
    kwargs = {"financial_year": 2025, "quarter": 1, **kwargs}
    return PeriodFactory(collaborative=collaborative, **kwargs)
