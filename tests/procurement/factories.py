"""Factories for procurement tests (part A: status, suppliers, passports, events, resources)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from procurement.identity import normalise_name, normalise_postcode, postcode_district
from procurement.models import (
    EngagementEvent,
    Opportunity,
    OrganisationStatus,
    PassportItem,
    Supplier,
    SupplierBuyer,
)
from tests.anchors.factories import CollaborativeFactory, OrganisationFactory


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = Opportunity

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Opportunity {n}")


class StatusFactory(DjangoModelFactory):
    """A cell on a theme (pass ``theme=``) or an opportunity (pass ``opportunity=``)."""

    class Meta:
        model = OrganisationStatus

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    level = 3
    narrative = "A policy is agreed."
    next_step = "Put it in place."
    reviewed_at = factory.LazyFunction(timezone.now)


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))
    postcode = "E8 1DY"
    postcode_district = factory.LazyAttribute(lambda o: postcode_district(o.postcode))
    sme = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["postcode"] = normalise_postcode(kwargs.get("postcode", ""))
        return super()._create(model_class, *args, **kwargs)


class BuyerFactory(DjangoModelFactory):
    class Meta:
        model = SupplierBuyer

    supplier = factory.SubFactory(SupplierFactory)
    collaborative = factory.SelfAttribute("supplier.collaborative")
    organisation = factory.SubFactory(
        OrganisationFactory, collaborative=factory.SelfAttribute("..collaborative")
    )


class PassportFactory(DjangoModelFactory):
    class Meta:
        model = PassportItem

    supplier = factory.SubFactory(SupplierFactory)
    collaborative = factory.SelfAttribute("supplier.collaborative")
    kind = PassportItem.Kind.CARBON_REDUCTION_PLAN
    dated = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    review_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=265))


class EventFactory(DjangoModelFactory):
    class Meta:
        model = EngagementEvent

    collaborative = factory.SubFactory(CollaborativeFactory)
    title = factory.Sequence(lambda n: f"Meet the buyer {n}")
    kind = EngagementEvent.Kind.MEET_THE_BUYER
    date = factory.LazyFunction(timezone.localdate)
