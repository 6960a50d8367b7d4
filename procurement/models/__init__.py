from procurement.models.resources import Resource, ResourceVersion
from procurement.models.status import MATURITY_MEANING, Maturity, Opportunity, OrganisationStatus
from procurement.models.suppliers import (
    AreaDistrict,
    EngagementEvent,
    EventAttendance,
    PassportItem,
    Supplier,
    SupplierBuyer,
)

__all__ = [
    "MATURITY_MEANING",
    "AreaDistrict",
    "EngagementEvent",
    "EventAttendance",
    "Maturity",
    "Opportunity",
    "OrganisationStatus",
    "PassportItem",
    "Resource",
    "ResourceVersion",
    "Supplier",
    "SupplierBuyer",
]
