"""Writes to apprenticeship programmes and their apprentices: an organisation's workforce lead or
senior sponsor keeps its own, the facilitator all. Apprentices are pseudonymous references."""

import re

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version
from workforce import permissions
from workforce.models import Apprentice, ApprenticeshipProgramme
from workforce.models.geography import LSOA_CODE, DeprivationEdition
from workforce.models.programmes import REFERENCE

PROGRAMME_FIELDS = (
    "organisation",
    "standard_name",
    "level",
    "occupation",
    "places",
    "start_date",
    "duration_months",
    "training_provider",
    "funding",
    "transfer_from",
    "transfer_amount",
    "status",
)
APPRENTICE_FIELDS = ("reference", "start_date", "expected_end_date", "outcome", "home_lsoa")


def _check_programme(programme):
    require(permissions.can_edit_workforce(programme._user, programme.organisation))
    if programme.organisation.collaborative_id != programme.collaborative_id:
        raise PortalError("Select an organisation from the list", field="organisation")
    if programme.funding == ApprenticeshipProgramme.Funding.LEVY_TRANSFER:
        if programme.transfer_from is None:
            raise PortalError(
                "Select the organisation that transferred the levy", field="transfer_from"
            )
        if programme.transfer_from_id == programme.organisation_id:
            raise PortalError(
                "A levy transfer comes from another organisation", field="transfer_from"
            )
    else:
        programme.transfer_from = None
        programme.transfer_amount = None


@transaction.atomic
def programme_create(*, user, collaborative, data) -> ApprenticeshipProgramme:
    programme = copy_fields(
        ApprenticeshipProgramme(collaborative=collaborative), data, PROGRAMME_FIELDS
    )
    programme._user = user
    _check_programme(programme)
    return save_with_history(programme, user=user, reason="Programme added")


@transaction.atomic
def programme_update(*, user, programme, data, version) -> ApprenticeshipProgramme:
    require(permissions.can_edit_workforce(user, programme.organisation))
    programme = (
        ApprenticeshipProgramme.objects.select_for_update()
        .select_related("organisation__collaborative")
        .get(pk=programme.pk)
    )
    check_version(current=programme, version=version, what="programme")
    copy_fields(programme, data, PROGRAMME_FIELDS)
    programme._user = user  # moving it to another organisation needs that one too
    _check_programme(programme)
    return save_with_history(programme, user=user)


def _decile_lookup():
    """The deprivation lookup (workforce.deprivation.decile_for) where it is installed."""
    try:
        return import_string("workforce.deprivation.decile_for")
    except ImportError:
        return None


def set_home_area(apprentice, *, only_if_loaded=True):
    """Check the home LSOA and record its decile and the edition it came from; without a
    deprivation table loaded (or without the lookup) the code alone is kept."""
    code = "".join((apprentice.home_lsoa or "").split()).upper()
    apprentice.home_lsoa = code
    apprentice.edition, apprentice.imd_decile = None, None
    if not code:
        return apprentice
    if not re.match(LSOA_CODE, code):
        raise PortalError(
            f"“{code}” is not an LSOA code: enter a code like E01001808", field="home_lsoa"
        )
    lookup = _decile_lookup()
    if lookup is None:
        return apprentice
    if only_if_loaded and not DeprivationEdition.objects.filter(row_count__gt=0).exists():
        return apprentice
    found = lookup(code)  # refuses (PortalError on home_lsoa) an LSOA not in the table
    edition, decile = found if isinstance(found, tuple) else (None, found)
    if decile is not None and edition is not None:
        apprentice.edition, apprentice.imd_decile = edition, decile
    return apprentice


def _check_apprentice(apprentice):
    reference = (apprentice.reference or "").strip()
    apprentice.reference = reference
    if not re.match(REFERENCE, reference):
        # No spaces or @: a name or an email address cannot be typed here by mistake.
        raise PortalError(
            "Enter a reference of up to 30 letters, numbers, hyphens, dots or slashes, without "
            "spaces, like ELFT-A-07 (not a name or email address)",
            field="reference",
        )
    if (
        apprentice.start_date
        and apprentice.expected_end_date
        and apprentice.expected_end_date <= apprentice.start_date
    ):
        raise PortalError(
            "The expected end date must be after the start date", field="expected_end_date"
        )
    set_home_area(apprentice)


def _save_apprentice(apprentice, *, user, reason=""):
    try:
        with transaction.atomic():
            return save_with_history(apprentice, user=user, reason=reason)
    except IntegrityError as error:
        raise PortalError(
            f"{apprentice.reference} is already used for another apprentice: references are "
            "unique across the collaborative",
            field="reference",
        ) from error


def _refuse_duplicate(apprentice):
    taken = (
        Apprentice.objects.filter(
            collaborative_id=apprentice.collaborative_id, reference__iexact=apprentice.reference
        )
        .exclude(pk=apprentice.pk)
        .exists()
    )
    if taken:
        raise PortalError(
            f"{apprentice.reference} is already used for another apprentice: references are "
            "unique across the collaborative",
            field="reference",
        )


@transaction.atomic
def apprentice_create(*, user, programme, data) -> Apprentice:
    require(permissions.can_edit_workforce(user, programme.organisation))
    apprentice = copy_fields(
        Apprentice(collaborative_id=programme.collaborative_id, programme=programme),
        data,
        APPRENTICE_FIELDS,
    )
    _check_apprentice(apprentice)
    _refuse_duplicate(apprentice)
    return _save_apprentice(apprentice, user=user, reason="Apprentice added")


@transaction.atomic
def apprentice_update(*, user, apprentice, data, version) -> Apprentice:
    require(permissions.can_edit_workforce(user, apprentice.programme.organisation))
    apprentice = (
        Apprentice.objects.select_for_update()
        .select_related("programme__organisation")
        .get(pk=apprentice.pk)
    )
    check_version(current=apprentice, version=version, what="apprentice")
    copy_fields(apprentice, data, APPRENTICE_FIELDS)
    _check_apprentice(apprentice)
    _refuse_duplicate(apprentice)
    return _save_apprentice(apprentice, user=user)
