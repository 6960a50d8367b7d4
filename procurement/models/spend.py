"""Spend analysis: uploaded spend files, their lines, and each organisation's remembered mapping
of a file's headings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class DateOrder(models.TextChoices):
    DAY_FIRST = "day_first", "Day first, like 31/01/2025 (UK)"
    MONTH_FIRST = "month_first", "Month first, like 01/31/2025 (US)"


class SpendMapping(CollaborativeOwned):
    """Which column of a file holds what, as an organisation's lead confirmed it: found again
    when a file with the same headings comes back."""

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    signature = models.CharField(max_length=40, help_text="The file's headings, normalised.")
    headings = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="Field name → column position.")
    date_order = models.CharField(max_length=12, choices=DateOrder.choices, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "signature"], name="procurement_spend_mapping_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {len(self.headings)} headings"


class SpendBatch(CollaborativeOwned):
    """One uploaded spend file of an organisation for a reporting period: kept as read until it
    is imported (all or nothing), then the record of the lines it gave."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Checked, not imported"
        IMPORTED = "imported", "Imported"

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    parsed = models.BinaryField(help_text="The file's cells as read (compressed JSON).")
    signature = models.CharField(max_length=40)
    mapping = models.JSONField(default=dict, blank=True)
    date_order = models.CharField(max_length=12, choices=DateOrder.choices, blank=True)
    excluded_rows = models.JSONField(
        default=list,
        blank=True,
        help_text="Rows the lead chose to leave out, by row number in the file.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    lines_imported = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    metrics_note = models.TextField(
        blank=True, help_text="Which metric values the import wrote as drafts, and which not."
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "parsed"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "spend batches"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sha256"],
                condition=Q(status="imported"),
                name="procurement_spend_file_once",
                violation_error_message="This file has already been imported.",
            ),
        ]

    def __str__(self):
        return self.filename


class SpendLine(CollaborativeOwned):
    """One payment of an imported file. A supplier whose name the body withheld is counted
    (``redacted``) with no supplier and no name."""

    # The collaborative, organisation, period and creator are the batch's, copied onto each line
    # so that reads need no join. Each is a real foreign key all the same: the database refuses a
    # line whose copy points nowhere, whatever wrote it (ADR 15 measured the cost of the checks).
    collaborative = models.ForeignKey(
        "anchors.Collaborative", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    batch = models.ForeignKey(SpendBatch, on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    row = models.PositiveIntegerField(help_text="Its row in the file as published.")
    date = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    supplier = models.ForeignKey(
        "procurement.Supplier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spend_lines",
    )
    supplier_name = models.CharField(max_length=200, blank=True)
    redacted = models.BooleanField(default=False)
    category_code = models.CharField(max_length=20, blank=True)
    category = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    department = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["batch", "row"]
        indexes = [models.Index(fields=["organisation", "period"], name="procurement_spend_org")]
        constraints = [
            models.CheckConstraint(
                condition=Q(redacted=False) | (Q(supplier__isnull=True) & Q(supplier_name="")),
                name="procurement_spend_redacted_unnamed",
            ),
            models.CheckConstraint(
                condition=Q(redacted=True) | Q(supplier__isnull=False),
                name="procurement_spend_line_supplier",
            ),
        ]

    def __str__(self):
        return f"{self.supplier_name or 'Withheld'}: £{self.amount}"
