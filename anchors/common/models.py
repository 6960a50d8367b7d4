"""The abstract base model every table of the portal builds on."""

from django.conf import settings
from django.db import models


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
