"""The quarterly collective-impact self-assessment: each core anchor rates the five conditions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class Condition(models.TextChoices):
    COMMON_AGENDA = "common_agenda", "Common agenda"
    SHARED_MEASUREMENT = "shared_measurement", "Shared measurement"
    MUTUALLY_REINFORCING = "mutually_reinforcing", "Mutually reinforcing activities"
    CONTINUOUS_COMMUNICATION = "continuous_communication", "Continuous communication"
    BACKBONE_SUPPORT = "backbone_support", "Backbone support"


class SelfAssessment(CollaborativeOwned):
    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    respondent = models.ForeignKey("anchors.Person", on_delete=models.PROTECT, related_name="+")
    condition = models.CharField(max_length=30, choices=Condition.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["period__financial_year", "period__quarter", "organisation__name", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation", "condition"],
                name="governance_assessment_once_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="governance_assessment_score_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_condition_display()}: {self.score}"
