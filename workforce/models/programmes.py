"""Apprenticeship programmes each anchor runs, and their apprentices (pseudonymous)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned
from workforce.models.geography import DeprivationEdition

REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{0,29}$"


class ApprenticeshipProgramme(CollaborativeOwned):
    """An apprenticeship standard an anchor offers: places, dates, provider and funding."""

    class Funding(models.TextChoices):
        LEVY = "levy", "Levy funded"
        LEVY_TRANSFER = "levy_transfer", "Levy transfer"
        CO_FUNDED = "co_funded", "Co-funded (non-levy)"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RECRUITING = "recruiting", "Recruiting"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    standard_name = models.CharField("apprenticeship standard", max_length=200)
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2), MaxValueValidator(7)]
    )
    occupation = models.CharField(max_length=200, blank=True)
    places = models.PositiveSmallIntegerField("number of places", default=1)
    start_date = models.DateField()
    duration_months = models.PositiveSmallIntegerField(
        "duration (months)", validators=[MinValueValidator(12), MaxValueValidator(72)]
    )
    training_provider = models.CharField(max_length=200, blank=True)
    funding = models.CharField(max_length=20, choices=Funding.choices, default=Funding.LEVY)
    transfer_from = models.ForeignKey(
        "anchors.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="levy transferred from",
    )
    transfer_amount = models.DecimalField(
        "levy transfer (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name", "start_date", "standard_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=2) & Q(level__lte=7), name="workforce_programme_level_2_7"
            ),
            models.CheckConstraint(
                condition=Q(funding="levy_transfer", transfer_from__isnull=False)
                | (~Q(funding="levy_transfer") & Q(transfer_from__isnull=True)),
                name="workforce_programme_transfer_source",
            ),
        ]

    def __str__(self):
        return f"{self.standard_name} (level {self.level})"

    def get_absolute_url(self):
        return reverse("workforce:programme_detail", args=[self.pk])


class Apprentice(CollaborativeOwned):
    """An apprentice on a programme, known only by a reference the employer keeps the key to."""

    class Outcome(models.TextChoices):
        IN_LEARNING = "in_learning", "In learning"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        PROGRESSED = "progressed", "Progressed to employment"

    programme = models.ForeignKey(
        ApprenticeshipProgramme, on_delete=models.CASCADE, related_name="apprentices"
    )
    reference = models.CharField(
        max_length=30,
        help_text="A pseudonymous reference (e.g. ELFT-A-07), never a name.",
    )
    start_date = models.DateField()
    expected_end_date = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.IN_LEARNING)
    # Home area: an LSOA code, the edition its decile came from, and the decile (never an address).
    home_lsoa = models.CharField("home LSOA", max_length=9, blank=True)
    edition = models.ForeignKey(
        DeprivationEdition, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imd_decile = models.PositiveSmallIntegerField("IMD decile", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "reference"], name="workforce_apprentice_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(expected_end_date__gt=models.F("start_date")),
                name="workforce_apprentice_dates",
            ),
        ]

    def __str__(self):
        return self.reference
