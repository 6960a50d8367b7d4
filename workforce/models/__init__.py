"""Workforce: apprenticeships, rotating apprenticeships across anchors, new starters by deprivation
and routes into work. Nothing here names a person: apprentices and starters are pseudonymous rows
(a reference, a band, an area), never names, dates of birth or addresses."""

from workforce.models.geography import (
    DeprivationEdition,
    LsoaDeprivation,
    PostcodeLookupLoad,
    PostcodeLsoa,
)
from workforce.models.hiring import (
    Route,
    RouteActivity,
    RouteProgramme,
    Starter,
    StarterCount,
    WorkforceSettings,
)
from workforce.models.programmes import Apprentice, ApprenticeshipProgramme
from workforce.models.rotations import Placement, Rotation, RotationHost, RotationMember

__all__ = [
    "Apprentice",
    "ApprenticeshipProgramme",
    "DeprivationEdition",
    "LsoaDeprivation",
    "Placement",
    "PostcodeLookupLoad",
    "PostcodeLsoa",
    "Rotation",
    "RotationHost",
    "RotationMember",
    "Route",
    "RouteActivity",
    "RouteProgramme",
    "Starter",
    "StarterCount",
    "WorkforceSettings",
]
