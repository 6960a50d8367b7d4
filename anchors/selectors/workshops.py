"""Reads for the workshop log and the next meeting.

Every function runs a fixed number of queries whatever the number of rows: related rows come with
select_related/prefetch_related, counts are subqueries.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Max, Prefetch
from django.utils import timezone

from anchors.models import (
    Action,
    Attendance,
    OrganisationUpdate,
    Speaker,
    Theme,
    Workshop,
    Workstream,
)
from anchors.selectors.common import correlated_count


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
            attendance_count=correlated_count(Attendance),
            organisation_count=correlated_count(Attendance, field="organisation", distinct=True),
            action_count=correlated_count(Action),
            open_action_count=correlated_count(Action.objects.filter(state=Action.State.OPEN)),
        )
        .order_by("-date", "-pk")
    )


def workshop_page_counts(*, workshop_ids) -> dict:
    """For the API's list: ``workshop_list``'s counts for a page of workshops, in one query
    {id: {attendance_count, organisation_count, action_count, open_action_count}}.

    Written in SQL: the ORM spent 5 ms building and compiling the two grouped queries and their
    UNION for a page of 50 workshops, whose rows the database reads in 0.5 ms."""
    names = ("attendance_count", "organisation_count", "action_count", "open_action_count")
    counts = {pk: dict.fromkeys(names, 0) for pk in workshop_ids}
    if not counts:
        return counts
    q = connection.ops.quote_name
    ids = ", ".join(["%s"] * len(counts))

    def column(model, name):
        return q(model._meta.get_field(name).column)

    a_workshop, a_org = column(Attendance, "workshop"), column(Attendance, "organisation")
    b_workshop, b_state = column(Action, "workshop"), column(Action, "state")
    sql = (
        f"SELECT {a_workshop}, COUNT(*), COUNT(DISTINCT {a_org}), 0, 0 "  # noqa: S608 - names from the models, values as parameters
        f"FROM {q(Attendance._meta.db_table)} WHERE {a_workshop} IN ({ids}) "
        f"GROUP BY {a_workshop} UNION ALL "
        f"SELECT {b_workshop}, 0, 0, COUNT(*), SUM(CASE WHEN {b_state} = %s THEN 1 ELSE 0 END) "
        f"FROM {q(Action._meta.db_table)} WHERE {b_workshop} IN ({ids}) GROUP BY {b_workshop}"
    )
    params = [*counts, Action.State.OPEN.value, *counts]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for workshop_id, *figures in cursor.fetchall():
            for name, figure in zip(names, figures, strict=True):
                counts[workshop_id][name] += int(figure)
    return counts


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


@dataclass(frozen=True)
class WorkshopFormRows:
    """What a workshop's correction form fills in besides the workshop's own columns."""

    theme_ids: list
    speakers: list
    attendee_ids: list
    updates: list
    actions: list


def workshop_for_edit(*, collaborative, pk):
    """A workshop with what its correction form fills in (``form_rows``), and no more: ids
    rather than the themes', attendees' and owners' records (the form offers those from its own
    lists), the speakers', updates' and actions' columns as plain values in page order. Six
    queries, each reading only its own table (the updates' order joins organisations)."""
    workshop = Workshop.objects.filter(collaborative=collaborative).get(pk=pk)
    rows = {"workshop_id": workshop.pk}
    workshop.form_rows = WorkshopFormRows(
        theme_ids=list(
            Workshop.themes.through.objects.filter(**rows).values_list("theme_id", flat=True)
        ),
        speakers=list(
            Speaker.objects.filter(**rows)
            .order_by("position", "pk")
            .values("name", "organisation", "role")
        ),
        attendee_ids=list(Attendance.objects.filter(**rows).values_list("person_id", flat=True)),
        updates=list(
            OrganisationUpdate.objects.filter(**rows)
            .order_by("organisation__name")
            .values("organisation_id", "current_focus", "challenges", "successes")
        ),
        actions=list(
            Action.objects.filter(**rows)
            .order_by("position", "pk")
            .values("id", "description", "owner_id", "organisation_id", "due_date")
        ),
    )
    return workshop


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


def last_workshop_date(*, workstream):
    return Workshop.objects.filter(workstream=workstream).aggregate(last=Max("date"))["last"]
