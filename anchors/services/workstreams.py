"""Writes for workstreams, participation and sponsorship, and organisation updates.

Every function takes keyword arguments, runs in one transaction, checks permission itself and
records history (django-simple-history, plus the explicit status-change table).
"""

from django.db import transaction
from django.utils import timezone

from anchors import permissions
from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version, mark_changed
from anchors.models import (
    OrganisationUpdate,
    Participation,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)
from anchors.services.common import in_collaborative

WORKSTREAM_FIELDS = ("name", "purpose", "objectives", "next_workshop_on")
PARTICIPATION_FIELDS = ("lead", "sponsor", "staff_days_per_quarter", "funding", "joined_on")
UPDATE_TEXTS = ("current_focus", "challenges", "successes")


# Workstreams -------------------------------------------------------------------------------


def _check_workstream_name(collaborative, name, exclude_pk=None):
    clash = Workstream.objects.filter(collaborative=collaborative, name__iexact=name)
    if clash.exclude(pk=exclude_pk).exists():
        raise PortalError(f"Another workstream is already called “{name}”.", field="name")


@transaction.atomic
def workstream_create(*, user, collaborative, data) -> Workstream:
    require(permissions.can_manage_workstreams(user, collaborative))
    _check_workstream_name(collaborative, data["name"])
    status = data.get("status") or Workstream.Status.PROPOSED
    reason = (data.get("reason") or "").strip() or "Workstream set up."
    workstream = Workstream(collaborative=collaborative, status=status)
    copy_fields(workstream, data, WORKSTREAM_FIELDS)
    save_with_history(workstream, user=user, reason=reason)
    save_with_history(
        WorkstreamStatusChange(
            collaborative=collaborative,
            workstream=workstream,
            from_status="",
            to_status=status,
            reason=reason,
        ),
        user=user,
    )
    return workstream


@transaction.atomic
def workstream_update(*, user, workstream, data, version=None) -> Workstream:
    """Name, purpose, objectives and next meeting; the status changes only with a reason."""
    require(permissions.can_manage_workstreams(user, workstream.collaborative))
    current = Workstream.objects.select_for_update().get(pk=workstream.pk)
    check_version(current=current, version=version, what="workstream")
    if "name" in data:
        _check_workstream_name(current.collaborative, data["name"], exclude_pk=current.pk)
    copy_fields(current, data, WORKSTREAM_FIELDS)
    return save_with_history(current, user=user)


@transaction.atomic
def workstream_change_status(*, user, workstream, status, reason, version=None) -> Workstream:
    """Move a workstream to another status; who, when, from, to and the reason are recorded."""
    require(permissions.can_change_workstream_status(user, workstream))
    reason = (reason or "").strip()
    if status not in Workstream.Status.values:
        raise PortalError("Choose the new status.", field="status")
    if not reason:
        raise PortalError("Enter the reason for changing the status.", field="reason")
    current = Workstream.objects.select_for_update().get(pk=workstream.pk)
    check_version(current=current, version=version, what="workstream")
    if current.status == status:
        raise PortalError(
            f"The workstream is already {current.get_status_display().lower()}: "
            "choose a different status.",
            field="status",
        )
    change = WorkstreamStatusChange(
        collaborative=current.collaborative,
        workstream=current,
        from_status=current.status,
        to_status=status,
        reason=reason,
    )
    current.status = status
    save_with_history(current, user=user, reason=reason)
    save_with_history(change, user=user)
    return current


# Participation and sponsorship ---------------------------------------------------------------


def _check_people(collaborative, data):
    for name in ("lead", "sponsor"):
        if not in_collaborative(data.get(name), collaborative):
            raise PortalError("Choose someone in this collaborative.", field=name)


@transaction.atomic
def participation_add(*, user, workstream, data) -> Participation:
    collaborative = workstream.collaborative
    require(permissions.can_manage_workstreams(user, collaborative))
    organisation = data["organisation"]
    if not in_collaborative(organisation, collaborative):
        raise PortalError("Choose an organisation in this collaborative.", field="organisation")
    if Participation.objects.filter(workstream=workstream, organisation=organisation).exists():
        raise PortalError(
            f"{organisation.name} already takes part in {workstream.name}.", field="organisation"
        )
    _check_people(collaborative, data)
    participation = Participation(
        collaborative=collaborative, workstream=workstream, organisation=organisation
    )
    copy_fields(participation, data, PARTICIPATION_FIELDS)
    if not participation.joined_on:
        participation.joined_on = timezone.localdate()
    sponsorship = data.get("sponsorship") or Participation.Sponsorship.NOT_SOUGHT
    participation.sponsorship = sponsorship
    if sponsorship != Participation.Sponsorship.NOT_SOUGHT:
        participation.sponsorship_date = data.get("sponsorship_date") or timezone.localdate()
    return save_with_history(participation, user=user, reason="Joined the workstream")


