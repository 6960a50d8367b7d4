"""The actions list's rows, written in Python: the list is the page leads open most, and fifty rows
through the template engine (three URLs, two forms and a tag each) cost several times the rest of
the page. The HTML is the same the template wrote; every value is escaped by ``format_html``."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from anchors.common.locking import version_of

register = template.Library()

STATE_TAG = {"done": "govuk-tag--green", "dropped": "govuk-tag--grey"}


def _button(url, action, version, label, csrf, back, short):
    return format_html(
        '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" '
        'value="{}"><input type="hidden" name="version" value="{}"><input type="hidden" '
        'name="next" value="{}"><button type="submit" class="govuk-button '
        'govuk-button--secondary govuk-!-margin-bottom-1 app-nowrap" '
        'data-module="govuk-button">{}<span class="govuk-visually-hidden">: {}</span>'
        "</button></form>",
        url.replace("/0/", f"/{action.pk}/"),
        csrf,
        version,
        back,
        label,
        short,
    )


@register.simple_tag(takes_context=True)
def action_rows(context, actions, completable_ids, is_facilitator):
    request = context["request"]
    csrf = get_token(request)
    back = request.get_full_path()
    done_url = reverse("anchors:action_done", args=[0])
    reopen_url = reverse("anchors:action_reopen", args=[0])
    edit_url = reverse("anchors:action_edit", args=[0])
    workshop_url = reverse("anchors:workshop_detail", args=[0])
    edit_label = "Edit" if is_facilitator else "Add a note"
    rows = []
    for a in actions:
        workshop = a.workshop
        short = Truncator(a.description).chars(60)
        note = format_html('<br><span class="govuk-body-s">Progress: {}</span>', a.note)
        overdue = (
            mark_safe('<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>')
            if a.is_overdue
            else ""
        )
        completed = (
            format_html(
                '<br><span class="govuk-body-s">{}</span>', date_format(a.completed_on, "j M Y")
            )
            if a.completed_on
            else ""
        )
        controls = ""
        if a.pk in completable_ids:
            version = version_of(a)
            if a.state == "open":
                controls = _button(done_url, a, version, "Mark done", csrf, back, short)
            elif a.state == "done":
                controls = _button(reopen_url, a, version, "Open again", csrf, back, short)
            controls += format_html(
                '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: {}'
                "</span></a>",
                edit_url.replace("/0/", f"/{a.pk}/"),
                edit_label,
                short,
            )
        rows.append(
            format_html(
                '<tr class="govuk-table__row">'
                '<td class="govuk-table__cell">{}{}</td>'
                '<td class="govuk-table__cell">{}<br><span class="govuk-body-s">{}</span></td>'
                '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a><br>'
                '<span class="govuk-body-s">{}, {}</span></td>'
                '<td class="govuk-table__cell app-nowrap">{}{}</td>'
                '<td class="govuk-table__cell"><strong class="govuk-tag {}">{}</strong>{}</td>'
                '<td class="govuk-table__cell">{}</td></tr>',
                a.description,
                note if a.note else "",
                a.owner.name,
                a.organisation.short_name,
                workshop_url.replace("/0/", f"/{workshop.pk}/"),
                workshop.title,
                workshop.workstream.name,
                date_format(workshop.date, "j M Y"),
                date_format(a.due_date, "j M Y"),
                overdue,
                STATE_TAG.get(a.state, "govuk-tag--blue"),
                a.get_state_display(),
                completed,
                controls,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row built with format_html
