"""Checks the metrics services share."""

from anchors.common.errors import PortalError


def same_collaborative(collaborative, *objects, field=None):
    for obj in objects:
        if obj is not None and obj.collaborative_id != collaborative.pk:
            raise PortalError("Choose something from this collaborative.", field=field)
