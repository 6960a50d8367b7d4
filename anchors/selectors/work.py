"""Reads for workstreams, the workshop log, actions and the home page.

Every function runs a fixed number of queries whatever the number of rows: related rows come with
select_related/prefetch_related, counts are subqueries.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from anchors.models import (
    Action,
    ActionReminder,
    Attendance,
    Organisation,
    OrganisationUpdate,
    Participation,
    Person,
    Speaker,
    Theme,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)
from anchors.selectors.history import history_entries

SECURED = Participation.Sponsorship.SECURED
STATUS_ORDER = Case(
    When(status=Workstream.Status.ACTIVE, then=Value(0)),
    When(status=Workstream.Status.PROPOSED, then=Value(1)),
    When(status=Workstream.Status.PAUSED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _count(source, *, field="pk", distinct=False, link="workshop"):
    """A correlated COUNT of rows (a model or queryset) pointing at the outer row (0 when none)."""
    rows = source if isinstance(source, QuerySet) else source.objects.all()
    rows = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


# Workstreams -------------------------------------------------------------------------------


def workstream_list(*, collaborative):
    """Workstreams with participant, sponsor, resource and workshop counts; active first."""
    resourced = Q(participations__staff_days_per_quarter__gt=0) | Q(participations__funding__gt=0)
    return (
        Workstream.objects.filter(collaborative=collaborative)
        .annotate(
            participant_count=Count("participations", distinct=True),
            secured_count=Count(
                "participations", filter=Q(participations__sponsorship=SECURED), distinct=True
            ),
            resourced_count=Count("participations", filter=resourced, distinct=True),
            workshop_count=_count(Workshop, link="workstream"),
            last_workshop=Subquery(
                Workshop.objects.filter(workstream=OuterRef("pk"), date__lte=timezone.localdate())
                .order_by("-date")
                .values("date")[:1]
            ),
            status_order=STATUS_ORDER,
        )
        .annotate(unsponsored_count=F("participant_count") - F("secured_count"))
        .order_by("status_order", "name")
    )


def workstream_detail(*, collaborative, pk):
    return Workstream.objects.filter(collaborative=collaborative).get(pk=pk)


@dataclass
class ParticipantHealth:
    """One participant's authorising environment: sponsor and resources, and how long lacking."""

    participation: Participation
    lacks_sponsor: bool
    sponsor_since: date | None
    sponsor_days: int | None
    lacks_resources: bool
    resources_since: date | None
    resources_days: int | None

    @property
    def healthy(self):
        return not (self.lacks_sponsor or self.lacks_resources)


@dataclass
class WorkstreamHealth:
    participants: list[ParticipantHealth] = field(default_factory=list)

    @property
    def total(self):
        return len(self.participants)

    @property
    def secured(self):
        return sum(1 for p in self.participants if not p.lacks_sponsor)

    @property
    def resourced(self):
        return sum(1 for p in self.participants if not p.lacks_resources)

    @property
    def gaps(self):
        """Participants lacking a sponsor or resources, longest-standing gap first."""
        lacking = [p for p in self.participants if not p.healthy]
        return sorted(lacking, key=lambda p: -max(p.sponsor_days or 0, p.resources_days or 0))

    @property
    def healthy(self):
        return self.total > 0 and not self.gaps


def _days(since, today):
    return max((today - since).days, 0) if since else None


def workstream_health(*, workstream, today=None) -> WorkstreamHealth:
    """Which participants lack a secured sponsor or committed resources, and since when."""
    today = today or timezone.localdate()
    participations = (
        Participation.objects.filter(workstream=workstream)
        .select_related("collaborative", "organisation", "lead", "lead__organisation", "sponsor")
        .order_by("organisation__name")
    )
    health = WorkstreamHealth()
    for p in participations:
        lacks_sponsor = not p.has_secured_sponsor
        lacks_resources = not p.has_resources
        sponsor_since = (p.sponsor_lacking_since or p.joined_on) if lacks_sponsor else None
        resources_since = (p.resources_lacking_since or p.joined_on) if lacks_resources else None
        health.participants.append(
            ParticipantHealth(
                participation=p,
                lacks_sponsor=lacks_sponsor,
                sponsor_since=sponsor_since,
                sponsor_days=_days(sponsor_since, today),
                lacks_resources=lacks_resources,
                resources_since=resources_since,
                resources_days=_days(resources_since, today),
            )
        )
    return health


