"""Reads for organisation and people pages; every one runs a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from anchors.common.history import HistorySource, history_rows
from anchors.models import Invitation, Membership, Organisation, Person


def organisation_list(*, collaborative):
    """The collaborative's organisations with people counts (filters apply on top)."""
    return (
        Organisation.objects.filter(collaborative=collaborative)
        .annotate(
            people_count=Count("people", distinct=True),
            login_count=Count("people", filter=Q(people__user__isnull=False), distinct=True),
        )
        .order_by("name")
    )


def organisation_detail(*, collaborative, pk):
    return Organisation.objects.filter(collaborative=collaborative).get(pk=pk)


def organisation_people(*, organisation):
    """The organisation's people, each with every role they hold in the collaborative."""
    memberships = Membership.objects.filter(
        collaborative=organisation.collaborative
    ).select_related("organisation")
    return (
        Person.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("name")
    )


def organisation_roles(*, organisation):
    """Who holds a role for this organisation (some work elsewhere, e.g. the backbone)."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("person", "person__organisation")
        .order_by("role", "person__name")
    )


def organisation_history(*, organisation):
    """Changes to the organisation and its memberships, newest first: who, when, before, after
    (read a page at a time)."""
    return history_rows(
        HistorySource(
            Organisation.history.filter(id=organisation.pk).select_related("history_user__person"),
            label=lambda r: "Organisation details",
        ),
        HistorySource(
            Membership.history.filter(organisation_id=organisation.pk).select_related(
                "history_user__person", "person"
            ),
            label=lambda r: "Role",
            describe=lambda r: (
                f"{r.person.name if r.person else 'Someone'}: {r.get_role_display()}"
            ),
        ),
    )


def people_list(*, collaborative, organisation=None, search=None, search_email=False):
    """The collaborative's people; ``search`` matches names (and emails when ``search_email``:
    only for someone who may see every email, or a search would reveal them)."""
    qs = (
        Person.objects.filter(collaborative=collaborative)
        .select_related("organisation", "user")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
        )
    )
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if search:
        matches = Q(name__icontains=search)
        if search_email:
            matches |= Q(email__icontains=search)
        qs = qs.filter(matches)
    return qs.order_by("name")


def person_detail(*, collaborative, pk):
    return (
        Person.objects.filter(collaborative=collaborative)
        .select_related("organisation", "user")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
            Prefetch("invitations", queryset=Invitation.objects.order_by("-sent_at")),
        )
        .get(pk=pk)
    )
