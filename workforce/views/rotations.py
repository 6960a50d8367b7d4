"""The rotating-apprenticeship planner: rotations, one rotation's page (timeline, hosts and their
sign-off, cohort, placements, what the validator finds, history), and the forms and buttons that
change it."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.charts import (
    COLOURS,
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, perform, posted
from anchors.models import Organisation
from anchors.views.common import member_collaborative
from workforce import permissions, planner
from workforce.forms.rotations import (
    AcceptProposalForm,
    HostForm,
    MemberForm,
    PlacementForm,
    RotationForm,
    StateForm,
)
from workforce.models import Apprentice
from workforce.selectors import rotations as selectors
from workforce.services import rotations as services

CLASH_RULE = (
    "A placement that puts an apprentice in two placements at once, puts a host over its "
    "capacity, or falls outside the apprenticeship's dates or the host's availability is not "
    "saved: the page names the clash. Gaps between placements and too little time at the "
    "employing anchor are allowed while the plan is built; they are listed here until fixed, "
    "and the rotation cannot be set to active while any remain."
)
STATE_TAGS = {
    "draft": "govuk-tag--grey",
    "active": "govuk-tag--green",
    "paused": "govuk-tag--orange",
    "closed": "govuk-tag--blue",
}
DAY_MS = 86_400_000
# The history shows the latest changes ten a page (its pages go back to the first): each page
# reads up to that many rows of each of the four history tables and compares each change.
HISTORY_PAGE = 10


def rotation_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    if exported := export_response(request, "workforce.rotations", collaborative=collaborative):
        return exported
    return render(
        request,
        "workforce/rotation_list.html",
        {
            "title": "Rotating apprenticeships",
            "page": paginate(request, selectors.rotation_list(collaborative=collaborative)),
            "state_tags": STATE_TAGS,
            "new_url": reverse("workforce:rotation_create")
            if permissions.can_manage_rotation(request.user, collaborative)
            else None,
            "new_label": "Plan a rotation",
        },
    )


def _rotation(collaborative, pk):
    return get_or_404(selectors.rotation_detail, collaborative=collaborative, pk=pk)


def _by_host(hosts, placements):
    order = {h.pk: i for i, h in enumerate(hosts)}
    return sorted(placements, key=lambda p: (order.get(p.host_id, 0), p.start_date, p.pk))


def _lanes(hosts, placements) -> dict:
    """Each placement's row when hosts are rows: a host has as many rows as apprentices it has at
    once ("Hackney Council, place 2"), each placement in the first row free on its dates."""
    names = {h.pk: h.organisation.name for h in hosts}
    ends: dict = {}
    lane_of = {}
    for placement in _by_host(hosts, placements):
        taken = ends.setdefault(placement.host_id, [])
        lane = next((i for i, end in enumerate(taken) if end < placement.start_date), None)
        if lane is None:
            taken.append(placement.end_date)
            lane = len(taken) - 1
        else:
            taken[lane] = placement.end_date
        lane_of[placement.pk] = (placement.host_id, lane)
    counts = {host: len(taken) for host, taken in ends.items()}
    return {
        pk: names.get(host, "") if counts[host] == 1 else f"{names.get(host, '')}, place {lane + 1}"
        for pk, (host, lane) in lane_of.items()
    }


def _timeline(request, rotation, *, hosts, members, placements, by):
    """The placements as bars over time, hosts or apprentices as rows, and the same as a table."""
    host_names = {h.pk: h.organisation.name for h in hosts}
    references = {m.apprentice_id: m.apprentice.reference for m in members}
    if by == "apprentices":
        groups = hosts
        group_of = lambda p: p.host_id  # noqa: E731 - a colour per host
        group_name = lambda h: h.organisation.name  # noqa: E731
        row_of = lambda p: references.get(p.apprentice_id, p.apprentice.reference)  # noqa: E731
        rows = [m.apprentice.reference for m in members]
        label_of = row_of
        other = lambda p: host_names.get(p.host_id, "")  # noqa: E731
        columns = ["Apprentice", "Host", "From", "To", "Weeks"]
        mode = "overlay"
    else:
        groups = [m.apprentice for m in members]
        group_of = lambda p: p.apprentice_id  # noqa: E731 - a colour per apprentice
        group_name = lambda a: a.reference  # noqa: E731
        lanes = _lanes(hosts, placements)
        row_of = lambda p: lanes[p.pk]  # noqa: E731 - a host's row, one a place taken at once
        placed = list(dict.fromkeys(lanes[p.pk] for p in _by_host(hosts, placements)))
        rows = [
            row
            for h in hosts
            for row in (
                [
                    r
                    for r in placed
                    if r == h.organisation.name or r.startswith(f"{h.organisation.name}, place ")
                ]
                or [h.organisation.name]
            )
        ]
        label_of = lambda p: host_names.get(p.host_id, "")  # noqa: E731
        other = lambda p: references.get(p.apprentice_id, p.apprentice.reference)  # noqa: E731
        columns = ["Host", "Apprentice", "From", "To", "Weeks"]
        mode = "overlay"
    data = []
    for index, group in enumerate(groups):
        mine = [p for p in placements if group_of(p) == group.pk]
        if not mine:
            continue
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": group_name(group),
                "y": [row_of(p) for p in mine],
                "base": [p.start_date.isoformat() for p in mine],
                "x": [(p.end_date - p.start_date).days * DAY_MS + DAY_MS for p in mine],
                "text": [other(p) for p in mine],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "insidetextfont": {"color": "#ffffff", "size": 13},
                "constraintext": "none",
                "marker": {"color": COLOURS[index % len(COLOURS)]},
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            }
        )
    height = max(260, 100 + 40 * max(len(rows), 1))
    figure = PlainFigure(
        data=data,
        layout=base_layout(
            barmode=mode,
            height=height,
            margin={"l": 230, "r": 20, "t": 20, "b": 60},
            xaxis={
                "type": "date",
                "gridcolor": "#f3f2f1",
                "linecolor": "#505a5f",
                "range": [rotation.start_date.isoformat(), rotation.end_date.isoformat()],
            },
            yaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": list(reversed(rows)),
                "automargin": True,
            },
        ),
    )
    ordered = sorted(placements, key=lambda p: (label_of(p), p.start_date))
    table = DataTable(
        caption="Placements, " + ("by apprentice" if by == "apprentices" else "by host"),
        columns=columns,
        rows=[
            [
                label_of(p),
                other(p),
                planner.say(p.start_date),
                planner.say(p.end_date),
                planner.weeks(planner.days(p.start_date, p.end_date)),
            ]
            for p in ordered
        ],
        csv_rows=[
            [
                label_of(p),
                other(p),
                p.start_date.isoformat(),
                p.end_date.isoformat(),
                round(planner.days(p.start_date, p.end_date) / 7, 1),
            ]
            for p in ordered
        ],
    )
    return build_chart(
        request=request,
        key="timeline",
        title="Timeline of placements, "
        + ("an apprentice a row" if by == "apprentices" else "a host a row"),
        figure=figure,
        table=table,
        summary="Bars show each placement's dates; the table below has the same placements.",
        layout="stacked",
    )


def rotation_detail(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    hosts = selectors.rotation_hosts(rotation)
    members = selectors.rotation_members(rotation)
    placements = selectors.rotation_page_placements(rotation)
    for host in hosts:
        host.rotation, host.collaborative = rotation, collaborative
        host.can_sign = permissions.can_sign_off(request.user, host)
        host.can_place = permissions.can_place_at(request.user, host)
    host_by_pk = {h.pk: h for h in hosts}
    schedule = selectors.schedule_of(rotation, hosts=hosts, members=members, placements=placements)
    violations = planner.validate(schedule)
    flagged = set()
    for violation in violations:
        flagged |= set(violation.placements)
    for placement in placements:
        placement.can_change = host_by_pk[placement.host_id].can_place
        placement.flagged = placement.pk in flagged
    by = "apprentices" if request.GET.get("by") == "apprentices" else "hosts"
    chart = _timeline(request, rotation, hosts=hosts, members=members, placements=placements, by=by)
    if (download := chart_download(request, [chart], filename_prefix="rotation")) is not None:
        return download
    ready = selectors.readiness(rotation, hosts=hosts, violations=violations, placements=placements)
    can_manage = permissions.can_manage_rotation(request.user, collaborative)
    return render(
        request,
        "workforce/rotation_detail.html",
        {
            "title": rotation.name,
            "caption": "Rotating apprenticeship",
            "rotation": rotation,
            "hosts": hosts,
            "members": members,
            "placements": placements,
            "violations": violations,
            "ready": ready,
            "chart": chart,
            "by": by,
            "state_tag": STATE_TAGS.get(rotation.state, ""),
            "can_manage": can_manage,
            "can_place": any(h.can_place for h in hosts) and bool(members),
            "clash_rule": CLASH_RULE,
            "history": paginate(
                request,
                selectors.rotation_history(rotation),
                per_page=HISTORY_PAGE,
                param="history_page",
                fragment="history",
            ),
            "back_url": reverse("workforce:rotation_list"),
            "back_label": "All rotations",
        },
    )


def rotation_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    today = datetime.date.today()
    form = RotationForm(
        posted(request),
        collaborative=collaborative,
        initial={"start_date": today.replace(day=1)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.rotation_create(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda saved: (f"{saved.name} created: now add its hosts.", saved),
        template="layouts/form.html",
        context={
            "title": "Plan a rotating apprenticeship",
            "back_url": reverse("workforce:rotation_list"),
            "cancel_url": reverse("workforce:rotation_list"),
        },
    )


def rotation_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    form = RotationForm(
        posted(request),
        instance=rotation,
        collaborative=collaborative,
        initial={"version": version_of(rotation)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.rotation_update(
            user=request.user, rotation=rotation, data=data, version=data["version"]
        ),
        done=lambda saved: (f"{saved.name} updated.", saved),
        template="layouts/form.html",
        context={
            "title": f"Change {rotation.name}",
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
        },
    )


def rotation_state(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    form = StateForm(
        posted(request), initial={"version": version_of(rotation), "state": rotation.state}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.rotation_set_state(
            user=request.user,
            rotation=rotation,
            state=data["state"],
            reason=data["reason"],
            version=data["version"],
        ),
        done=lambda saved: (f"{saved.name} is now {saved.get_state_display().lower()}.", saved),
        template="workforce/rotation_state.html",
        context={
            "title": "Change the rotation's state",
            "caption": rotation.name,
            "rotation": rotation,
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
        },
    )


def rotation_propose(request, pk):
    """The proposal for review (GET) and accepting it (POST): nothing is saved until then."""
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    hosts = selectors.rotation_hosts(rotation)
    members = selectors.rotation_members(rotation)
    proposal = selectors.rotation_proposal(rotation, hosts=hosts, members=members)
    fingerprint = selectors.proposal_fingerprint(rotation, proposal)
    form = AcceptProposalForm(posted(request), initial={"fingerprint": fingerprint})
    schedule = selectors.schedule_of(rotation, hosts=hosts, members=members, placements=[])
    schedule.placements = proposal.placements
    host_names = {h.pk: h.organisation.name for h in hosts}
    references = {m.apprentice_id: m.apprentice.reference for m in members}
    rows = [
        {
            "apprentice": references[p.apprentice],
            "host": host_names[p.host],
            "start": p.start,
            "end": p.end,
        }
        for p in sorted(proposal.placements, key=lambda p: (references[p.apprentice], p.start))
    ]
    return form_page(
        request,
        form,
        save=lambda data: services.proposal_accept(
            user=request.user, rotation=rotation, fingerprint=data["fingerprint"]
        ),
        done=lambda count: (f"Proposal accepted: {count} placements saved.", rotation),
        template="workforce/rotation_propose.html",
        context={
            "title": "Proposed schedule",
            "caption": rotation.name,
            "rotation": rotation,
            "rows": rows,
            "notes": proposal.notes,
            "violations": planner.validate(schedule),
            "existing": rotation.placements.count(),
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
        },
    )


# --- Hosts and sign-off ---------------------------------------------------------------------
def host_add(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    taken = rotation.hosts.values("organisation_id")
    organisations = (
        Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        )
        .exclude(pk__in=taken)
        .order_by("name")
    )
    form = HostForm(posted(request), rotation=rotation, organisations=organisations)
    return form_page(
        request,
        form,
        save=lambda data: services.host_save(user=request.user, rotation=rotation, data=data),
        done=lambda host: (f"{host.organisation.name} added as a host.", rotation),
        template="layouts/form.html",
        context={
            "title": "Add a host",
            "caption": rotation.name,
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
        },
    )


def _host(collaborative, pk):
    host = get_or_404(selectors.host_detail, collaborative=collaborative, pk=pk)
    host.collaborative = host.rotation.collaborative = collaborative
    return host


def host_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    host = _host(collaborative, pk)
    form = HostForm(
        posted(request),
        instance=host,
        rotation=host.rotation,
        initial={"version": version_of(host)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.host_save(
            user=request.user,
            rotation=host.rotation,
            data=data,
            host=host,
            version=data["version"],
        ),
        done=lambda saved: (f"{host.organisation.name} updated.", host.rotation),
        template="layouts/form.html",
        context={
            "title": f"Change {host.organisation.name} as a host",
            "caption": host.rotation.name,
            "back_url": host.rotation.get_absolute_url(),
            "cancel_url": host.rotation.get_absolute_url(),
        },
    )


@require_POST
def host_sign_off(request, pk):
    """The host's senior sponsor signs off, or (``action=withdraw``) withdraws it."""
    collaborative = member_collaborative(request)
    host = _host(collaborative, pk)
    require(permissions.can_sign_off(request.user, host))
    withdraw = request.POST.get("action") == "withdraw"
    name = host.organisation.name
    return perform(
        request,
        lambda: services.host_sign_off(user=request.user, host=host, withdraw=withdraw),
        success=f"Sign-off withdrawn for {name}." if withdraw else f"Signed off for {name}.",
        then=reverse("workforce:rotation_detail", args=[host.rotation_id]) + "#hosts",
    )


