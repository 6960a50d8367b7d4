"""The workforce lists as exports (``WorkforceConfig.exports``): the page's rows with its
filters, in its column order (anchors.common.exports). Programmes, rotations and routes carry no
personal data: apprentices and starters are not exported here."""

from anchors.common.errors import require
from anchors.common.exports import TableExport, date_text, filter_text, queryset_rows
from workforce import permissions
from workforce.forms.programmes import ProgrammeFilterForm
from workforce.selectors import programmes as programme_selectors
from workforce.selectors import rotations as rotation_selectors
from workforce.selectors import routes as route_selectors


def programmes(*, user, collaborative, query):
    require(permissions.can_view_workforce(user, collaborative))
    form = ProgrammeFilterForm(query or None, collaborative=collaborative)
    chosen = form.filters() if query else {}
    organisation = chosen.get("organisation")
    queryset = programme_selectors.programme_list(
        collaborative=collaborative,
        organisation_id=organisation.pk if organisation else None,
        status=chosen.get("status", ""),
        level=chosen.get("level"),
        query=chosen.get("q", ""),
    )
    return TableExport(
        title="Apprenticeship programmes",
        collaborative=collaborative.name,
        filters=filter_text(form),
        columns=[
            "Standard",
            "Occupation",
            "Organisation",
            "Level",
            "Starts",
            "Places",
            "Apprentices in learning",
            "Funding",
            "Transfer from",
            "Status",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda p: [
                p.standard_name,
                p.occupation,
                p.organisation.short_name,
                p.level,
                date_text(p.start_date),
                p.places,
                p.in_learning,
                p.get_funding_display(),
                p.transfer_from.short_name if p.transfer_from else "",
                p.get_status_display(),
            ],
        ),
    )


def rotations(*, user, collaborative, query):
    require(permissions.can_view_workforce(user, collaborative))
    queryset = rotation_selectors.rotation_list(collaborative=collaborative)
    return TableExport(
        title="Rotating apprenticeships",
        collaborative=collaborative.name,
        columns=[
            "Rotation",
            "Starts",
            "Ends",
            "State",
            "Hosts signed off",
            "Hosts",
            "Apprentices",
            "Placements",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda r: [
                r.name,
                date_text(r.start_date),
                date_text(r.end_date),
                r.get_state_display(),
                r.signed_count,
                r.host_count,
                r.member_count,
                r.placement_count,
            ],
        ),
    )


def routes(*, user, collaborative, query):
    require(permissions.can_view_workforce(user, collaborative))
    queryset = route_selectors.programme_list(collaborative=collaborative)
    return TableExport(
        title="Routes into work",
        collaborative=collaborative.name,
        columns=[
            "Partner",
            "Activity",
            "Ended",
            "Anchor",
            "Kind",
            "People reached (all periods)",
            "Into employment",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda p: [
                p.partner,
                p.activity,
                not p.active,
                p.organisation.short_name,
                p.get_kind_display(),
                p.reached or 0,
                p.progressed or 0,
            ],
        ),
    )
