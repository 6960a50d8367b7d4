"""Factories for the tender pipeline's tests (part B)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from procurement.models import PipelineItem
from tests.anchors.factories import OrganisationFactory


class PipelineItemFactory(DjangoModelFactory):
    class Meta:
        model = PipelineItem

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    title = factory.Sequence(lambda n: f"Planned procurement {n}")
    cpv_code = "85312000"
    estimated_value = Decimal("100000.00")
    planned_publication_date = datetime.date(2027, 1, 1)
    contract_start = datetime.date(2027, 6, 1)
    contract_end = datetime.date(2030, 5, 31)
