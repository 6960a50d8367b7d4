"""A rotation page's cohort and placements rows, written in Python with the toolkit's fast table
(``anchors.common.rows``): a large rotation's rows (dates, links, forms and a truncated text each)
cost more through the template engine than the rest of the page. The HTML is the same the
template wrote; every value is escaped by ``esc``."""

from django import template
from django.utils.text import Truncator

from anchors.common.rows import cell, day, esc, html_rows, pk_url, row

register = template.Library()

FLAGGED = '<br><strong class="govuk-tag govuk-tag--red">Breaks a rule</strong>'


def _csrf(context) -> str:
    """What ``{% csrf_token %}`` writes, with the same token for every form on the page."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker, not a secret
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(token)}">'


def _header(content: str) -> str:
    return f'<th scope="row" class="govuk-table__header">{content}</th>'


@register.simple_tag(takes_context=True)
def member_rows(context, members, can_manage):
    """The cohort's rows (``RotationMember`` with apprentice, programme and its organisation)."""
    csrf = _csrf(context) if can_manage else ""
    remove_url = pk_url("workforce:member_remove")
    programme_url = pk_url("workforce:programme_detail")
    rows = []
    for m in members:
        a = m.apprentice
        cells = [
            _header(esc(a.reference)),
            cell(esc(a.programme.organisation.short_name)),
            cell(
                f'<a class="govuk-link" href="{programme_url(a.programme_id)}">'
                f"{esc(a.programme.standard_name)}</a>"
            ),
            cell(f"{day(a.start_date)} to {day(a.expected_end_date)}", "app-nowrap govuk-body-s"),
        ]
        if can_manage:
            cells.append(
                cell(
                    f'<form method="post" action="{remove_url(m.pk)}">{csrf}<button '
                    'type="submit" class="govuk-button govuk-button--secondary '
                    'govuk-!-margin-bottom-0" data-module="govuk-button">Remove<span '
                    f'class="govuk-visually-hidden"> {esc(a.reference)} from the cohort</span>'
                    "</button></form>"
                )
            )
        rows.append(row(cells))
    return html_rows(rows)


@register.simple_tag
def placement_rows(placements):
    """The placements' rows (``Placement`` with apprentice and host organisation, ``flagged``
    and ``can_change`` set by the view)."""
    edit_url = pk_url("workforce:placement_edit")
    rows = []
    for p in placements:
        reference = esc(p.apprentice.reference)
        start = day(p.start_date)
        change = ""
        if p.can_change:
            change = (
                f'<a class="govuk-link" href="{edit_url(p.pk)}">Change<span '
                f'class="govuk-visually-hidden"> the placement of {reference} from {start}'
                "</span></a>"
            )
        objectives = Truncator(p.learning_objectives or "—").words(30, truncate=" …")
        rows.append(
            row(
                [
                    _header(reference + (FLAGGED if p.flagged else "")),
                    cell(esc(p.host.organisation.short_name)),
                    cell(start, "app-nowrap"),
                    cell(day(p.end_date), "app-nowrap"),
                    cell(esc(p.supervisor or "—"), "govuk-body-s"),
                    cell(esc(objectives), "govuk-body-s"),
                    cell(change),
                ]
            )
        )
    return html_rows(rows)
