"""Governance test data: a tree (HWB → board → steering group → working group), escalations,
delegated authority, barriers."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from governance.models import Barrier, DelegatedAuthority, Escalation, Group


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Group {n}")
    kind = Group.Kind.STEERING


class EscalationFactory(DjangoModelFactory):
    class Meta:
        model = Escalation

    title = factory.Sequence(lambda n: f"Escalation {n}")
    ask = Escalation.Ask.DECISION
    detail = "Decide whether to align the tender timetables."
    impact = "The windows close."
    needed_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = DelegatedAuthority

    kind = "joint_procurement"
    reviewed_on = factory.LazyFunction(timezone.localdate)


class BarrierFactory(DjangoModelFactory):
    class Meta:
        model = Barrier

    title = factory.Sequence(lambda n: f"Barrier {n}")
    category = Barrier.Category.TIMELINE


def governance_tree(*, collaborative, sponsor=None, facilitator=None, workstream=None, label=""):
    """HWB → senior leaders' board (the sponsor sits on it) → steering group (the facilitator
    chairs it) → a working group for the workstream, if given."""
    prefix = f"{label} " if label else ""
    hwb = GroupFactory(collaborative=collaborative, name=f"{prefix}HWB", kind=Group.Kind.HWB)
    board = GroupFactory(
        collaborative=collaborative,
        name=f"{prefix}Senior leaders' board",
        kind=Group.Kind.SENIOR_BOARD,
        parent=hwb,
    )
    steering = GroupFactory(
        collaborative=collaborative,
        name=f"{prefix}Steering group",
        kind=Group.Kind.STEERING,
        parent=board,
        chair=facilitator.person if facilitator else None,
    )
    if sponsor is not None:
        board.members.add(sponsor.person)
    if facilitator is not None:
        steering.members.add(facilitator.person)
    working = None
    if workstream is not None:
        working = GroupFactory(
            collaborative=collaborative,
            name=f"{prefix}Working group",
            kind=Group.Kind.WORKING,
            parent=steering,
            workstream=workstream,
        )
    return {"hwb": hwb, "board": board, "steering": steering, "working": working}


def escalation_to(group, *, raised_by, days_ago=0, **fields):
    today = timezone.localdate()
    return EscalationFactory(
        collaborative=group.collaborative,
        addressed_group=group,
        raised_by=raised_by,
        raised_on=today - datetime.timedelta(days=days_ago),
        addressed_on=today - datetime.timedelta(days=days_ago),
        **fields,
    )
