from procurement.models.pipeline import (
    BuyerIdentifier,
    JointProposal,
    PipelineItem,
    PipelineNotice,
)
from procurement.models.resources import Resource, ResourceVersion
from procurement.models.spend import DateOrder, SpendBatch, SpendLine, SpendMapping
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
    "BuyerIdentifier",
    "EngagementEvent",
    "EventAttendance",
    "JointProposal",
    "Maturity",
    "Opportunity",
    "OrganisationStatus",
    "PassportItem",
    "PipelineItem",
    "PipelineNotice",
    "Resource",
    "ResourceVersion",
    "DateOrder",
    "SpendBatch",
    "SpendLine",
    "SpendMapping",
    "Supplier",
    "SupplierBuyer",
]
