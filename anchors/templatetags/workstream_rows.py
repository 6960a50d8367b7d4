"""A workstream page's timeline and participants, written in Python with the toolkit's fast
table (``anchors.common.rows``): a page of fifty timeline entries (and a row for each of the
participants) through the template, a ``{% with %}``, a ``{% url %}`` and a few filters each,
cost most of the page. The HTML is the one the template wrote; every value is escaped by
``esc``."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from anchors.common.rows import day, esc, pk_url
from anchors.common.templatetags import money

register = template.Library()


def _plural(count) -> str:
    """Django's ``pluralize``: "s" for any count but one."""
    return "" if count == 1 else "s"


def _workshop(w, url) -> str:
    deep_dive = f"Deep dive: {esc(w.deep_dive_topic)}. " if w.deep_dive_topic else ""
    return (
        '<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" '
        f'href="{url(w.pk)}">{esc(w.title)}</a></h3>\n'
        f'<p class="govuk-body-s govuk-!-margin-bottom-0">{deep_dive}'
        f"{w.attendance_count} attendee{_plural(w.attendance_count)} from "
        f"{w.organisation_count} organisation{_plural(w.organisation_count)}; "
        f"{w.update_count} update{_plural(w.update_count)}; "
        f"{w.action_count} action{_plural(w.action_count)}.</p>"
    )


def _update(u, editable_ids, url) -> str:
    organisation = esc(u.organisation.name)
    texts = "".join(
        f"<dt>{label}</dt><dd>{esc(text)}</dd>"
        for label, text in (
            ("Current focus", u.current_focus),
            ("Challenges", u.challenges),
            ("Successes", u.successes),
        )
        if text
    )
    who = (u.created_by.get_full_name() if u.created_by else "") or "the facilitator"
    edit = (
        f' · <a class="govuk-link" href="{url(u.pk)}">Edit<span class="govuk-visually-hidden">'
        f" the update from {organisation}</span></a>"
        if u.pk in editable_ids
        else ""
    )
    return (
        f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Update from {organisation}</h3>\n'
        f'<dl class="app-update-texts govuk-body-s">\n{texts}\n</dl>\n'
        f'<p class="govuk-body-s govuk-!-margin-bottom-0">Posted by {esc(who)}{edit}</p>'
    )


def _status(c) -> str:
    to_status = esc(c.get_to_status_display().lower())
    if c.from_status:
        heading = f"Status changed from {esc(c.get_from_status_display().lower())} to {to_status}"
    else:
        heading = f"Workstream set up as {to_status}"
    return (
        f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{heading}</h3>\n'
        f'<p class="govuk-body-s govuk-!-margin-bottom-0 app-pre-line">{esc(c.reason)}</p>'
    )


@register.simple_tag
def timeline_entries(timeline, editable_update_ids):
    """A page of ``workstream_timeline``'s entries as the timeline's list items."""
    workshop_url = pk_url("anchors:workshop_detail")
    update_url = pk_url("anchors:update_edit")
    months = {n: str(name) for n, name in MONTHS.items()}  # "j F Y", in the page's language
    items = []
    for entry in timeline:
        if entry.kind == "workshop":
            body = _workshop(entry.item, workshop_url)
        elif entry.kind == "update":
            body = _update(entry.item, editable_update_ids, update_url)
        else:
            body = _status(entry.item)
        items.append(
            f'<li class="app-timeline__item app-timeline__item--{esc(entry.kind)}">\n'
            f'<span class="app-timeline__date govuk-body-s">{entry.when.day} '
            f"{months[entry.when.month]} {entry.when.year}</span>\n{body}\n</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped by esc()


SPONSORSHIP_TAG = {
    "secured": "govuk-tag--green",
    "declined": "govuk-tag--red",
    "requested": "govuk-tag--yellow",
}
NONE = '<span class="app-gap">None</span>'


@register.simple_tag
def participant_rows(workstream, participants, sponsorship_ids, can_manage):
    """The participants table's rows: ``health.participants``, a row each."""
    organisation_url = pk_url("anchors:organisation_detail")
    person_url = pk_url("anchors:person_detail")
    # Both links name the workstream and the participation: reversed once, the pk put in.
    sponsorship_url = pk_url("anchors:participation_sponsorship", workstream.pk)
    edit_url = pk_url("anchors:participation_edit", workstream.pk)
    rows = []
    for gap in participants:
        p = gap.participation
        organisation = p.organisation
        of = f'<span class="govuk-visually-hidden"> of {esc(organisation.name)}</span>'
        lead = (
            f'<a class="govuk-link" href="{person_url(p.lead.pk)}">{esc(p.lead.name)}</a>'
            if p.lead
            else "—"
        )
        sponsor = "—"
        if p.sponsor:
            sponsor = esc(p.sponsor.name) + (
                f'<br><span class="govuk-body-s">{esc(p.sponsor.job_title)}</span>'
                if p.sponsor.job_title
                else ""
            )
        state = (
            f'<strong class="govuk-tag {SPONSORSHIP_TAG.get(p.sponsorship, "govuk-tag--grey")}">'
            f"{esc(p.get_sponsorship_display())}</strong>"
        )
        if p.sponsorship_date:
            state += f'<br><span class="govuk-body-s">since {day(p.sponsorship_date)}</span>'
        if p.sponsorship_note:
            state += f'<br><span class="govuk-body-s">{esc(p.sponsorship_note)}</span>'
        days = (
            esc(floatformat(p.staff_days_per_quarter, "-1")) if p.staff_days_per_quarter else NONE
        )
        funding = esc(money(p.funding)) if p.funding else NONE
        links = ""
        if p.pk in sponsorship_ids:
            links += (
                f'<li class="app-nowrap"><a class="govuk-link" href="{sponsorship_url(p.pk)}">'
                f"Sponsorship{of}</a></li>"
            )
        if can_manage:
            links += (
                f'<li class="app-nowrap"><a class="govuk-link" href="{edit_url(p.pk)}">'
                f"Lead, resources{of}</a></li>"
            )
        rows.append(
            '<tr class="govuk-table__row">\n'
            f'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
            f'href="{organisation_url(organisation.pk)}">{esc(organisation.short_name)}</a></th>\n'
            f'<td class="govuk-table__cell">{lead}</td>\n'
            f'<td class="govuk-table__cell">{sponsor}</td>\n'
            f'<td class="govuk-table__cell">{state}</td>\n'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{days}</td>\n'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{funding}</td>\n'
            '<td class="govuk-table__cell app-no-print">\n'
            f'<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">\n{links}\n</ul>\n'
            "</td>\n</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped by esc()
