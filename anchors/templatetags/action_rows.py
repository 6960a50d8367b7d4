"""The actions list's rows, written in Python with the toolkit's fast table
(``anchors.common.rows``): the list is the page leads open most, and fifty rows through the
template engine (three URLs, two forms and a tag each) cost several times the rest of the page.
The HTML is the same the template wrote; every value is escaped by ``esc``."""

from django import template
from django.middleware.csrf import get_token
from django.utils.text import Truncator

from anchors.common.locking import version_of
from anchors.common.rows import cell, day, esc, html_rows, pk_url, row, tag

register = template.Library()

STATE_TAG = {"done": "govuk-tag--green", "dropped": "govuk-tag--grey"}
OVERDUE = '<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>'


def _button(url, version, label, csrf, back, short):
    return (
        f'<form method="post" action="{url}"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{csrf}"><input type="hidden" name="version" value="{esc(version)}"><input '
        f'type="hidden" name="next" value="{back}"><button type="submit" class="govuk-button '
        'govuk-button--secondary govuk-!-margin-bottom-1 app-nowrap" '
        f'data-module="govuk-button">{label}<span class="govuk-visually-hidden">: {short}</span>'
        "</button></form>"
    )


@register.simple_tag(takes_context=True)
def action_rows(context, actions, completable_ids, is_facilitator):
    request = context["request"]
    csrf = esc(get_token(request))
    back = esc(request.get_full_path())
    done_url = pk_url("anchors:action_done")
    reopen_url = pk_url("anchors:action_reopen")
    edit_url = pk_url("anchors:action_edit")
    workshop_url = pk_url("anchors:workshop_detail")
    edit_label = "Edit" if is_facilitator else "Add a note"
    rows = []
    for a in actions:
        workshop = a.workshop
        short = esc(Truncator(a.description).chars(60))
        note = f'<br><span class="govuk-body-s">Progress: {esc(a.note)}</span>' if a.note else ""
        completed = (
            f'<br><span class="govuk-body-s">{day(a.completed_on)}</span>' if a.completed_on else ""
        )
        controls = ""
        if a.pk in completable_ids:
            version = version_of(a)
            if a.state == "open":
                controls = _button(done_url(a.pk), version, "Mark done", csrf, back, short)
            elif a.state == "done":
                controls = _button(reopen_url(a.pk), version, "Open again", csrf, back, short)
            controls += (
                f'<a class="govuk-link" href="{edit_url(a.pk)}">{edit_label}<span '
                f'class="govuk-visually-hidden">: {short}</span></a>'
            )
        rows.append(
            row(
                [
                    cell(esc(a.description) + note),
                    cell(
                        f'{esc(a.owner.name)}<br><span class="govuk-body-s">'
                        f"{esc(a.organisation.short_name)}</span>"
                    ),
                    cell(
                        f'<a class="govuk-link" href="{workshop_url(workshop.pk)}">'
                        f'{esc(workshop.title)}</a><br><span class="govuk-body-s">'
                        f"{esc(workshop.workstream.name)}, {day(workshop.date)}</span>"
                    ),
                    cell(day(a.due_date) + (OVERDUE if a.is_overdue else ""), "app-nowrap"),
                    cell(
                        tag(a.get_state_display(), STATE_TAG.get(a.state, "govuk-tag--blue"))
                        + completed
                    ),
                    cell(controls),
                ]
            )
        )
    return html_rows(rows)