def workstream_status_changes(*, workstream):
    return list(
        WorkstreamStatusChange.objects.filter(workstream=workstream).select_related(
            "created_by__person"
        )
    )


def workstream_history(*, workstream, limit=60):
    """Changes to the workstream and its participants' sponsorship and resources, newest first."""
    own = Workstream.history.filter(id=workstream.pk).select_related("history_user__person")
    participants = Participation.history.filter(workstream_id=workstream.pk).select_related(
        "history_user__person", "organisation"
    )
    entries = history_entries(own, label=lambda r: "Workstream")
    entries += history_entries(
        participants,
        label=lambda r: "Participant",
        describe=lambda r: r.organisation.short_name if r.organisation else "An organisation",
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


@dataclass
class TimelineEntry:
    when: date
    kind: str  # "workshop", "update" or "status"
    item: object


def workstream_timeline(*, workstream, include_records=True, status_changes=None):
    """Workshops, organisation updates posted between them, and status changes, newest first."""
    if status_changes is None:
        status_changes = workstream_status_changes(workstream=workstream)
    entries = [
        TimelineEntry(timezone.localdate(change.changed_at), "status", change)
        for change in status_changes
    ]
    if include_records:
        workshops = Workshop.objects.filter(workstream=workstream).annotate(
            attendance_count=_count(Attendance),
            organisation_count=_count(Attendance, field="organisation", distinct=True),
            update_count=_count(OrganisationUpdate),
            action_count=_count(Action),
        )
        entries += [TimelineEntry(w.date, "workshop", w) for w in workshops]
        updates = OrganisationUpdate.objects.filter(
            workstream=workstream, workshop__isnull=True
        ).select_related("collaborative", "organisation", "created_by__person")
        entries += [TimelineEntry(u.date, "update", u) for u in updates]
    order = {"status": 0, "update": 1, "workshop": 2}
    entries.sort(key=lambda e: (e.when, -order[e.kind]), reverse=True)
    return entries


def participation_detail(*, workstream, pk):
    return Participation.objects.select_related("organisation", "workstream").get(
        workstream=workstream, pk=pk
    )


# Choices for forms and filters (one query each) ----------------------------------------------


def people_by_organisation(*, collaborative):
    return list(
        Person.objects.filter(collaborative=collaborative)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def organisations_for_choices(*, collaborative):
    return list(
        Organisation.objects.filter(collaborative=collaborative)
        .annotate(
            core=Case(
                When(role=Organisation.CollaborativeRole.CORE_ANCHOR, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("name")
    )


def workstreams_for_choices(*, collaborative):
    return list(
        Workstream.objects.filter(collaborative=collaborative).order_by(STATUS_ORDER, "name")
    )


def themes_for_choices(*, collaborative):
    return list(Theme.objects.filter(collaborative=collaborative).order_by("name"))


# Workshops -----------------------------------------------------------------------------------


def workshop_list(
    *,
    collaborative,
    workstream=None,
    theme=None,
    organisation=None,
    date_from=None,
    date_to=None,
):
    """Workshops newest first, with attendance and organisations represented, filtered."""
    qs = Workshop.objects.filter(collaborative=collaborative)
    if workstream:
        qs = qs.filter(workstream_id=getattr(workstream, "pk", workstream))
    if theme:
        qs = qs.filter(
            pk__in=Workshop.themes.through.objects.filter(
                theme_id=getattr(theme, "pk", theme)
            ).values("workshop_id")
        )
    if organisation:
        qs = qs.filter(
            pk__in=Attendance.objects.filter(
                organisation_id=getattr(organisation, "pk", organisation)
            ).values("workshop_id")
        )
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return (
        qs.select_related("workstream")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .annotate(
            attendance_count=_count(Attendance),
            organisation_count=_count(Attendance, field="organisation", distinct=True),
            action_count=_count(Action),
            open_action_count=_count(Action.objects.filter(state=Action.State.OPEN)),
        )
        .order_by("-date", "-pk")
    )


def workshop_detail(*, collaborative, pk):
    """A workshop with its themes, speakers, attendees, updates and actions: six queries."""
    return (
        Workshop.objects.filter(collaborative=collaborative)
        .select_related("collaborative", "workstream", "created_by__person")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("speakers", queryset=Speaker.objects.order_by("position", "pk")),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person", "organisation").order_by(
                    "organisation__name", "person__name"
                ),
            ),
            Prefetch(
                "updates",
                queryset=OrganisationUpdate.objects.select_related(
                    "collaborative", "organisation"
                ).order_by("organisation__name"),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related(
                    "collaborative", "owner", "organisation"
                ).order_by("position", "pk"),
            ),
        )
        .get(pk=pk)
    )


def attending_organisations_without_update(workshop):
    """From prefetched rows: anchors present at the workshop that gave no update."""
    with_update = {u.organisation_id for u in workshop.updates.all()}
    seen, missing = set(), []
    for attendance in workshop.attendances.all():
        org = attendance.organisation
        if org.role != org.CollaborativeRole.CORE_ANCHOR:
            continue
        if org.pk not in with_update and org.pk not in seen:
            seen.add(org.pk)
            missing.append(org)
    return missing


def next_workshop(*, collaborative, today=None, organisation_ids=None):
    """The next meeting: a workshop logged ahead, or a workstream's next meeting date."""
    today = today or timezone.localdate()
    workstreams = Workstream.objects.filter(collaborative=collaborative).exclude(
        status=Workstream.Status.CLOSED
    )
    if organisation_ids is not None:
        workstreams = workstreams.filter(participations__organisation_id__in=organisation_ids)
    ahead = (
        Workshop.objects.filter(workstream__in=workstreams, date__gte=today)
        .select_related("workstream")
        .order_by("date")
        .first()
    )
    planned = workstreams.filter(next_workshop_on__gte=today).order_by("next_workshop_on").first()
    if ahead and (planned is None or ahead.date <= planned.next_workshop_on):
        return {"date": ahead.date, "workstream": ahead.workstream, "workshop": ahead}
    if planned:
        return {"date": planned.next_workshop_on, "workstream": planned, "workshop": None}
    return None


# Actions -------------------------------------------------------------------------------------


def action_list(
    *,
    collaborative,
    owner=None,
    organisation=None,
    workstream=None,
    state=None,
    overdue=False,
    today=None,
):
    today = today or timezone.localdate()
    qs = Action.objects.filter(collaborative=collaborative).select_related(
        "collaborative", "owner", "organisation", "workshop", "workshop__workstream"
    )
    if owner:
        qs = qs.filter(owner_id=getattr(owner, "pk", owner))
    if organisation:
        qs = qs.filter(organisation_id=getattr(organisation, "pk", organisation))
    if workstream:
        qs = qs.filter(workshop__workstream_id=getattr(workstream, "pk", workstream))
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=Action.State.OPEN, due_date__lt=today)
    return qs.order_by(
        Case(When(state=Action.State.OPEN, then=Value(0)), default=Value(1)),
        "due_date",
        "pk",
    )


def action_detail(*, collaborative, pk):
    return (
        Action.objects.filter(collaborative=collaborative)
        .select_related("owner", "owner__user", "organisation", "workshop", "workshop__workstream")
        .get(pk=pk)
    )


def action_history(*, action):
    rows = Action.history.filter(id=action.pk).select_related("history_user__person")
    entries = history_entries(rows, label=lambda r: "Action")
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def actions_needing_reminder(*, today, window_days):
    """Open actions due within the window or overdue, not yet reminded about today."""
    reminded = ActionReminder.objects.filter(action=OuterRef("pk"), sent_on=today)
    return (
        Action.objects.filter(
            state=Action.State.OPEN, due_date__lte=today + timedelta(days=window_days)
        )
        .exclude(Exists(reminded))
        .select_related("owner", "owner__user", "workshop", "workshop__workstream")
        .order_by("owner_id", "due_date", "pk")
    )


# Home page -----------------------------------------------------------------------------------


def my_open_actions(*, person, today=None):
    if person is None:
        return []
    return list(
        Action.objects.filter(owner=person, state=Action.State.OPEN)
        .select_related("workshop", "workshop__workstream", "organisation")
        .order_by("due_date", "pk")
    )


def sponsorship_missing(*, collaborative, organisation_ids=None):
    """Participations in open workstreams without a secured sponsor (for some organisations)."""
    qs = (
        Participation.objects.filter(collaborative=collaborative)
        .exclude(sponsorship=SECURED)
        .exclude(workstream__status=Workstream.Status.CLOSED)
        .select_related("workstream", "organisation", "sponsor")
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    return list(qs.order_by("workstream__name", "organisation__name"))


def last_workshop_date(*, workstream):
    return Workshop.objects.filter(workstream=workstream).aggregate(last=Max("date"))["last"]
