"""The joint-tender finder: anchors about to buy the same thing in the same window, ranked by
combined value, each match with why it matched, a timeline, and a button that raises it as a
joint-procurement proposal."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from anchors.common.charts import (
    COLOURS,
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import PortalError, require
from anchors.common.pagination import paginate
from anchors.common.views import export_response, perform
from procurement import permissions
from procurement.forms.pipeline import JointFilterForm
from procurement.selectors import pipeline as selectors
from procurement.services import pipeline as services
from procurement.views.common import collaborative_of

MATCHES_PER_PAGE = 5
# Where governance will take a match further, once it is installed: its "raise an escalation"
# page, named with the proposal as source (DESIGN: ?source=procurement.match:<id>).
ESCALATION_URL_NAME = "governance:escalation_new"


def _money(value) -> str:
    return f"£{value:,.0f}" if value is not None else "—"


def _escalation_url(proposal):
    if proposal is None:
        return ""
    try:
        url = reverse(ESCALATION_URL_NAME)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'source': proposal.source_reference})}"


def _timeline(request, number, row):
    """A Gantt chart: anchors as rows, each item's window a bar labelled with its title (the
    label, not only the colour, says whose it is). One trace, so a large match stays cheap."""
    items = sorted(row.items, key=lambda i: (i.organisation.short_name, i.window_start, i.pk))
    colours = {}
    for item in items:
        colours.setdefault(item.organisation_id, COLOURS[len(colours) % len(COLOURS)])
    anchors = sorted({item.organisation.short_name for item in items})
    figure = PlainFigure(
        data=[
            {
                "type": "bar",
                "y": [item.organisation.short_name for item in items],
                "x": [((i.window_end - i.window_start).days + 1) * 86_400_000 for i in items],
                "base": [item.window_start.isoformat() for item in items],
                "orientation": "h",
                "marker": {"color": [colours[item.organisation_id] for item in items]},
                "text": [item.title for item in items],
                "textposition": "inside",
                "insidetextanchor": "start",
                "showlegend": False,
                "customdata": [
                    [f"{i.window_start:%d %b %Y}", f"{i.window_end:%d %b %Y}"] for i in items
                ],
                "hovertemplate": (
                    "%{y}: %{text}<br>%{customdata[0]} to %{customdata[1]}<extra></extra>"
                ),
            }
        ],
        layout=base_layout(
            height=90 + 46 * len(anchors),
            margin={"l": 90, "r": 20, "t": 10, "b": 40},
            barmode="overlay",
            xaxis={"type": "date", "gridcolor": "#f3f2f1", "linecolor": "#505a5f"},
            yaxis={"categoryorder": "category descending", "automargin": True},
        ),
    )
    table = DataTable(
        caption="The planned procurements and their windows",
        columns=[
            "Anchor",
            "Planned procurement",
            "Category",
            "Window starts",
            "Window ends",
            "Value",
            "Open to joint procurement",
        ],
        rows=[
            [
                item.organisation.short_name,
                item.title,
                item.cpv_code,
                f"{item.window_start:%d %b %Y}",
                f"{item.window_end:%d %b %Y}",
                _money(item.estimated_value or item.estimated_value_gross),
                "Yes" if item.open_to_joint else "Not yet",
            ]
            for item in items
        ],
        numeric={5},
        csv_rows=[
            [
                item.organisation.name,
                item.title,
                item.cpv_code,
                item.window_start.isoformat(),
                item.window_end.isoformat(),
                item.estimated_value or item.estimated_value_gross or "",
                "yes" if item.open_to_joint else "no",
            ]
            for item in items
        ],
    )
    return build_chart(
        request=request,
        key=f"match-{number}",
        title=f"Timeline of match {number}",
        figure=figure,
        table=table,
        summary=(
            f"Timeline: the procurement windows of {', '.join(anchors)}, "
            f"{row.match.start:%B %Y} to {row.match.end:%B %Y}"
        ),
        layout="stacked",
    )


def joint_finder(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    if exported := export_response(request, "procurement.joint", collaborative=collaborative):
        return exported
    filter_form = JointFilterForm(request.GET or None)
    chosen = filter_form.filters() if request.GET else JointFilterForm().filters()
    matches = selectors.joint_matches(collaborative=collaborative, **chosen)
    page = paginate(request, matches, per_page=MATCHES_PER_PAGE)
    rows = selectors.match_rows(
        collaborative=collaborative,
        matches=list(page.object_list),
        depth=chosen["depth"],
        gap_months=chosen["gap_months"],
        # A download lists every item of its match; the page shows the largest.
        shown=None if request.GET.get("download") else selectors.SHOWN_ITEMS,
    )
    for number, row in enumerate(rows, start=page.start):
        row.number = number
        row.chart = _timeline(request, number, row)
        row.escalation_url = _escalation_url(row.proposal)
    if response := chart_download(request, [row.chart for row in rows], filename_prefix="joint"):
        return response
    return render(
        request,
        "procurement/joint_finder.html",
        {
            "title": "Joint-tender finder",
            "page": page,
            "rows": rows,
            "filter_form": filter_form,
            "chosen": chosen,
            "can_raise": permissions.can_raise_joint_proposal(request.user, collaborative),
            "section": "joint",
        },
    )


@require_POST
def joint_raise(request):
    """Raise one match as a joint-procurement proposal (an action for the facilitator)."""
    collaborative = collaborative_of(request)
    require(permissions.can_raise_joint_proposal(request.user, collaborative))
    form = JointFilterForm(request.POST)
    chosen = form.filters()
    back = f"{reverse('procurement:joint_finder')}?{urlencode(chosen)}"

    def action():
        match = selectors.find_match(
            collaborative=collaborative, key=request.POST.get("match", ""), **chosen
        )
        if match is None:
            raise PortalError(
                "That match is no longer found: the pipeline has changed. Look at the matches "
                "again."
            )
        rows = selectors.match_rows(
            collaborative=collaborative,
            matches=[match],
            depth=chosen["depth"],
            gap_months=chosen["gap_months"],
        )
        row = rows[0]
        more = f" and {row.hidden_count} more" if row.hidden_count else ""
        summary = (
            f"{', '.join(org.short_name for org in row.organisations)} could buy "
            f"“{row.prefix_label or match.prefix}” (CPV {match.prefix}) together: "
            + "; ".join(f"{i.organisation.short_name}: {i.title}" for i in row.items)
            + f"{more}. Combined value {_money(match.combined_value)}."
        )
        return services.joint_proposal_raise(
            user=request.user, collaborative=collaborative, match=match, summary=summary
        )

    return perform(
        request,
        action,
        success="Raised as a joint-procurement proposal: an action for the facilitator.",
        then=back,
    )
