"""Factories for workforce tests: each part of the app adds its own below its heading."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.anchors.factories import OrganisationFactory
from workforce.models import (
    Apprentice,
    ApprenticeshipProgramme,
    Placement,
    Rotation,
    RotationHost,
    RotationMember,
)

START = datetime.date(2026, 4, 1)


# --- Programmes and rotations -------------------------------------------------------------------
class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = ApprenticeshipProgramme

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    standard_name = "Project Manager"
    level = 4
    occupation = "Project manager"
    places = 4
    start_date = START
    duration_months = 18
    training_provider = "City College"
    status = ApprenticeshipProgramme.Status.RUNNING


class ApprenticeFactory(DjangoModelFactory):
    class Meta:
        model = Apprentice

    programme = factory.SubFactory(ProgrammeFactory)
    collaborative = factory.SelfAttribute("programme.collaborative")
    reference = factory.Sequence(lambda n: f"TEST-A-{n:03d}")
    start_date = START
    expected_end_date = datetime.date(2027, 9, 30)


class RotationFactory(DjangoModelFactory):
    class Meta:
        model = Rotation

    name = factory.Sequence(lambda n: f"Rotation {n}")
    start_date = START
    end_date = datetime.date(2027, 9, 30)
    placement_weeks = 26
    max_gap_weeks = 2
    min_employer_weeks = 12


class HostFactory(DjangoModelFactory):
    class Meta:
        model = RotationHost

    rotation = factory.SubFactory(RotationFactory)
    collaborative = factory.SelfAttribute("rotation.collaborative")
    organisation = factory.SubFactory(
        OrganisationFactory, collaborative=factory.SelfAttribute("..collaborative")
    )
    capacity = 2


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = RotationMember

    rotation = factory.SubFactory(RotationFactory)
    collaborative = factory.SelfAttribute("rotation.collaborative")
    apprentice = factory.SubFactory(ApprenticeFactory)


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement

    host = factory.SubFactory(HostFactory)
    rotation = factory.SelfAttribute("host.rotation")
    collaborative = factory.SelfAttribute("host.collaborative")
    apprentice = factory.SubFactory(ApprenticeFactory)
    start_date = START
    end_date = datetime.date(2026, 9, 29)
    supervisor = "Head of Service"


def rotation_setting(*, collaborative, organisations, per_host=2, capacity=2):
    """A rotation hosted by ``organisations``, each employing ``per_host`` apprentices (on a
    programme of its own) who are all in the cohort; no placements yet."""
    rotation = RotationFactory(collaborative=collaborative)
    hosts, apprentices = [], []
    for organisation in organisations:
        hosts.append(HostFactory(rotation=rotation, organisation=organisation, capacity=capacity))
        programme = ProgrammeFactory(organisation=organisation)
        for _ in range(per_host):
            apprentice = ApprenticeFactory(programme=programme)
            MemberFactory(rotation=rotation, apprentice=apprentice)
            apprentices.append(apprentice)
    return rotation, hosts, apprentices


# --- Local hiring and routes into work ----------------------------------------------------------
# Real Hackney LSOAs of the IMD 2019 file (workforce/data/imd2019, File 1): code -> decile.
HACKNEY_LSOAS = {"E01001714": 1, "E01001716": 2, "E01001808": 3, "E01001836": 4}
OUTSIDE_LSOA = "E01000001"  # City of London 001A, decile 9 (in the boroughs by default)


def _edition_2019():
    from workforce.deprivation import ensure_imd2019

    return ensure_imd2019()


class StarterFactory(DjangoModelFactory):
    class Meta:
        model = "workforce.Starter"

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    period = None  # give one: PeriodFactory(collaborative=…)
    role_band = "1-3"
    start_date = factory.LazyAttribute(lambda o: o.period.start_date)
    route = "direct"
    home_lsoa = "E01001714"
    edition = factory.LazyFunction(_edition_2019)
    imd_decile = factory.LazyAttribute(
        lambda o: HACKNEY_LSOAS.get(o.home_lsoa, 9) if o.home_lsoa else None
    )
    in_area = True


class StarterCountFactory(DjangoModelFactory):
    class Meta:
        model = "workforce.StarterCount"

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    period = None
    route = "direct"
    edition = factory.LazyFunction(_edition_2019)
    decile_cutoff = 2
    starters = 10
    resident_in_area = 6
    from_deprived_deciles = 4


class RouteProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = "workforce.RouteProgramme"

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    kind = "school_college"
    partner = factory.Sequence(lambda n: f"Hackney Community College {n}")
    activity = "Work experience for level 3 health and social care students"


class RouteActivityFactory(DjangoModelFactory):
    class Meta:
        model = "workforce.RouteActivity"

    programme = factory.SubFactory(RouteProgrammeFactory)
    collaborative = factory.SelfAttribute("programme.collaborative")
    period = None
    people_reached = 20
    progressions = 3
