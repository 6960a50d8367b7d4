"""The workshop list's rows, written in Python with the toolkit's fast table
(``anchors.common.rows``): the same HTML the template wrote, every value escaped by ``esc``."""

from django import template

from anchors.common.rows import cell, day, esc, html_rows, pk_url, tag

register = template.Library()

PLANNED = '<br><strong class="govuk-tag govuk-tag--blue">Planned</strong>'
NUMERIC = "govuk-table__cell--numeric"


@register.simple_tag
def workshop_rows(workshops, today):
    detail = pk_url("anchors:workshop_detail")
    rows = []
    for w in workshops:
        deep_dive = (
            f'<br><span class="govuk-body-s">Deep dive: {esc(w.deep_dive_topic)}</span>'
            if w.deep_dive_topic
            else ""
        )
        themes = (
            " ".join(
                tag(t.name, "govuk-tag--light-blue govuk-!-margin-bottom-1") for t in w.themes.all()
            )
            or "—"
        )
        rows.append(
            '<tr class="govuk-table__row">'
            + cell(day(w.date) + (PLANNED if w.date > today else ""), "app-nowrap")
            + f'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
            f'href="{detail(w.pk)}">{esc(w.title)}</a>{deep_dive}</th>'
            + cell(esc(w.workstream.name))
            + cell(themes)
            + cell(str(w.attendance_count), NUMERIC)
            + cell(str(w.organisation_count), NUMERIC)
            + cell(f"{w.action_count} ({w.open_action_count})", NUMERIC)
            + "</tr>"
        )
    return html_rows(rows)
