"""Writes to rotating apprenticeships: the rotation and its state (the facilitator), hosts and the
cohort (the facilitator), placements (the facilitator, or the host's workforce lead at their own
organisation), sign-offs (each host's senior sponsor) and accepting a proposal (all or nothing).

Placements: a save that would put the apprentice in two placements at once, a host over capacity,
or a placement outside the apprenticeship's dates or the host's window is refused, naming the
clash. Gaps and too little time at the employing anchor belong to the plan as a whole: they are
allowed while it is built, listed on the page, and block activation until fixed.
"""

from django.db import transaction
from django.utils import timezone

from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version, mark_changed
from anchors.models import Person
from workforce import permissions, planner
from workforce.models import Placement, Rotation, RotationHost, RotationMember
from workforce.selectors import rotations as selectors

ROTATION_FIELDS = (
    "name",
    "description",
    "start_date",
    "end_date",
    "placement_weeks",
    "max_gap_weeks",
    "min_employer_weeks",
)
HOST_FIELDS = ("capacity", "available_from", "available_to", "supervisor")
PLACEMENT_FIELDS = (
    "apprentice",
    "host",
    "start_date",
    "end_date",
    "supervisor",
    "learning_objectives",
)


def _locked(rotation) -> Rotation:
    """The rotation's row, locked: every change to one rotation's plan is made one at a time, so
    two saves cannot together put a host over capacity."""
    return Rotation.objects.select_for_update().get(pk=rotation.pk)


def _check_dates(start, end, *, field="end_date"):
    if start and end and end <= start:
        raise PortalError("The end date must be after the start date", field=field)


@transaction.atomic
def rotation_create(*, user, collaborative, data) -> Rotation:
    require(permissions.can_manage_rotation(user, collaborative))
    rotation = copy_fields(Rotation(collaborative=collaborative), data, ROTATION_FIELDS)
    _check_dates(rotation.start_date, rotation.end_date)
    return save_with_history(rotation, user=user, reason="Rotation created")


@transaction.atomic
def rotation_update(*, user, rotation, data, version) -> Rotation:
    require(permissions.can_manage_rotation(user, rotation.collaborative))
    rotation = _locked(rotation)
    check_version(current=rotation, version=version, what="rotation")
    copy_fields(rotation, data, ROTATION_FIELDS)
    _check_dates(rotation.start_date, rotation.end_date)
    return save_with_history(rotation, user=user)


@transaction.atomic
def rotation_set_state(*, user, rotation, state, reason, version) -> Rotation:
    """Set the state with a reason. Active only when every host has signed off and the schedule
    breaks no rule; the refusal says whose sign-off is missing and what remains."""
    require(permissions.can_manage_rotation(user, rotation.collaborative))
    rotation = _locked(rotation)
    check_version(current=rotation, version=version, what="rotation")
    reason = " ".join((reason or "").split())
    if state not in Rotation.State.values:
        raise PortalError("Select a state from the list", field="state")
    if not reason:
        raise PortalError("Enter the reason for the change of state", field="reason")
    if state == rotation.state:
        raise PortalError(
            f"The rotation is already {rotation.get_state_display().lower()}", field="state"
        )
    if state == Rotation.State.ACTIVE:
        hosts = selectors.rotation_hosts(rotation)
        placements = selectors.rotation_placements(rotation)
        schedule = selectors.schedule_of(
            rotation,
            hosts=hosts,
            members=selectors.rotation_members(rotation),
            placements=placements,
        )
        ready = selectors.readiness(
            rotation, hosts=hosts, violations=planner.validate(schedule), placements=placements
        )
        if not ready.ready:
            parts = []
            if ready.missing:
                parts.append(ready.waiting_for + ".")
            if ready.violations:
                count = len(ready.violations)
                parts.append(
                    f"The schedule breaks {count} rule{'s' if count != 1 else ''}: "
                    + " ".join(v.message for v in ready.violations)
                )
            parts.extend(ready.problems)
            raise PortalError(
                "The rotation cannot be set to active. " + " ".join(parts),
                field="state",
                code="not_ready",
            )
    rotation.state = state
    rotation.state_reason = reason[:500]
    return save_with_history(rotation, user=user, reason=reason)


