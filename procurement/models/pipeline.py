"""Each anchor's tender pipeline, the notices an item came from, buyer identifiers, and the
joint-procurement proposals raised from the joint-tender finder."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned

MONEY = {"max_digits": 15, "decimal_places": 2}


class PipelineItem(CollaborativeOwned):
    """One planned procurement of one anchor."""

    class Stage(models.TextChoices):
        PLANNED = "planned", "Planned (no notice yet)"
        PIPELINE = "pipeline", "Pipeline notice (UK1)"
        MARKET_ENGAGEMENT = "market_engagement", "Preliminary market engagement (UK2)"
        PLANNED_PROCUREMENT = "planned_procurement", "Planned procurement notice (UK3)"
        TENDER = "tender", "Tender"
        AWARDED = "awarded", "Awarded"
        CANCELLED = "cancelled", "Cancelled or withdrawn"

    class Route(models.TextChoices):
        OPEN = "open", "Open procedure"
        COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
        RESTRICTED = "restricted", "Restricted or selective"
        FRAMEWORK = "framework", "Call-off from a framework or dynamic market"
        DIRECT = "direct", "Direct award"
        BELOW_THRESHOLD = "below_threshold", "Below threshold (quotes)"
        OTHER = "other", "Other"

    class Source(models.TextChoices):
        FORM = "form", "Entered in the portal"
        CSV = "csv", "CSV import"
        OCDS = "ocds", "OCDS notice"

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.PROTECT, related_name="pipeline_items"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    cpv_code = models.CharField(
        "category (CPV code)",
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", "Enter the 8 digits of a CPV code, like 85000000.")],
        help_text="The 8 digits of the CPV 2008 code, like 85000000 for health and social work.",
    )
    other_cpv_codes = models.JSONField(default=list, blank=True)
    estimated_value = models.DecimalField(
        "estimated value, net (£)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    estimated_value_gross = models.DecimalField(
        "estimated value, gross (£)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    planned_publication_date = models.DateField("planned publication date", null=True, blank=True)
    contract_start = models.DateField("contract start", null=True, blank=True)
    contract_end = models.DateField("contract end", null=True, blank=True)
    latest_extension_date = models.DateField("latest end with extensions", null=True, blank=True)
    current_contract_end = models.DateField(
        "current contract ends",
        null=True,
        blank=True,
        help_text="When the contract this procurement replaces expires.",
    )
    incumbent_supplier = models.ForeignKey(
        "procurement.Supplier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expiring_pipeline_items",
        help_text="Who holds the contract that expires.",
    )
    procurement_route = models.CharField(max_length=30, choices=Route.choices, blank=True)
    route_details = models.CharField("route as published", max_length=300, blank=True)
    social_value_weighting = models.DecimalField(
        "social value weighting (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    open_to_joint = models.BooleanField("open to joint procurement", default=False)
    suitable_sme = models.BooleanField("suitable for SMEs", null=True, blank=True)
    suitable_vcse = models.BooleanField("suitable for VCSEs", null=True, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.PLANNED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    ocid = models.CharField(
        "OCDS contracting process id (ocid)", max_length=120, blank=True, db_index=True
    )
    # The procurement window the joint-tender finder compares: from planned publication to
    # contract start (either alone when only one is known). Kept by ``save``.
    window_start = models.DateField(null=True, blank=True, editable=False)
    window_end = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "window_start", "window_end"])

    class Meta:
        ordering = ["window_start", "title", "pk"]
        indexes = [
            models.Index(fields=["collaborative", "cpv_code"], name="pipeline_collab_cpv"),
            models.Index(fields=["collaborative", "window_start"], name="pipeline_collab_window"),
            # The finder's cache key (row count and latest change) reads this index alone.
            models.Index(fields=["collaborative", "updated_at"], name="pipeline_collab_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "ocid"],
                condition=~Q(ocid=""),
                name="pipeline_ocid_unique_per_collaborative",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="pipeline_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value_gross__isnull=True) | Q(estimated_value_gross__gte=0),
                name="pipeline_gross_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(social_value_weighting__isnull=True)
                | (Q(social_value_weighting__gte=0) & Q(social_value_weighting__lte=100)),
                name="pipeline_social_value_percent",
            ),
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_end__gte=F("contract_start")),
                name="pipeline_contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(latest_extension_date__isnull=True)
                | Q(latest_extension_date__gte=F("contract_end")),
                name="pipeline_extension_after_end",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="pipeline_has_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:pipeline_detail", args=[self.pk])

    def window(self):
        """(start, end) of the procurement window, or (None, None) when no date is known."""
        start = self.planned_publication_date or self.contract_start or self.current_contract_end
        end = self.contract_start or self.current_contract_end or start
        if start and end and end < start:
            start, end = end, start
        return start, end

    def save(self, *args, **kwargs):
        self.window_start, self.window_end = self.window()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "window_start", "window_end"}
        super().save(*args, **kwargs)


class PipelineNotice(CollaborativeOwned):
    """One published notice (an OCDS release) a pipeline item came from or was updated by."""

    item = models.ForeignKey(PipelineItem, on_delete=models.CASCADE, related_name="notices")
    release_id = models.CharField("release id", max_length=200)
    notice_type = models.CharField(max_length=10, blank=True, help_text="UK1, UK2, … when given.")
    stage = models.CharField(max_length=30, choices=PipelineItem.Stage.choices)
    published = models.DateTimeField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    applied = models.BooleanField(
        default=True,
        help_text="False when an older notice arrived after a newer one and changed nothing.",
    )

    class Meta:
        ordering = ["published", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "release_id"], name="pipeline_notice_once"),
        ]

    def __str__(self):
        return f"{self.notice_type or self.get_stage_display()} {self.release_id}"


class BuyerIdentifier(CollaborativeOwned):
    """An identifier notices give an organisation as buyer (``GB-LAC-E09000012``,
    ``GB-NHS-RWK``, a ``GB-PPON-…`` number): how an OCDS release finds its anchor."""

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="buyer_identifiers"
    )
    identifier = models.CharField(
        max_length=200,
        help_text="Scheme and id as notices write them, like GB-LAC-E09000012 or GB-NHS-RWK.",
    )

    class Meta:
        ordering = ["identifier"]
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("identifier"), name="buyer_identifier_unique"
            ),
        ]

    def __str__(self):
        return self.identifier


class JointProposal(CollaborativeOwned):
    """A joint-tender match raised as a joint-procurement proposal: an action for the
    facilitator now; the governance app can escalate it through ``source_reference``."""

    match_key = models.CharField(max_length=500)
    cpv_prefix = models.CharField(max_length=4)
    items = models.ManyToManyField(PipelineItem, related_name="joint_proposals")
    organisations = models.ManyToManyField("anchors.Organisation", related_name="+")
    action = models.ForeignKey(
        "anchors.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "match_key"], name="joint_proposal_once_per_match"
            ),
        ]

    def __str__(self):
        return self.summary[:80]

    @property
    def source_reference(self) -> str:
        """What a higher app's "raise an escalation" link names (DESIGN: ?source=…)."""
        return f"procurement.match:{self.pk}"
