"""Helpers the metrics services share."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from anchors.base import PortalError
from anchors.services.common import full_save

HISTORY_REASON_LENGTH = 100  # django-simple-history's history_change_reason column


def short_reason(text: str) -> str:
    """A history change reason that fits its column; the full text stays on the record itself
    (a return reason, a framework version note), where the history's before/after shows it."""
    text = " ".join((text or "").split())
    if len(text) <= HISTORY_REASON_LENGTH:
        return text
    return text[: HISTORY_REASON_LENGTH - 1] + "…"


def checked_save(instance, *, user, reason="", exclude=None):
    """full_clean and save; a validation failure becomes a PortalError naming the field."""
    try:
        return full_save(instance, user=user, reason=short_reason(reason), exclude=exclude)
    except ValidationError as error:
        raise as_portal_error(error) from error


def as_portal_error(error: ValidationError) -> PortalError:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        message = errors[0].messages[0] if errors else str(error)
        return PortalError(message, field=None if field == NON_FIELD_ERRORS else field)
    return PortalError(error.messages[0])


def same_collaborative(collaborative, *objects, field=None):
    for obj in objects:
        if obj is not None and obj.collaborative_id != collaborative.pk:
            raise PortalError("Choose something from this collaborative.", field=field)
