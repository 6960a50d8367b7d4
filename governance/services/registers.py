"""Writes to the governance registers: groups, settings, delegated authority, barriers, the
roadmap and the self-assessment. Each checks permission, the version (edits) and keeps history."""

from django.db import transaction

from anchors.common.errors import PortalError, require
from anchors.common.history import attribute, copy_fields, save_with_history
from anchors.common.locking import check_version
from governance import permissions
from governance.models import (
    Barrier,
    Condition,
    DelegatedAuthority,
    GovernanceSettings,
    Group,
    Objective,
    Recommendation,
    SelfAssessment,
)

GROUP_FIELDS = ("name", "kind", "parent", "workstream", "chair", "cadence", "terms_of_reference")
AUTHORITY_FIELDS = ("organisation", "person", "kind", "spend_limit", "note", "reviewed_on")
BARRIER_FIELDS = ("title", "description", "category", "mitigation", "owner", "status")
RECOMMENDATION_FIELDS = ("owner", "status", "next_step", "evidence")
OBJECTIVE_FIELDS = ("title", "description", "position")


def _same_collaborative(collaborative, data, names):
    for name in names:
        value = data.get(name)
        if value is not None and getattr(value, "collaborative_id", collaborative.pk) != (
            collaborative.pk
        ):
            raise PortalError("Choose one from this collaborative.", field=name)


def _locked(instance, version, what):
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    check_version(current=current, version=version, what=what)
    return current


def _check_parent(group, parent):
    seen = set()
    while parent is not None:
        if parent.pk == group.pk or parent.pk in seen:
            raise PortalError(
                "A group cannot report to itself or to a group below it.", field="parent"
            )
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def group_save(*, user, collaborative, data, group=None, version=None) -> Group:
    """Create or edit a group of the tree, with its members."""
    require(permissions.can_manage_governance(user, collaborative))
    _same_collaborative(collaborative, data, ("parent", "workstream", "chair"))
    if group is None:
        group = Group(collaborative=collaborative)
    else:
        group = _locked(group, version, "group")
        _check_parent(group, data.get("parent"))
    if data.get("kind") != Group.Kind.WORKING:
        data = {**data, "workstream": None}
    copy_fields(group, data, GROUP_FIELDS)
    save_with_history(group, user=user, reason="Saved")
    if "members" in data:
        members = list(data["members"])
        if any(p.collaborative_id != collaborative.pk for p in members):
            raise PortalError("Choose members from this collaborative.", field="members")
        group.members.set(members)
    return group


@transaction.atomic
def settings_save(*, user, collaborative, data, version=None) -> GovernanceSettings:
    require(permissions.can_manage_governance(user, collaborative))
    current = GovernanceSettings.objects.select_for_update().filter(collaborative=collaborative)
    current = current.first()
    if current is None:
        current = GovernanceSettings(collaborative=collaborative)
    else:
        check_version(current=current, version=version, what="settings")
    current.acknowledge_within_days = data["acknowledge_within_days"]
    return save_with_history(current, user=user, reason="Settings changed")


@transaction.atomic
def authority_save(*, user, collaborative, data, authority=None, version=None):
    """Record who can commit an organisation to what; the person must belong to it."""
    require(permissions.can_manage_governance(user, collaborative))
    _same_collaborative(collaborative, data, ("organisation", "person"))
    person, organisation = data.get("person"), data.get("organisation")
    if (
        person is not None
        and organisation is not None
        and person.organisation_id != organisation.pk
    ):
        raise PortalError(
            f"{person.name} works for {person.organisation}: choose someone from {organisation}.",
            field="person",
        )
    if data.get("kind") != "spend":
        data = {**data, "spend_limit": None}
    if authority is None:
        authority = DelegatedAuthority(collaborative=collaborative)
    else:
        authority = _locked(authority, version, "delegated authority")
    copy_fields(authority, data, AUTHORITY_FIELDS)
    if (
        DelegatedAuthority.objects.filter(
            organisation=authority.organisation, person=authority.person, kind=authority.kind
        )
        .exclude(pk=authority.pk)
        .exists()
    ):
        raise PortalError(
            "This person already holds this authority: edit that entry.", field="kind"
        )
    return save_with_history(authority, user=user, reason="Saved", exclude=["collaborative"])


@transaction.atomic
def authority_remove(*, user, authority) -> None:
    require(permissions.can_manage_governance(user, authority.collaborative))
    attribute(authority, user=user, reason="Removed from the register")
    authority.delete()


@transaction.atomic
def barrier_save(*, user, collaborative, data, barrier=None, version=None) -> Barrier:
    require(permissions.can_manage_governance(user, collaborative))
    _same_collaborative(collaborative, data, ("owner",))
    if barrier is None:
        barrier = Barrier(collaborative=collaborative)
    else:
        barrier = _locked(barrier, version, "barrier")
    copy_fields(barrier, data, BARRIER_FIELDS)
    save_with_history(barrier, user=user, reason="Saved")
    for name in ("workstreams", "organisations"):
        if name in data:
            chosen = list(data[name])
            if any(thing.collaborative_id != collaborative.pk for thing in chosen):
                raise PortalError("Choose from this collaborative.", field=name)
            getattr(barrier, name).set(chosen)
    return barrier


@transaction.atomic
def recommendation_update(*, user, recommendation, data, version=None) -> Recommendation:
    require(permissions.can_manage_governance(user, recommendation.collaborative))
    _same_collaborative(recommendation.collaborative, data, ("owner",))
    current = _locked(recommendation, version, "recommendation")
    copy_fields(current, data, RECOMMENDATION_FIELDS)
    return save_with_history(current, user=user, reason="Progress updated")


@transaction.atomic
def objective_save(*, user, collaborative, data, objective=None, version=None) -> Objective:
    require(permissions.can_manage_governance(user, collaborative))
    if objective is None:
        objective = Objective(collaborative=collaborative)
    else:
        objective = _locked(objective, version, "objective")
    copy_fields(objective, data, OBJECTIVE_FIELDS)
    save_with_history(objective, user=user, reason="Saved")
    if "metrics" in data:
        metrics = list(data["metrics"])
        if any(m.collaborative_id != collaborative.pk for m in metrics):
            raise PortalError("Choose metrics of this collaborative.", field="metrics")
        objective.metrics.set(metrics)
    return objective


@transaction.atomic
def assessment_record(*, user, organisation, period, respondent, ratings) -> list[SelfAssessment]:
    """Record (or change) one core anchor's ratings of the five conditions for a quarter:
    ``ratings`` maps each condition to (score, comment). All five or nothing."""
    require(permissions.can_rate_for(user, organisation))
    if period.collaborative_id != organisation.collaborative_id:
        raise PortalError("Choose a quarter of this collaborative.", field="period")
    missing = [label for value, label in Condition.choices if value not in ratings]
    if missing:
        raise PortalError(f"Rate {missing[0].lower()} from 1 to 5.", field=f"{Condition.values[0]}")
    existing = {
        row.condition: row
        for row in SelfAssessment.objects.select_for_update().filter(
            organisation=organisation, period=period
        )
    }
    saved = []
    for condition in Condition.values:
        score, comment = ratings[condition]
        if score is None or not 1 <= int(score) <= 5:
            raise PortalError("Rate each condition from 1 to 5.", field=condition)
        row = existing.get(condition) or SelfAssessment(
            collaborative_id=organisation.collaborative_id,
            organisation=organisation,
            period=period,
            condition=condition,
        )
        row.respondent = respondent
        row.score = int(score)
        row.comment = comment or ""
        saved.append(save_with_history(row, user=user, reason="Self-assessment"))
    return saved
