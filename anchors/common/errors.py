"""The project's error type: services raise it, the toolkit's views turn it into form errors or
messages."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404


class PortalError(Exception):
    """Raised by services when a change is refused; views turn it into form errors or messages.

    ``field`` names the form field at fault where there is one, so the error summary can link to it.
    """

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class StaleEditError(PortalError):
    """Someone else saved the record after this editor opened it (or the save carried no version).

    ``current`` is the record as it is saved now, so the page can show both versions.
    """

    def __init__(self, message, *, field="version", code="stale", current=None):
        super().__init__(message, field=field, code=code)
        self.current = current


def require(allowed: bool, *, not_found: bool = False):
    """Turn a permission predicate's False into 403 (or 404 where existence itself is private)."""
    if not allowed:
        raise Http404 if not_found else PermissionDenied


def as_portal_error(error: ValidationError) -> PortalError:
    """The first message of a model validation error, on the field it names."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        message = errors[0].messages[0] if errors else str(error)
        return PortalError(message, field=None if field == NON_FIELD_ERRORS else field)
    return PortalError(error.messages[0])
