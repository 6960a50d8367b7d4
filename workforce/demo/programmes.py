"""Demo apprenticeship programmes per anchor, with pseudonymous apprentices.

The standards are real apprenticeship standards NHS bodies and councils use; the places, dates,
providers, funding and apprentices are invented for illustration. Home areas are real City and
Hackney LSOA codes (2011 LSOAs, so the IMD 2019 table gives their deciles). Every row is an upsert
on a natural key, so loading twice creates nothing new.
"""

import datetime

from anchors.common.errors import PortalError
from anchors.demo.common import Demo
from workforce.models import Apprentice, ApprenticeshipProgramme
from workforce.services.programmes import set_home_area

P = ApprenticeshipProgramme.Status
F = ApprenticeshipProgramme.Funding

# Real LSOAs in Hackney and the City of London (IMD 2019 deciles from 1 to 5).
LSOAS = [
    "E01001714",
    "E01001811",
    "E01001800",
    "E01001735",
    "E01001746",
    "E01001767",
    "E01001725",
    "E01001779",
    "E01001789",
    "E01001823",
    "E01001833",
    "E01001843",
    "E01033700",
    "E01001756",
    "E01000003",
]

# The three Project Manager programmes (starting in three months) recruit the rotating
# apprenticeship pilot's cohort (workforce.demo.rotations).
# organisation, code, standard, level, occupation, places, months ago it started, months, provider,
# funding, (levy from, £), status, apprentices
PROGRAMMES = [
    ("Hackney Council", "HC-PM", "Project Manager", 4, "Project manager", 2, -3, 24,
     "Hackney Community College", F.LEVY, None, P.RECRUITING, 2),
    ("Hackney Council", "HC-DA", "Data Analyst", 4, "Data analyst", 3, 10, 24,
     "Multiverse", F.LEVY, None, P.RUNNING, 2),
    ("Hackney Council", "HC-CM", "Chartered Manager (degree)", 6, "Team manager", 2, 14, 48,
     "Anglia Ruskin University", F.LEVY, None, P.RUNNING, 2),
    ("City of London", "CL-PM", "Project Manager", 4, "Project manager", 2, -3, 24,
     "QA Ltd", F.LEVY, None, P.RECRUITING, 2),
    ("City of London", "CL-CM", "Chartered Manager (degree)", 6, "Service manager", 2, 20, 48,
     "Birkbeck, University of London", F.LEVY, None, P.RUNNING, 1),
    ("ELFT", "ELFT-SHSW", "Senior Healthcare Support Worker", 3, "Senior healthcare support "
     "worker", 12, 8, 18, "ELFT Learning and Development", F.LEVY, None, P.RUNNING, 4),
    ("ELFT", "ELFT-PM", "Project Manager", 4, "Project manager", 2, -3, 24,
     "QA Ltd", F.LEVY, None, P.RECRUITING, 2),
    ("ELFT", "ELFT-NA", "Nursing Associate", 5, "Nursing associate", 8, 3, 24,
     "University of East London", F.LEVY, None, P.RECRUITING, 0),
    ("NEL ICB", "ICB-DA", "Data Analyst", 4, "Business intelligence analyst", 2, 9, 24,
     "Multiverse", F.LEVY, None, P.RUNNING, 2),
    ("NEL ICB", "ICB-CM", "Chartered Manager (degree)", 6, "Commissioning manager", 1, -2, 48,
     "Anglia Ruskin University", F.LEVY, None, P.PLANNED, 0),
    ("Homerton", "HOM-SHSW", "Senior Healthcare Support Worker", 3, "Senior healthcare "
     "support worker", 10, 5, 18, "Hackney Community College", F.LEVY, None, P.RUNNING, 3),
    ("GP Confederation", "GPC-SHSW", "Senior Healthcare Support Worker", 3, "Healthcare "
     "assistant in general practice", 4, 4, 18, "Hackney Community College", F.LEVY_TRANSFER,
     ("Hackney Council", "24000.00"), P.RUNNING, 2),
]  # fmt: skip


def _months_before(day, months):
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, 1)


def _home_area(apprentice, lsoa):
    apprentice.home_lsoa = lsoa
    try:
        # Its decile from the current IMD edition (the lookup loads IMD 2019 if none is).
        set_home_area(apprentice, only_if_loaded=False)
    except (PortalError, OSError):
        apprentice.home_lsoa, apprentice.edition, apprentice.imd_decile = lsoa, None, None
    return apprentice


def load_programmes(collaborative, *, today):
    demo = Demo(collaborative)
    programmes = apprentices = 0
    area = 0
    for (
        org,
        code,
        standard,
        level,
        occupation,
        places,
        months_ago,
        months,
        provider,
        funding,
        transfer,
        status,
        count,
    ) in PROGRAMMES:
        organisation = demo.orgs[org]
        start = _months_before(today, months_ago)
        programme, created = demo.upsert(
            ApprenticeshipProgramme,
            {
                "collaborative": collaborative,
                "organisation": organisation,
                "standard_name": standard,
            },
            {
                "level": level,
                "occupation": occupation,
                "places": places,
                "start_date": start,
                "duration_months": months,
                "training_provider": provider,
                "funding": funding,
                "transfer_from": demo.orgs[transfer[0]] if transfer else None,
                "transfer_amount": transfer[1] if transfer else None,
                "status": status,
            },
        )
        programmes += created
        end = _months_before(start, -months) - datetime.timedelta(days=1)
        for n in range(1, count + 1):
            reference = f"{code}-{n:02d}"
            existing = Apprentice.objects.filter(
                collaborative=collaborative, reference=reference
            ).first()
            if existing is not None and existing.programme_id == programme.pk:
                continue
            apprentice = existing or Apprentice(collaborative=collaborative, reference=reference)
            apprentice.programme = programme
            apprentice.start_date = start
            apprentice.expected_end_date = end
            _home_area(apprentice, LSOAS[area % len(LSOAS)])
            area += 1
            apprentice._history_user = demo.facilitator
            apprentice.save()
            apprentices += existing is None
    return f"{programmes} apprenticeship programmes and {apprentices} apprentices added."
