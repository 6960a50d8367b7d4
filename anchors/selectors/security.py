"""Reads of the security-event log."""

from anchors.models import SecurityEvent


def security_events_for(*, user):
    """A login's own security events, newest first."""
    return SecurityEvent.objects.filter(user=user).order_by("-at", "-pk")
