"""Each anchor's value for a metric in a period, file imports, and deadline reminders."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned
from metrics.formatting import format_figure
from metrics.models.framework import DECIMAL_PLACES, MAX_DIGITS, Metric
from metrics.models.periods import ReportingPeriod


def _figure(name, **kwargs):
    return models.DecimalField(
        name, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True, **kwargs
    )


def _user(related_name="+"):
    # Not indexed: values are never looked up by who entered, submitted, verified or returned
    # them, and each index is one more to keep up to date for every imported value (ADR 8).
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        db_index=False,
    )


def evidence_path(instance, filename):
    return f"metrics/evidence/{instance.collaborative_id}/{instance.period_id}/{filename}"


class MetricValue(CollaborativeOwned):
    """One organisation's figure for one metric in one period.

    Draft → submitted → verified, or submitted → returned (with a reason) → resubmitted → verified.
    Amounts use ``value``; ratios keep ``numerator`` and ``denominator`` so they aggregate as
    Σ numerator ÷ Σ denominator.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for revision"
        RESUBMITTED = "resubmitted", "Resubmitted"
        VERIFIED = "verified", "Verified"

    # Counted in collective totals; drafts and returned values are not.
    COUNTED = (State.SUBMITTED, State.RESUBMITTED, State.VERIFIED)
    # Awaiting the facilitator's check.
    AWAITING = (State.SUBMITTED, State.RESUBMITTED)
    # The anchor may change the figures.
    EDITABLE = (State.DRAFT, State.RETURNED)

    # The organisation's and the period's own indexes would repeat the first column of the
    # unique (organisation, metric, period) constraint and of the (period, state) index.
    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    value = _figure("value")
    numerator = _figure("numerator")
    denominator = _figure("denominator")
    evidence_note = models.TextField(blank=True, max_length=2000)
    evidence_file = models.FileField(upload_to=evidence_path, blank=True, max_length=300)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    entered_by = _user()
    submitted_by = _user()
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = _user()
    verified_at = models.DateTimeField(null=True, blank=True)
    returned_by = _user()
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField("reason for returning", blank=True, max_length=2000)
    created_by = models.ForeignKey(  # TimeStampedModel's, not indexed here (see _user)
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
    )
    # History is read by value (``id``) and date. The copied keys are not indexed: an import of
    # 100,000 values writes as many history rows, and nine more indexes to keep up to date made
    # that write the slowest part of the import (ADR 8).
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=[
            "created_by",
            "collaborative",
            "organisation",
            "metric",
            "period",
            "entered_by",
            "submitted_by",
            "verified_by",
            "returned_by",
        ],
    )

    class Meta:
        ordering = ["period", "metric", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "metric", "period"],
                name="metrics_value_one_per_org_metric_period",
                violation_error_message="This organisation already has a value for this "
                "metric in this period.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(value__isnull=False, numerator__isnull=True, denominator__isnull=True)
                    | Q(value__isnull=True, numerator__isnull=False, denominator__isnull=False)
                ),
                name="metrics_value_amount_or_ratio",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="metrics_value_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | (Q(numerator__gte=0) & Q(numerator__lte=F("denominator"))),
                name="metrics_value_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="metrics_value_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="verified") | Q(verified_by__isnull=False),
                name="metrics_value_verified_has_verifier",
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | ~Q(verified_by=F("submitted_by")),
                name="metrics_value_submitter_cannot_verify",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"], name="metrics_value_period_state")]

    def __str__(self):
        return f"{self.metric.code} {self.period} {self.organisation.short_name}"

    def get_absolute_url(self):
        return reverse("metrics:value_detail", args=[self.pk])

    @property
    def ratio(self):
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator * 100

    @property
    def display(self) -> str:
        if self.value is not None:
            return format_figure(self.value, self.metric.unit)
        if self.numerator is not None:
            return (
                f"{format_figure(self.ratio, 'percent')} "
                f"({format_figure(self.numerator, 'count')} of "
                f"{format_figure(self.denominator, 'count')})"
            )
        return "—"

    @property
    def short_display(self) -> str:
        """The figure alone: a ratio as its percentage."""
        if self.value is not None:
            return format_figure(self.value, self.metric.unit)
        return format_figure(self.ratio, "percent") if self.numerator is not None else "—"

    @property
    def is_locked(self) -> bool:
        return self.state not in self.EDITABLE


class ImportBatch(CollaborativeOwned):
    """An uploaded file, kept until it is imported, with its checked plan; the preview's digest
    guards the confirm."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        IMPORTED = "imported", "Imported"

    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    parsed = models.BinaryField(
        default=b"",
        help_text="The file's cells as read (compressed JSON): only uploads held before checked "
        "plans were kept have them; others are read again from the file when checked again.",
    )
    checked_plan = models.BinaryField(
        default=b"",
        help_text="The dry run's checked plan (compressed JSON), reused by the preview and the "
        "confirm while nothing it was checked against changed; emptied once imported.",
    )
    checked_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="What the checked plan was checked against: the file's bytes, the look-ups and "
        "the uploader's organisations.",
    )
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    plan_digest = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    to_change = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return self.filename


class ReminderLog(CollaborativeOwned):
    """One deadline reminder to one lead on one day: the task never sends the same twice."""

    person = models.ForeignKey("anchors.Person", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    email = models.EmailField()
    summary = models.TextField()

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "person", "sent_on"], name="metrics_reminder_once_a_day"
            ),
        ]

    def __str__(self):
        return f"Reminder to {self.email} on {self.sent_on}"
