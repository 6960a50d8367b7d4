"""Each anchor's position on the procurement themes and opportunities (the status matrix)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class Opportunity(CollaborativeOwned):
    """A procurement opportunity the anchors pursue together (the paper names three)."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("name"), name="procurement_opportunity_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Maturity(models.IntegerChoices):
    """The named scale of a status cell: the level's number and its words travel together."""

    NOT_STARTED = 1, "Not started"
    EXPLORING = 2, "Exploring"
    DEVELOPING = 3, "Developing"
    ESTABLISHED = 4, "Established"
    EMBEDDED = 5, "Embedded and reported"


MATURITY_MEANING = {
    1: "No policy or activity yet.",
    2: "Discussed; looking at what others do.",
    3: "A policy or plan is agreed and being put in place.",
    4: "In routine use in most procurements.",
    5: "Part of every procurement, measured and reported to the board.",
}


class OrganisationStatus(CollaborativeOwned):
    """One cell of the matrix: an organisation's position on one theme or one opportunity."""

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(
        "anchors.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="statuses"
    )
    level = models.PositiveSmallIntegerField(
        "maturity",
        choices=Maturity.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    narrative = models.TextField("where we are", max_length=1000, blank=True)
    next_step = models.CharField("next step", max_length=300, blank=True)
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the position was last changed or confirmed; the stale flag reads this.
    reviewed_at = models.DateTimeField()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name"]
        verbose_name_plural = "organisation statuses"
        constraints = [
            models.CheckConstraint(
                condition=(Q(theme__isnull=False) & Q(opportunity__isnull=True))
                | (Q(theme__isnull=True) & Q(opportunity__isnull=False)),
                name="procurement_status_one_subject",
            ),
            models.UniqueConstraint(
                fields=["organisation", "theme"],
                condition=Q(theme__isnull=False),
                name="procurement_status_unique_theme",
            ),
            models.UniqueConstraint(
                fields=["organisation", "opportunity"],
                condition=Q(opportunity__isnull=False),
                name="procurement_status_unique_opportunity",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="procurement_status_level_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.short_name}: {self.subject}"

    @property
    def subject(self):
        return self.theme if self.theme_id else self.opportunity

    @property
    def subject_key(self) -> str:
        return f"theme-{self.theme_id}" if self.theme_id else f"opportunity-{self.opportunity_id}"

    def get_absolute_url(self):
        kind, pk = self.subject_key.split("-")
        return reverse("procurement:status_cell", args=[self.organisation_id, kind, int(pk)])
