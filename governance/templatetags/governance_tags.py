"""What the governance pages' sub-navigation may offer the person looking at it."""

from django import template

from governance import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_escalations(context) -> bool:
    request = context["request"]
    return permissions.can_view_escalations(request.user, getattr(request, "collaborative", None))
