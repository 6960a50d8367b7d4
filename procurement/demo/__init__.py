"""Demo procurement data: each anchor's status on the themes and opportunities with its history,
the supplier register (60 suppliers with passports, buyers and engagement events) and the area.

Every name and figure is invented for illustration. Running it again creates nothing new.
Each part of the app adds its loader's call below.
"""

from django.db import transaction
from django.utils import timezone

from procurement.demo.pipeline import load_pipeline
from procurement.demo.resources import load_resources
from procurement.demo.spend import load_spend
from procurement.demo.status import load_status
from procurement.demo.suppliers import load_suppliers


@transaction.atomic
def load(*, collaborative, stdout=None, today=None):
    today = today or timezone.localdate()
    lines = [
        load_status(collaborative, today=today),
        load_suppliers(collaborative, today=today),
        load_resources(collaborative),
        load_pipeline(collaborative, today=today),
        load_spend(collaborative, today=today),
    ]
    if stdout is not None:
        stdout.write("Procurement: " + " ".join(lines))
    return collaborative
