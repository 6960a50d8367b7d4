"""The quarterly HWB report: a draft built from live data, then a frozen published snapshot."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


def report_pdf_path(instance, filename):
    return f"governance/reports/{instance.collaborative_id}/{instance.pk}/{filename}"


class Report(CollaborativeOwned):
    """One report per reporting period. While a draft, its figures are read from the data each
    time it is shown; publishing stores them in ``snapshot`` (JSON) and they never change again:
    a later correction appears in the next quarter's report."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class PdfState(models.TextChoices):
        NONE = "none", "Not made"
        PENDING = "pending", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # Section key -> the facilitator's narrative for that section (plain text).
    narrative = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=report_pdf_path, blank=True, max_length=300)
    pdf_state = models.CharField(max_length=20, choices=PdfState.choices, default=PdfState.NONE)
    pdf_error = models.CharField(max_length=500, blank=True)
    pdf_seconds = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "snapshot"])

    class Meta:
        ordering = ["-period__financial_year", "-period__quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "period"], name="governance_report_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft")
                | models.Q(snapshot__isnull=False, published_at__isnull=False),
                name="governance_report_published_has_snapshot",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED
