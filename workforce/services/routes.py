"""Writes for routes into work: volunteer programmes and school or college partnerships an anchor
runs, and the people each reached in a period with how many progressed into employment (counted,
never named)."""

from django.db import transaction

from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version
from metrics.models import ReportingPeriod
from workforce import permissions
from workforce.models import RouteActivity, RouteProgramme

PROGRAMME_FIELDS = ("kind", "partner", "activity", "active")


@transaction.atomic
def route_programme_create(*, user, organisation, data) -> RouteProgramme:
    require(permissions.can_edit_workforce(user, organisation))
    programme = RouteProgramme(collaborative=organisation.collaborative, organisation=organisation)
    copy_fields(programme, data, PROGRAMME_FIELDS)
    return save_with_history(programme, user=user, reason="Route into work added")


@transaction.atomic
def route_programme_update(*, user, programme, data, version=None) -> RouteProgramme:
    programme = (
        RouteProgramme.objects.select_for_update()
        .select_related("organisation")
        .get(pk=programme.pk)
    )
    require(permissions.can_edit_workforce(user, programme.organisation))
    check_version(current=programme, version=version, what="route into work")
    copy_fields(programme, data, PROGRAMME_FIELDS)
    return save_with_history(programme, user=user, reason="Route into work changed")


@transaction.atomic
def route_activity_save(*, user, programme, period, people_reached, progressions) -> RouteActivity:
    """The period's people reached and progressions (replacing what the period held)."""
    programme = RouteProgramme.objects.select_related("organisation").get(pk=programme.pk)
    require(permissions.can_edit_workforce(user, programme.organisation))
    if period.collaborative_id != programme.collaborative_id:
        raise PortalError("Choose a period of this collaborative.", field="period")
    if period.state != ReportingPeriod.State.OPEN:
        raise PortalError(
            f"{period.label} is closed. Ask the facilitator to reopen it.", field="period"
        )
    if progressions > people_reached:
        raise PortalError(
            f"Progressions into employment ({progressions}) cannot be more than the people "
            f"reached ({people_reached}).",
            field="progressions",
        )
    activity = (
        RouteActivity.objects.select_for_update().filter(programme=programme, period=period).first()
    ) or RouteActivity(collaborative=programme.collaborative, programme=programme, period=period)
    activity.people_reached = people_reached
    activity.progressions = progressions
    return save_with_history(activity, user=user, reason=f"{period.short_label} counted")
