"""The delegated-authority register: who can commit each organisation to what."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class AuthorityKind(models.TextChoices):
    SPEND = "spend", "Spend up to an amount"
    JOINT_PROCUREMENT = "joint_procurement", "Sign a joint procurement"
    SECOND_STAFF = "second_staff", "Second staff"
    SHARE_DATA = "share_data", "Share data"


class DelegatedAuthority(CollaborativeOwned):
    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "anchors.Person", on_delete=models.CASCADE, related_name="delegated_authorities"
    )
    kind = models.CharField(
        "can commit the organisation to", max_length=30, choices=AuthorityKind.choices
    )
    spend_limit = models.DecimalField(
        "spend limit (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="For spend only: the most this person can commit, in pounds.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="For example the scheme of delegation."
    )
    reviewed_on = models.DateField("last reviewed")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name", "kind", "person__name"]
        verbose_name_plural = "delegated authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "kind"], name="governance_authority_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="spend") | Q(spend_limit__isnull=False),
                name="governance_spend_authority_has_limit",
                violation_error_message="Enter the most this person can spend, in pounds.",
            ),
            models.CheckConstraint(
                condition=Q(kind="spend") | Q(spend_limit__isnull=True),
                name="governance_only_spend_has_limit",
                violation_error_message="Only a spend authority has a limit.",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} ({self.organisation.short_name})"
