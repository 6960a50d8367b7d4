"""The barrier register: what stands in the way, who owns it and how it is mitigated."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class Barrier(CollaborativeOwned):
    class Category(models.TextChoices):
        REGULATION = "regulation", "Regulation"
        SIGN_OFF = "sign_off", "Sign-off"
        TIMELINE = "timeline", "Timeline"
        RESOURCE = "resource", "Resource"
        CULTURE = "culture", "Culture"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MITIGATING = "mitigating", "Being mitigated"
        RESOLVED = "resolved", "Resolved"
        ACCEPTED = "accepted", "Accepted"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    workstreams = models.ManyToManyField("anchors.Workstream", blank=True, related_name="+")
    organisations = models.ManyToManyField("anchors.Organisation", blank=True, related_name="+")
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        "anchors.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    from_paper = models.BooleanField("named in the HWB paper", default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["status", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    category__in=["regulation", "sign_off", "timeline", "resource", "culture"]
                ),
                name="governance_barrier_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "mitigating", "resolved", "accepted"]),
                name="governance_barrier_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:barrier_detail", args=[self.pk])