# --- Hosts and sign-off ---------------------------------------------------------------------
@transaction.atomic
def host_save(*, user, rotation, data, host=None, version="") -> RotationHost:
    require(permissions.can_manage_rotation(user, rotation.collaborative))
    _locked(rotation)
    if host is None:
        organisation = data.get("organisation")
        if organisation is None or organisation.collaborative_id != rotation.collaborative_id:
            raise PortalError("Select an organisation from the list", field="organisation")
        if RotationHost.objects.filter(rotation=rotation, organisation=organisation).exists():
            raise PortalError(
                f"{organisation.name} is already a host of this rotation", field="organisation"
            )
        host = RotationHost(
            collaborative_id=rotation.collaborative_id, rotation=rotation, organisation=organisation
        )
        reason = "Host added"
    else:
        host = RotationHost.objects.select_for_update().get(pk=host.pk)
        check_version(current=host, version=version, what="host")
        reason = ""
    copy_fields(host, data, HOST_FIELDS)
    _check_dates(host.available_from, host.available_to, field="available_to")
    return save_with_history(host, user=user, reason=reason)


def _person_of(user, collaborative_id):
    return Person.objects.filter(user=user, collaborative_id=collaborative_id).first()


@transaction.atomic
def host_sign_off(*, user, host, withdraw=False) -> RotationHost:
    """The host's senior sponsor signs off their organisation's part (or withdraws it)."""
    require(permissions.can_sign_off(user, host))
    rotation = _locked(host.rotation)
    host = RotationHost.objects.select_for_update().select_related("organisation").get(pk=host.pk)
    if withdraw:
        if not host.signed_off:
            raise PortalError(f"{host.organisation.name} has not signed off this rotation")
        host.signed_off_by, host.signed_off_at = None, None
        reason = "Sign-off withdrawn"
        if rotation.state == Rotation.State.ACTIVE:
            # An active rotation without every sponsor is no longer what was agreed.
            rotation.state = Rotation.State.PAUSED
            rotation.state_reason = (
                f"Paused: {host.organisation.name}'s senior sponsor withdrew their sign-off."
            )
            save_with_history(rotation, user=user, reason="Sign-off withdrawn by a host")
    else:
        if host.signed_off:
            raise PortalError(f"{host.organisation.name} has already signed off this rotation")
        person = _person_of(user, host.collaborative_id)
        if person is None:
            raise PortalError("Your sign-in is not linked to a person in this collaborative")
        host.signed_off_by, host.signed_off_at = person, timezone.now()
        reason = "Signed off by the senior sponsor"
    return save_with_history(host, user=user, reason=reason)


# --- Cohort ---------------------------------------------------------------------------------
@transaction.atomic
def member_add(*, user, rotation, apprentice) -> RotationMember:
    require(permissions.can_manage_rotation(user, rotation.collaborative))
    _locked(rotation)
    hosts = selectors.rotation_hosts(rotation)
    allowed = selectors.cohort_candidates(rotation, hosts=hosts)
    if apprentice is None or not allowed.filter(pk=apprentice.pk).exists():
        raise PortalError(
            "Select an apprentice in learning on a host's programme, not yet in the cohort",
            field="apprentice",
        )
    member = RotationMember(
        collaborative_id=rotation.collaborative_id, rotation=rotation, apprentice=apprentice
    )
    return save_with_history(member, user=user, reason="Joined the cohort")


@transaction.atomic
def member_remove(*, user, member):
    require(permissions.can_manage_rotation(user, member.rotation.collaborative))
    _locked(member.rotation)
    if Placement.objects.filter(
        rotation_id=member.rotation_id, apprentice_id=member.apprentice_id
    ).exists():
        raise PortalError(
            f"{member.apprentice.reference} has placements in this rotation: remove them first"
        )
    member._history_user = user
    member.delete()
    mark_changed(Rotation, member.rotation_id)


