"""Rotating apprenticeships: a cohort moves between host anchors in placements.

A rotation cannot become active until every host's senior sponsor has signed off (the paper's
pilot stalled for want of exactly that)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned
from workforce.models.programmes import Apprentice


class Rotation(CollaborativeOwned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    state_reason = models.CharField("reason for the state", max_length=500, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    placement_weeks = models.PositiveSmallIntegerField(
        "placement length (weeks)", default=26, validators=[MinValueValidator(1)]
    )
    max_gap_weeks = models.PositiveSmallIntegerField(
        "longest gap allowed between placements (weeks)", default=2
    )
    min_employer_weeks = models.PositiveSmallIntegerField(
        "minimum time at the employing anchor (weeks)", default=12
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="workforce_rotation_dates"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workforce:rotation_detail", args=[self.pk])


class RotationHost(CollaborativeOwned):
    """A host anchor: apprentices at once, when, and its senior sponsor's sign-off."""

    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="hosts")
    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        "apprentices at once", default=1, validators=[MinValueValidator(1)]
    )
    available_from = models.DateField(null=True, blank=True)
    available_to = models.DateField(null=True, blank=True)
    supervisor = models.CharField("default supervisor (job title)", max_length=200, blank=True)
    signed_off_by = models.ForeignKey(
        "anchors.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="senior sponsor who signed off",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rotation", "organisation"], name="workforce_host_unique"
            ),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="workforce_host_signoff_whole",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} on {self.rotation}"

    @property
    def signed_off(self) -> bool:
        return self.signed_off_by_id is not None


class RotationMember(CollaborativeOwned):
    """An apprentice in the rotation's cohort (their programme names the employing anchor)."""

    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="members")
    apprentice = models.ForeignKey(Apprentice, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["apprentice__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["rotation", "apprentice"], name="workforce_member_unique"
            ),
        ]

    def __str__(self):
        return str(self.apprentice)


class Placement(CollaborativeOwned):
    """An apprentice at a host anchor between two dates."""

    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="placements")
    apprentice = models.ForeignKey(Apprentice, on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(RotationHost, on_delete=models.CASCADE, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField()
    supervisor = models.CharField("supervisor (job title)", max_length=200, blank=True)
    learning_objectives = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["start_date", "apprentice__reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="workforce_placement_dates"
            ),
        ]

    def __str__(self):
        return f"{self.apprentice} at {self.host.organisation} from {self.start_date}"
