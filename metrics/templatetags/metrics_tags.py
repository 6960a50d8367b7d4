from django import template

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
