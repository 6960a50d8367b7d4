from django import template

from anchors.common.locking import version_of
from anchors.common.rows import cell, esc, html_rows, pk_url, tag
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
    """One metric's cells of the facilitator's grid, written in Python with the toolkit's fast
    table (``anchors.common.rows``): a page of the grid has hundreds of cells, and a template
    (or ``format_html``) per cell made it the slowest page of the portal."""
    url = pk_url("metrics:value_detail")
    code = esc(metric.code)
    parts = []
    for each in cells:
        value = each.value
        if value is None:
            parts.append(MISSING)
            continue
        where = (
            f'<span class="govuk-visually-hidden"> {code} for '
            f"{esc(each.organisation.short_name)}</span>"
        )
        html = (
            f'<a class="govuk-link app-overview__value" href="{url(value.pk)}">'
            f"{esc(value.short_display)}{where}</a> "
            + tag(value.get_state_display(), state_tags.get(value.state, ""))
        )
        if each.can_verify:
            html += (
                f'<div class="app-overview__check govuk-body-s"><input type="checkbox" '
                f'name="value" value="{value.pk}@{esc(version_of(value))}" '
                f'id="verify-{value.pk}"><label for="verify-{value.pk}">Verify{where}</label></div>'
            )
        parts.append(cell(html))
    return html_rows(parts)


MISSING = (
    '<td class="govuk-table__cell">'
    '<strong class="govuk-tag govuk-tag--yellow">Missing</strong></td>'
)
