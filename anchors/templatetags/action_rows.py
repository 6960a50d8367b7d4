"""The actions list's rows, written in Python with the toolkit's fast table
(``anchors.common.rows``): the list is the page leads open most, and fifty rows through the
template engine (three URLs, two forms and a tag each) cost several times the rest of the page.
The HTML is the same the template wrote; every value is escaped by ``esc``."""

from django import template
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

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


def _shortener(length):
    """``Truncator(text).chars(length)``, the same text, without its per-character walk for the
    plain ASCII of nearly every description (no combining characters, already NFC)."""
    marker_length = calculate_truncate_chars_length(length, None)

    def short(text):
        if not text.isascii():
            return Truncator(text).chars(length)
        return text if len(text) <= length else add_truncation_text(text[:marker_length])

    return short


@register.simple_tag(takes_context=True)
def action_rows(context, actions, completable_ids, is_facilitator):
    """The rows of a page of ``ActionRow`` (``anchors.selectors.actions``)."""
    request = context["request"]
    csrf = esc(get_token(request))
    back = esc(request.get_full_path())
    done_url = pk_url("anchors:action_done")
    reopen_url = pk_url("anchors:action_reopen")
    edit_url = pk_url("anchors:action_edit")
    workshop_url = pk_url("anchors:workshop_detail")
    edit_label = "Edit" if is_facilitator else "Add a note"
    today = timezone.localdate()
    shorten = _shortener(60)
    rows = []
    for a in actions:
        note = f'<br><span class="govuk-body-s">Progress: {esc(a.note)}</span>' if a.note else ""
        completed = (
            f'<br><span class="govuk-body-s">{day(a.completed_on)}</span>' if a.completed_on else ""
        )
        controls = ""
        if a.pk in completable_ids:
            short = esc(shorten(a.description))
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
                        f"{esc(a.organisation_short_name)}</span>"
                    ),
                    cell(
                        f'<a class="govuk-link" href="{workshop_url(a.workshop_id)}">'
                        f'{esc(a.workshop_title)}</a><br><span class="govuk-body-s">'
                        f"{esc(a.workstream_name)}, {day(a.workshop_date)}</span>"
                    ),
                    cell(
                        day(a.due_date) + (OVERDUE if a.is_overdue_on(today) else ""),
                        "app-nowrap",
                    ),
                    cell(
                        tag(a.get_state_display(), STATE_TAG.get(a.state, "govuk-tag--blue"))
                        + completed
                    ),
                    cell(controls),
                ]
            )
        )
    return html_rows(rows)
