"""Reads for workstreams: the list, health of the authorising environment, history, timeline.

Every function runs a fixed number of queries whatever the number of rows: related rows come with
select_related/prefetch_related, counts are subqueries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.utils import timezone

from anchors.common.history import HistorySource, history_rows
from anchors.common.pagination import merged_rows
from anchors.models import (
    Action,
    Attendance,
    Organisation,
    OrganisationUpdate,
    Participation,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)
from anchors.selectors.common import correlated_count

SECURED = Participation.Sponsorship.SECURED
STATUS_ORDER = Case(
    When(status=Workstream.Status.ACTIVE, then=Value(0)),
    When(status=Workstream.Status.PROPOSED, then=Value(1)),
    When(status=Workstream.Status.PAUSED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


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
            workshop_count=correlated_count(Workshop, link="workstream"),
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


def workstream_counts(*, collaborative):
    """The list's participant, sponsor and workshop counts and last workshop, for the API (which
    pages by key and orders nothing): each a correlated subquery, so a page reads only its own
    workstreams' rows (``workstream_list`` joins every participation and groups, and SQLite then
    counts each workstream's workshops once per participation)."""
    return Workstream.objects.filter(collaborative=collaborative).annotate(
        participant_count=correlated_count(Participation, link="workstream"),
        secured_count=correlated_count(
            Participation.objects.filter(sponsorship=SECURED), link="workstream"
        ),
        workshop_count=correlated_count(Workshop, link="workstream"),
        last_workshop=Subquery(
            Workshop.objects.filter(workstream=OuterRef("pk"), date__lte=timezone.localdate())
            .order_by("-date")
            .values("date")[:1]
        ),
    )


def workstream_page_counts(*, workstream_ids) -> dict:
    """For the API's list: ``workstream_counts``' figures for a page of workstreams, in one query:
    {id: {participant_count, secured_count, workshop_count, last_workshop}}; 0 and None where
    there are none. Written in SQL, as ``workshop_page_counts`` (the ORM's building and
    compiling cost ten times the database's reading)."""
    figures = {
        pk: {"participant_count": 0, "secured_count": 0, "workshop_count": 0, "last_workshop": None}
        for pk in workstream_ids
    }
    if not figures:
        return figures
    q = connection.ops.quote_name
    ids = ", ".join(["%s"] * len(figures))

    def column(model, name):
        return q(model._meta.get_field(name).column)

    w_stream, w_date = column(Workshop, "workstream"), column(Workshop, "date")
    p_stream, p_sponsorship = (
        column(Participation, "workstream"),
        column(Participation, "sponsorship"),
    )
    sql = (
        f"SELECT {w_stream}, 0, 0, COUNT(*), MAX(CASE WHEN {w_date} <= %s THEN {w_date} END) "  # noqa: S608 - names from the models, values as parameters
        f"FROM {q(Workshop._meta.db_table)} WHERE {w_stream} IN ({ids}) GROUP BY {w_stream} "
        f"UNION ALL SELECT {p_stream}, COUNT(*), "
        f"SUM(CASE WHEN {p_sponsorship} = %s THEN 1 ELSE 0 END), 0, NULL "
        f"FROM {q(Participation._meta.db_table)} WHERE {p_stream} IN ({ids}) GROUP BY {p_stream}"
    )
    params = [timezone.localdate(), *figures, SECURED.value, *figures]
    date_field = Workshop._meta.get_field("date")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for workstream_id, participants, secured, workshops, last in cursor.fetchall():
            row = figures[workstream_id]
            row["participant_count"] += int(participants)
            row["secured_count"] += int(secured)
            row["workshop_count"] += int(workshops)
            if last is not None:
                row["last_workshop"] = date_field.to_python(last)
    return figures


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
    # What the page shows of each participant (names, not whole records), and the
    # collaborative already loaded with the workstream (``can_set_sponsorship`` asks for it).
    participations = (
        Participation.objects.filter(workstream=workstream)
        .select_related("organisation", "lead", "sponsor")
        .only(
            "collaborative",
            "workstream",
            "organisation__name",
            "organisation__short_name",
            "lead__name",
            "sponsor__name",
            "sponsor__job_title",
            "sponsorship",
            "sponsorship_date",
            "sponsorship_note",
            "staff_days_per_quarter",
            "funding",
            "joined_on",
            "sponsor_lacking_since",
            "resources_lacking_since",
        )
        .order_by("organisation__name")
    )
    health = WorkstreamHealth()
    for p in participations:
        if p.collaborative_id == workstream.collaborative_id:
            p.collaborative = workstream.collaborative
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


