"""Demo-only help: the code the demo's authenticator key shows now, on the two-factor step of a
demo login, while DEBUG is on (a real deployment never shows it)."""

import time

from django import template
from django.conf import settings

from anchors.demo.organisations import DEMO_TOTP_LOGINS, demo_totp_code
from anchors.models import Collaborative

register = template.Library()


@register.simple_tag
def demo_totp_hint(user):
    """The current demo code for a demo login in a DEBUG demo, or ''."""
    if not settings.DEBUG or getattr(user, "email", None) not in DEMO_TOTP_LOGINS:
        return ""
    if not Collaborative.objects.filter(is_demo=True).exists():
        return ""
    return demo_totp_code(at=time.time())
