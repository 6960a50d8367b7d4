"""The roadmap: the paper's seven recommendations as tracked items, and the shared objectives (the
common agenda) with the metrics that evidence each."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class Recommendation(CollaborativeOwned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        STALLED = "stalled", "Stalled"

    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        "anchors.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    next_step = models.CharField("next step", max_length=300, blank=True)
    evidence = models.TextField(blank=True, help_text="What shows progress, with links.")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "number"], name="governance_recommendation_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Objective(CollaborativeOwned):
    """A shared objective of the common agenda, evidenced by metrics."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    metrics = models.ManyToManyField("metrics.Metric", blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title
