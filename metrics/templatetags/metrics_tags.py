from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from anchors.common.locking import version_of
from metrics import permissions
from metrics.formatting import format_figure

register = template.Library()


@register.inclusion_tag("metrics/_nav.html", takes_context=True)
def metrics_nav(context, section=""):
    request = context["request"]
    collaborative = getattr(request, "collaborative", None)
    return {
        "section": section,
        "nav_can_submit": bool(collaborative)
        and permissions.can_view_submissions(request.user, collaborative),
    }


@register.filter
def figure(value, unit):
    return format_figure(value, unit)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def overview_cells(metric, cells, state_tags):
    """One metric's cells of the facilitator's grid, written in Python with the standard
    library's escaping: a page of the grid has hundreds of cells, and a template (or
    ``format_html``) per cell made it the slowest page of the portal."""
    url = reverse("metrics:value_detail", args=[0])  # ".../values/0/", 0 replaced below
    code = escape(metric.code)
    parts = []
    for cell in cells:
        value = cell.value
        if value is None:
            parts.append(MISSING)
            continue
        anchor = escape(cell.organisation.short_name)
        where = f'<span class="govuk-visually-hidden"> {code} for {anchor}</span>'
        href = url.replace("/0/", f"/{value.pk}/")
        html = (
            f'<td class="govuk-table__cell"><a class="govuk-link app-overview__value" '
            f'href="{href}">{escape(value.short_display)}{where}</a> '
            f'<strong class="govuk-tag {state_tags.get(value.state, "")}">'
            f"{escape(str(value.get_state_display()))}</strong>"
        )
        if cell.can_verify:
            version = escape(version_of(value))
            html += (
                f'<div class="app-overview__check govuk-body-s"><input type="checkbox" '
                f'name="value" value="{value.pk}@{version}" id="verify-{value.pk}">'
                f'<label for="verify-{value.pk}">Verify{where}</label></div>'
            )
        parts.append(html + "</td>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


MISSING = (
    '<td class="govuk-table__cell">'
    '<strong class="govuk-tag govuk-tag--yellow">Missing</strong></td>'
)