@transaction.atomic
def participation_update(*, user, participation, data, version=None) -> Participation:
    """Lead, sponsor, resources committed: the facilitator."""
    require(permissions.can_manage_workstreams(user, participation.collaborative))
    _check_people(participation.collaborative, data)
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    check_version(current=current, version=version, what="participation")
    was_resourced = current.has_resources
    copy_fields(current, data, PARTICIPATION_FIELDS)
    if was_resourced and not current.has_resources:
        current.resources_lacking_since = timezone.localdate()
    return save_with_history(current, user=user)


@transaction.atomic
def participation_set_sponsorship(
    *, user, participation, sponsorship, on_date=None, note="", sponsor=None, version=None
) -> Participation:
    """Record where senior sponsorship stands: the facilitator or the organisation's sponsor."""
    require(permissions.can_set_sponsorship(user, participation))
    today = timezone.localdate()
    if sponsorship not in Participation.Sponsorship.values:
        raise PortalError("Choose where sponsorship stands.", field="sponsorship")
    if on_date and on_date > today:
        raise PortalError("The date cannot be in the future.", field="sponsorship_date")
    if not in_collaborative(sponsor, participation.collaborative):
        raise PortalError("Choose someone in this collaborative.", field="sponsor")
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    check_version(current=current, version=version, what="sponsorship")
    was_secured = current.has_secured_sponsor
    current.sponsorship = sponsorship
    current.sponsorship_date = on_date or (
        None if sponsorship == Participation.Sponsorship.NOT_SOUGHT else today
    )
    current.sponsorship_note = (note or "").strip()
    if sponsor is not None:
        current.sponsor = sponsor
    elif current.sponsor_id is None and sponsorship == Participation.Sponsorship.SECURED:
        # A sponsor securing their own organisation's sponsorship is the sponsor.
        person = getattr(user, "person", None)
        if person is not None and person.collaborative_id == current.collaborative_id:
            current.sponsor = person
    if was_secured and not current.has_secured_sponsor:
        current.sponsor_lacking_since = current.sponsorship_date or today
    label = Participation.Sponsorship(sponsorship).label.lower()
    reason = f"Sponsorship {label}" + (f": {current.sponsorship_note}" if note else "")
    return save_with_history(current, user=user, reason=reason)


# Organisation updates between workshops ------------------------------------------------------


def _check_texts(texts):
    if not any(texts.get(name) for name in UPDATE_TEXTS):
        raise PortalError(
            "Write at least one of current focus, challenges or successes.",
            field="current_focus",
        )


@transaction.atomic
def update_post(*, user, workstream, organisation, data) -> OrganisationUpdate:
    """An organisation's update between workshops; it appears on the workstream timeline."""
    require(permissions.can_view_workshops(user, workstream.collaborative))
    require(permissions.can_post_update(user, workstream, organisation))
    if not in_collaborative(organisation, workstream.collaborative):
        raise PortalError("Choose an organisation in this collaborative.", field="organisation")
    texts = {name: (data.get(name) or "").strip() for name in UPDATE_TEXTS}
    _check_texts(texts)
    on = data.get("date") or timezone.localdate()
    if on > timezone.localdate():
        raise PortalError("The date cannot be in the future.", field="date")
    update = OrganisationUpdate(
        collaborative=workstream.collaborative,
        workstream=workstream,
        organisation=organisation,
        date=on,
        **texts,
    )
    return save_with_history(update, user=user, reason="Update posted")


@transaction.atomic
def update_edit(*, user, update, data, version=None) -> OrganisationUpdate:
    require(permissions.can_edit_update(user, update))
    mark_changed(Workshop, update.workshop_id)
    current = OrganisationUpdate.objects.select_for_update().get(pk=update.pk)
    check_version(current=current, version=version, what="update")
    texts = {name: (data.get(name) or "").strip() for name in UPDATE_TEXTS}
    _check_texts(texts)
    copy_fields(current, texts, UPDATE_TEXTS)
    if current.workshop_id is None and data.get("date"):
        if data["date"] > timezone.localdate():
            raise PortalError("The date cannot be in the future.", field="date")
        current.date = data["date"]
    return save_with_history(current, user=user, reason="Update edited")


__all__ = [
    "participation_add",
    "participation_set_sponsorship",
    "participation_update",
    "update_edit",
    "update_post",
    "workstream_change_status",
    "workstream_create",
    "workstream_update",
]