def workstream_history(*, workstream):
    """Changes to the workstream and its participants' sponsorship and resources, newest first
    (read a page at a time)."""
    return history_rows(
        HistorySource(
            Workstream.history.filter(id=workstream.pk).select_related("history_user__person"),
            label=lambda r: "Workstream",
        ),
        HistorySource(
            Participation.history.filter(workstream_id=workstream.pk).select_related(
                "history_user__person", "organisation"
            ),
            label=lambda r: "Participant",
            describe=lambda r: r.organisation.short_name if r.organisation else "An organisation",
        ),
    )


@dataclass
class TimelineEntry:
    when: date
    kind: str  # "workshop", "update" or "status"
    item: object


TIMELINE_ORDER = {"status": 0, "update": 1, "workshop": 2}  # on one day: status first


def _timeline_key(entry):
    return (entry.when, -TIMELINE_ORDER[entry.kind], entry.item.pk)


def workstream_timeline(*, workstream, include_records=True):
    """Workshops, organisation updates posted between them, and status changes, newest first,
    read a page at a time (give it to ``paginate``)."""
    changes = (
        WorkstreamStatusChange.objects.filter(workstream=workstream)
        .select_related("created_by__person")
        .order_by("-changed_at", "-pk")
    )
    sources = [
        (
            changes,
            lambda rows: [
                TimelineEntry(timezone.localdate(c.changed_at), "status", c) for c in rows
            ],
        )
    ]
    if include_records:
        workshops = (
            Workshop.objects.filter(workstream=workstream)
            .annotate(
                attendance_count=correlated_count(Attendance),
                organisation_count=correlated_count(
                    Attendance, field="organisation", distinct=True
                ),
                update_count=correlated_count(OrganisationUpdate),
                action_count=correlated_count(Action),
            )
            .only("date", "title", "deep_dive_topic")  # what an entry shows: no long texts
            .order_by("-date", "-pk")
        )
        # What an entry shows, and who may edit it (``can_edit_update``: the collaborative).
        updates = (
            OrganisationUpdate.objects.filter(workstream=workstream, workshop__isnull=True)
            .select_related("collaborative", "organisation", "created_by__person")
            .only(
                "date",
                "current_focus",
                "challenges",
                "successes",
                "collaborative__id",
                "organisation__name",
                "created_by__email",
                "created_by__person__name",
            )
            .order_by("-date", "-pk")
        )
        sources += [
            (workshops, lambda rows: [TimelineEntry(w.date, "workshop", w) for w in rows]),
            (updates, lambda rows: [TimelineEntry(u.date, "update", u) for u in rows]),
        ]
    return merged_rows(*sources, key=_timeline_key)


def organisations_not_in(*, workstream):
    """The collaborative's organisations that do not take part in the workstream yet."""
    return (
        Organisation.objects.filter(collaborative_id=workstream.collaborative_id)
        .exclude(participations__workstream=workstream)
        .order_by("name")
    )


def update_organisations(*, workstream, allowed_ids=None):
    """Whom an update on the workstream can come from: ``allowed_ids`` (a lead's own
    organisations), or for the facilitator the participants (everyone if none yet)."""
    organisations = Organisation.objects.filter(
        collaborative_id=workstream.collaborative_id
    ).order_by("name")
    if allowed_ids is not None:
        return list(organisations.filter(pk__in=allowed_ids))
    participating = list(organisations.filter(participations__workstream=workstream))
    return participating or list(organisations)


def update_detail(*, collaborative, pk):
    return OrganisationUpdate.objects.select_related("workstream", "organisation", "workshop").get(
        collaborative=collaborative, pk=pk
    )


def participation_detail(*, workstream, pk):
    return Participation.objects.select_related("organisation", "workstream").get(
        workstream=workstream, pk=pk
    )


def sponsorship_missing(*, collaborative, organisation_ids=None, shown=None):
    """Participations in open workstreams without a secured sponsor (for some organisations),
    by workstream and organisation, and how many there are: ``(rows, total)``. With ``shown``,
    only the first ``shown`` rows are read (the total still counts every one, in the same
    query)."""
    qs = (
        Participation.objects.filter(collaborative=collaborative)
        .exclude(sponsorship=SECURED)
        .exclude(workstream__status=Workstream.Status.CLOSED)
        .select_related("workstream", "organisation")
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    qs = qs.annotate(missing_total=Window(Count("pk"))).order_by(
        "workstream__name", "organisation__name"
    )
    rows = list(qs if shown is None else qs[:shown])
    return rows, (rows[0].missing_total if rows else 0)
