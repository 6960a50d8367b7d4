from django import template
from django.urls import reverse
from django.utils.html import format_html
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
    """One metric's cells of the facilitator's grid, written in Python: a page of the grid has
    hundreds, and a template per cell made it the slowest page of the portal."""
    url = reverse("metrics:value_detail", args=[0])[:-2]  # ".../values/0/" -> ".../values"
    parts = []
    for cell in cells:
        value = cell.value
        where = format_html(
            '<span class="govuk-visually-hidden"> {} for {}</span>',
            metric.code,
            cell.organisation.short_name,
        )
        if value is None:
            parts.append(
                '<td class="govuk-table__cell">'
                '<strong class="govuk-tag govuk-tag--yellow">Missing</strong></td>'
            )
            continue
        html = format_html(
            '<a class="govuk-link app-overview__value" href="{}/{}/">{}{}</a> '
            '<strong class="govuk-tag {}">{}</strong>',
            url,
            value.pk,
            value.short_display,
            where,
            state_tags.get(value.state, ""),
            value.get_state_display(),
        )
        if cell.can_verify:
            html += format_html(
                '<div class="app-overview__check govuk-body-s"><input type="checkbox" '
                'name="value" value="{}@{}" id="verify-{}"><label for="verify-{}">Verify{}'
                "</label></div>",
                value.pk,
                version_of(value),
                value.pk,
                value.pk,
                format_html(
                    '<span class="govuk-visually-hidden"> {} for {}</span>',
                    metric.code,
                    cell.organisation.short_name,
                ),
            )
        parts.append(format_html('<td class="govuk-table__cell">{}</td>', html))
    return mark_safe("".join(parts))  # noqa: S308 - each part built with format_html
