"""Shared by every app: the abstract base model, the project exception, the permission helper."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
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
    """Someone else saved the record after this editor opened it."""


class TimeStampedModel(models.Model):
    """Who created a row and when; every table of the portal carries these."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class CollaborativeOwned(TimeStampedModel):
    """Everything a partnership owns carries its collaborative."""

    collaborative = models.ForeignKey(
        "anchors.Collaborative", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


def require(allowed: bool, *, not_found: bool = False):
    """Turn a permission predicate's False into 403 (or 404 where existence itself is private)."""
    if not allowed:
        raise Http404 if not_found else PermissionDenied
