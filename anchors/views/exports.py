"""The base layer's tables as exports (``AnchorsConfig.exports``): each builds the table its page
shows, with the page's filters, columns in the page's order (anchors.common.exports)."""

from django.utils import timezone

from anchors import permissions
from anchors.common.errors import require
from anchors.common.exports import TableExport, date_text, filter_text, queryset_rows
from anchors.filters import OrganisationFilter
from anchors.forms.actions import ActionFilterForm
from anchors.forms.choices import WorkChoices
from anchors.forms.workshops import WorkshopFilterForm
from anchors.models import Action
from anchors.selectors import actions as action_selectors
from anchors.selectors import organisations as organisation_selectors
from anchors.selectors import workshops as workshop_selectors
from anchors.selectors import workstreams as workstream_selectors
from anchors.selectors.collaboratives import collaborative_for_user


def scope(user, pk):
    """The collaborative ``pk`` if ``user`` still holds a role in it (a background export's)."""
    collaborative = collaborative_for_user(user, pk)
    if collaborative is None or collaborative.pk != pk:
        return None
    return collaborative if permissions.can_view_collaborative(user, collaborative) else None


def organisations(*, user, collaborative, query):
    require(permissions.can_view_collaborative(user, collaborative))
    filterset = OrganisationFilter(
        query or None,
        queryset=organisation_selectors.organisation_list(collaborative=collaborative),
    )
    queryset = filterset.qs
    return TableExport(
        title="Organisations",
        collaborative=collaborative.name,
        filters=filter_text(filterset.form),
        columns=[
            "Organisation",
            "Active",
            "Kind",
            "Role in the collaborative",
            "People",
            "Headcount",
            "Annual third-party spend (£)",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda o: [
                o.name,
                o.active,
                o.get_kind_display(),
                o.get_role_display(),
                o.people_count,
                o.headcount,
                o.annual_spend,
            ],
        ),
    )


def people(*, user, collaborative, query):
    require(permissions.can_view_collaborative(user, collaborative))
    search = query.get("q", "").strip()[:100]
    everyone = permissions.contact_organisation_ids(user, collaborative) is None
    can_manage = permissions.can_manage_people(user, collaborative)
    queryset = organisation_selectors.people_list(
        collaborative=collaborative, search=search or None, search_email=everyone
    )
    columns = ["Name", "Organisation", "Job title", "Roles"]
    if can_manage:
        columns.append("Can log in")

    def row(person):
        roles = "; ".join(
            f"{m.get_role_display()} ({m.organisation.short_name})"
            for m in person.memberships.all()
        )
        cells = [person.name, person.organisation.short_name, person.job_title, roles]
        return [*cells, bool(person.user_id)] if can_manage else cells

    return TableExport(
        title="People",
        collaborative=collaborative.name,
        filters=[f"Name contains: {search}"] if search else [],
        columns=columns,
        count=queryset.count(),
        rows=queryset_rows(queryset, row),
    )


def workstreams(*, user, collaborative, query):
    require(permissions.can_view_workstreams(user, collaborative))
    queryset = workstream_selectors.workstream_list(collaborative=collaborative)
    return TableExport(
        title="Workstreams",
        collaborative=collaborative.name,
        columns=[
            "Workstream",
            "Status",
            "Participants",
            "Senior sponsorship secured",
            "Resources committed",
            "Workshops",
            "Last workshop",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda w: [
                w.name,
                w.get_status_display(),
                w.participant_count,
                w.secured_count,
                w.resourced_count,
                w.workshop_count,
                date_text(w.last_workshop),
            ],
        ),
    )


def workshops(*, user, collaborative, query):
    require(permissions.can_view_workshops(user, collaborative))
    form = WorkshopFilterForm(query or None, choices=WorkChoices(collaborative))
    filters = form.filters()
    queryset = workshop_selectors.workshop_list(
        collaborative=collaborative,
        workstream=filters.get("workstream"),
        theme=filters.get("theme"),
        organisation=filters.get("organisation"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    today = timezone.localdate()
    return TableExport(
        title="Workshops",
        collaborative=collaborative.name,
        filters=filter_text(form),
        columns=[
            "Date",
            "Planned",
            "Workshop",
            "Deep dive",
            "Workstream",
            "Themes",
            "Attendance",
            "Organisations",
            "Actions",
            "Open actions",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda w: [
                date_text(w.date),
                w.date > today,
                w.title,
                w.deep_dive_topic,
                w.workstream.name,
                "; ".join(t.name for t in w.themes.all()),
                w.attendance_count,
                w.organisation_count,
                w.action_count,
                w.open_action_count,
            ],
        ),
    )


def actions(*, user, collaborative, query):
    require(permissions.can_view_actions(user, collaborative))
    query = query.copy()
    person = getattr(user, "person", None)
    if query.pop("mine", None) and person is not None:
        query["owner"] = str(person.pk)
    if not query:
        query["state"] = Action.State.OPEN  # as the page: open actions unless asked otherwise
    form = ActionFilterForm(query, choices=WorkChoices(collaborative))
    filters = form.filters()
    today = timezone.localdate()
    queryset = action_selectors.action_list(
        collaborative=collaborative,
        owner=filters.get("owner"),
        organisation=filters.get("organisation"),
        workstream=filters.get("workstream"),
        state=filters.get("state"),
        overdue=filters.get("overdue"),
        today=today,
    )
    return TableExport(
        title="Actions",
        collaborative=collaborative.name,
        filters=filter_text(form),
        columns=[
            "Action",
            "Progress",
            "Owner",
            "Owner's organisation",
            "Workshop",
            "Workstream",
            "Workshop date",
            "Due",
            "Overdue",
            "State",
            "Completed on",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda a: [
                a.description,
                a.note,
                a.owner.name,
                a.organisation.short_name,
                a.workshop.title,
                a.workshop.workstream.name,
                date_text(a.workshop.date),
                date_text(a.due_date),
                a.is_overdue,
                a.get_state_display(),
                date_text(a.completed_on),
            ],
        ),
    )