# --- Cohort ---------------------------------------------------------------------------------
def member_add(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_rotation(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    candidates = selectors.cohort_candidates(rotation, hosts=selectors.rotation_hosts(rotation))
    form = MemberForm(posted(request), candidates=candidates)
    return form_page(
        request,
        form,
        save=lambda data: services.member_add(
            user=request.user, rotation=rotation, apprentice=data["apprentice"]
        ),
        done=lambda member: (f"{member.apprentice.reference} added to the cohort.", rotation),
        template="layouts/form.html",
        context={
            "title": "Add an apprentice to the cohort",
            "caption": rotation.name,
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
        },
    )


@require_POST
def member_remove(request, pk):
    collaborative = member_collaborative(request)
    member = get_or_404(selectors.member_detail, collaborative=collaborative, pk=pk)
    member.rotation.collaborative = collaborative
    require(permissions.can_manage_rotation(request.user, collaborative))
    return perform(
        request,
        lambda: services.member_remove(user=request.user, member=member),
        success=f"{member.apprentice.reference} removed from the cohort.",
        then=reverse("workforce:rotation_detail", args=[member.rotation_id]) + "#cohort",
    )


# --- Placements -----------------------------------------------------------------------------
def _placement_form(request, rotation, *, placement=None):
    hosts = [
        h for h in selectors.rotation_hosts(rotation) if permissions.can_place_at(request.user, h)
    ]
    for host in hosts:
        host.collaborative = rotation.collaborative
    if not hosts:
        raise Http404
    members = Apprentice.objects.filter(pk__in=rotation.members.values("apprentice_id")).order_by(
        "reference"
    )
    return PlacementForm(
        posted(request),
        instance=placement,
        rotation=rotation,
        hosts=hosts,
        members=members,
        initial={"version": version_of(placement)} if placement else None,
    )


def placement_add(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    rotation = _rotation(collaborative, pk)
    hosts = selectors.rotation_hosts(rotation)
    for host in hosts:
        host.collaborative = collaborative
    require(any(permissions.can_place_at(request.user, h) for h in hosts))
    form = _placement_form(request, rotation)
    return form_page(
        request,
        form,
        save=lambda data: services.placement_save(user=request.user, rotation=rotation, data=data),
        done=lambda saved: (
            f"Placement of {saved.apprentice.reference} at {saved.host.organisation.name} saved.",
            reverse("workforce:rotation_detail", args=[rotation.pk]) + "#placements",
        ),
        template="workforce/rotation_placement_form.html",
        context={
            "title": "Add a placement",
            "caption": rotation.name,
            "clash_rule": CLASH_RULE,
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
        },
    )


def _placement(collaborative, pk):
    placement = get_or_404(selectors.placement_detail, collaborative=collaborative, pk=pk)
    placement.collaborative = placement.host.collaborative = collaborative
    placement.rotation.collaborative = collaborative
    return placement


def placement_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    placement = _placement(collaborative, pk)
    require(permissions.can_place_at(request.user, placement.host))
    rotation = placement.rotation
    form = _placement_form(request, rotation, placement=placement)
    return form_page(
        request,
        form,
        save=lambda data: services.placement_save(
            user=request.user,
            rotation=rotation,
            data=data,
            placement=placement,
            version=data["version"],
        ),
        done=lambda saved: (
            f"Placement of {saved.apprentice.reference} at {saved.host.organisation.name} saved.",
            reverse("workforce:rotation_detail", args=[rotation.pk]) + "#placements",
        ),
        template="workforce/rotation_placement_form.html",
        context={
            "title": f"Change the placement of {placement.apprentice.reference}",
            "caption": rotation.name,
            "clash_rule": CLASH_RULE,
            "back_url": rotation.get_absolute_url(),
            "cancel_url": rotation.get_absolute_url(),
            "remove_url": reverse("workforce:placement_remove", args=[placement.pk]),
        },
    )


@require_POST
def placement_remove(request, pk):
    collaborative = member_collaborative(request)
    placement = _placement(collaborative, pk)
    require(permissions.can_place_at(request.user, placement.host))
    return perform(
        request,
        lambda: services.placement_remove(user=request.user, placement=placement),
        success=f"Placement of {placement.apprentice.reference} at "
        f"{placement.host.organisation.name} removed.",
        then=reverse("workforce:rotation_detail", args=[placement.rotation_id]) + "#placements",
    )