# --- Placements -----------------------------------------------------------------------------
def _refuse_clashes(rotation, placement):
    """Validate the plan with this placement saved; refuse a clash it takes part in, by name."""
    hosts = selectors.rotation_hosts(rotation)
    members = selectors.rotation_members(rotation)
    others = [p for p in selectors.rotation_placements(rotation) if p.pk != placement.pk]
    schedule = selectors.schedule_of(rotation, hosts=hosts, members=members, placements=others)
    mine = planner.PlanPlacement(
        apprentice=placement.apprentice_id,
        host=placement.host_id,
        start=placement.start_date,
        end=placement.end_date,
        key="this",
    )
    schedule.placements.append(mine)
    clashes = planner.clashes_of(planner.validate(schedule), "this")
    if clashes:
        fields = {
            planner.Kind.OVERLAP: "start_date",
            planner.Kind.CAPACITY: "host",
            planner.Kind.OUTSIDE_APPRENTICESHIP: "start_date",
            planner.Kind.OUTSIDE_WINDOW: "start_date",
        }
        raise PortalError(
            "This placement has not been saved because it clashes: "
            + " ".join(v.message for v in clashes),
            field=fields.get(clashes[0].kind),
            code="clash",
        )


@transaction.atomic
def placement_save(*, user, rotation, data, placement=None, version="") -> Placement:
    """Add or change a placement; the new host (and, for a change, the old one) must be one the
    user may place at."""
    rotation = _locked(rotation)
    host = data.get("host")
    if host is None or host.rotation_id != rotation.pk:
        raise PortalError("Select a host of this rotation", field="host")
    require(permissions.can_place_at(user, host))
    if placement is None:
        placement = Placement(collaborative_id=rotation.collaborative_id, rotation=rotation)
        reason = "Placement added"
    else:
        placement = (
            Placement.objects.select_for_update().select_related("host").get(pk=placement.pk)
        )
        require(permissions.can_place_at(user, placement.host))
        check_version(current=placement, version=version, what="placement")
        reason = ""
    copy_fields(placement, data, PLACEMENT_FIELDS)
    apprentice = placement.apprentice if placement.apprentice_id else None
    if (
        apprentice is None
        or not RotationMember.objects.filter(rotation=rotation, apprentice=apprentice).exists()
    ):
        raise PortalError("Select an apprentice in the cohort", field="apprentice")
    _check_dates(placement.start_date, placement.end_date)
    _refuse_clashes(rotation, placement)
    saved = save_with_history(placement, user=user, reason=reason)
    mark_changed(Rotation, rotation.pk)
    return saved


@transaction.atomic
def placement_remove(*, user, placement):
    require(permissions.can_place_at(user, placement.host))
    _locked(placement.rotation)
    placement._history_user = user
    placement.delete()
    mark_changed(Rotation, placement.rotation_id)


# --- Proposal -------------------------------------------------------------------------------
@transaction.atomic
def proposal_accept(*, user, rotation, fingerprint) -> int:
    """Replace every placement with the proposal the facilitator reviewed, all or nothing.
    Refused when the proposal would now differ (hosts or cohort changed since)."""
    require(permissions.can_manage_rotation(user, rotation.collaborative))
    rotation = _locked(rotation)
    hosts = selectors.rotation_hosts(rotation)
    members = selectors.rotation_members(rotation)
    proposal = selectors.rotation_proposal(rotation, hosts=hosts, members=members)
    if selectors.proposal_fingerprint(rotation, proposal) != fingerprint:
        raise PortalError(
            "The hosts, cohort or dates changed after the proposal was shown. Nothing has been "
            "saved: review the proposal again."
        )
    if not proposal.placements:
        raise PortalError("The proposal has no placements: nothing has been saved.")
    by_host = {h.pk: h for h in hosts}
    apprentices = {m.apprentice_id: m.apprentice for m in members}
    for old in Placement.objects.filter(rotation=rotation):
        old._history_user = user
        old._change_reason = "Replaced by an accepted proposal"
        old.delete()
    for proposed in proposal.placements:
        host = by_host[proposed.host]
        save_with_history(
            Placement(
                collaborative_id=rotation.collaborative_id,
                rotation=rotation,
                apprentice=apprentices[proposed.apprentice],
                host=host,
                start_date=proposed.start,
                end_date=proposed.end,
                supervisor=host.supervisor,
            ),
            user=user,
            reason="From an accepted proposal",
        )
    mark_changed(Rotation, rotation.pk)
    return len(proposal.placements)
