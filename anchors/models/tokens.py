"""Personal API tokens: named, with an expiry, revocable; only the sha256 of a token is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from anchors.common.models import TimeStampedModel

DEFAULT_DAYS = 90
MAX_DAYS = 365


class ApiToken(TimeStampedModel):
    """A token a person made on "Your account" for a tool (Power BI, Excel) to read the API as
    them, in one collaborative, with their roles there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    collaborative = models.ForeignKey(
        "anchors.Collaborative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The collaborative the token reads (the person's when it was made).",
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. Power BI.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The token's first characters, to tell it apart."
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Using a token is not a change to audit: last use is written without history.
    history = HistoricalRecords(excluded_fields=["updated_at", "last_used_at", "key_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="api_token_name_not_blank"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"
