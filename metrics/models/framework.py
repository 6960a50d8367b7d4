"""The shared metric framework: outcomes, metrics, version notes and targets."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned

CODE_RE = r"^[A-Z0-9][A-Z0-9-]{1,29}$"
# Figures: up to 9,999,999,999,999.99 in pounds, counts, hours, FTE or tCO2e.
MAX_DIGITS = 15
DECIMAL_PLACES = 2


class Outcome(CollaborativeOwned):
    """What the collaborative wants to change; metrics are grouped under outcomes."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("name"), name="metrics_outcome_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Metric(CollaborativeOwned):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        GBP = "gbp", "£ (pounds)"
        PERCENT = "percent", "% (share)"
        TCO2E = "tco2e", "tCO2e (tonnes of carbon dioxide equivalent)"
        FTE = "fte", "FTE (full-time equivalent)"
        HOURS = "hours", "Hours"

    class Kind(models.TextChoices):
        AMOUNT = "amount", "Count or amount: summed across anchors"
        RATIO = (
            "ratio",
            "Ratio: numerator and denominator, aggregated as Σ numerator ÷ Σ denominator",
        )

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class OverTime(models.TextChoices):
        FLOW = "flow", "Flow: a year is the sum of its quarters"
        STOCK = "stock", "Position: a year is its latest quarter"

    code = models.CharField(
        max_length=30,
        validators=[
            RegexValidator(
                CODE_RE, "Use 2 to 30 capital letters, digits and hyphens, like LOC-SPEND."
            )
        ],
        help_text="Short and stable; import files name metrics by this code, like LOC-SPEND.",
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What counts and what does not.")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="metrics")
    themes = models.ManyToManyField("anchors.Theme", blank=True, related_name="+")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AMOUNT)
    over_time = models.CharField(
        "over a year", max_length=20, choices=OverTime.choices, default=OverTime.FLOW
    )
    direction = models.CharField(max_length=20, choices=Direction.choices)
    numerator_label = models.CharField(
        max_length=200, blank=True, help_text="Ratio metrics: what the numerator counts."
    )
    denominator_label = models.CharField(
        max_length=200, blank=True, help_text="Ratio metrics: what the denominator counts."
    )
    allow_negative = models.BooleanField(
        "negative values allowed",
        default=False,
        help_text="Only for measures that can fall below zero, such as a net change.",
    )
    proxy_value = models.DecimalField(
        "proxy value per unit (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Optional: the £ social value of one unit. Name its source and year.",
    )
    proxy_source = models.CharField(max_length=400, blank=True)
    proxy_year = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence_required = models.TextField(
        blank=True, help_text="What each anchor keeps or attaches to back up its figure."
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "code"], name="metrics_code_unique"),
            models.CheckConstraint(
                condition=~Q(kind="ratio") | Q(unit="percent"),
                name="metrics_ratio_is_percent",
            ),
            models.CheckConstraint(
                condition=Q(proxy_value__isnull=True)
                | (
                    Q(proxy_value__gte=0)
                    & ~Q(proxy_source="")
                    & Q(proxy_year__isnull=False)
                    & Q(kind="amount")
                ),
                name="metrics_proxy_has_source_and_year",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("metrics:metric_detail", args=[self.pk])

    @property
    def is_ratio(self) -> bool:
        return self.kind == self.Kind.RATIO

    @property
    def per_unit(self) -> str:
        """For proxies: “per hour”, “per FTE”, “per £1”."""
        return {
            "count": "per one counted",
            "gbp": "per £1",
            "tco2e": "per tonne CO2e",
            "fte": "per FTE",
            "hours": "per hour",
        }.get(self.unit, "per unit")

    @property
    def unit_symbol(self) -> str:
        return {"gbp": "£", "percent": "%"}.get(self.unit, self.get_unit_display().split(" ")[0])


class FrameworkVersion(CollaborativeOwned):
    """Each change to the framework gets a number and a note saying what changed and why."""

    number = models.PositiveIntegerField()
    note = models.TextField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "number"], name="metrics_framework_version_unique"
            ),
        ]

    def __str__(self):
        return f"Version {self.number}"


class Target(CollaborativeOwned):
    """A target for one financial year: for the collective (no organisation) or one anchor.

    Flow metrics: the year's total. Position metrics: the level at year end. Ratios: a percentage.
    """

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        "anchors.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Leave empty for a collective target.",
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2025 means April 2025 to March 2026."
    )
    value = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["metric", "financial_year", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "financial_year", "organisation"],
                condition=Q(organisation__isnull=False),
                name="metrics_target_unique_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["metric", "financial_year"],
                condition=Q(organisation__isnull=True),
                name="metrics_target_unique_collective",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="metrics_target_not_negative"),
        ]

    def __str__(self):
        who = self.organisation.short_name if self.organisation_id else "Collective"
        return f"{self.metric.code} {self.financial_year}: {who}"
