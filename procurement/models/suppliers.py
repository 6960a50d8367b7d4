"""The supplier register: suppliers, which anchors buy from them, engagement events, passports,
and the collaborative's local area as postcode districts."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned
from procurement.identity import DISTRICT_RE


class AreaDistrict(CollaborativeOwned):
    """One postcode district of the collaborative's area; suppliers there count as local."""

    district = models.CharField(
        max_length=4,
        validators=[RegexValidator(DISTRICT_RE.pattern, "Enter a postcode district, like E8.")],
    )
    partial = models.BooleanField(
        "only part of the district is in the area",
        default=False,
        help_text="Suppliers anywhere in the district still count as local.",
    )
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["district"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "district"], name="procurement_area_district_unique"
            ),
        ]

    def __str__(self):
        return self.district


class Supplier(CollaborativeOwned):
    """A business, charity or social enterprise that sells, or could sell, to the anchors."""

    name = models.CharField(max_length=200)
    # Filled by the register's services from ``name``; duplicates are found on it.
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    company_number = models.CharField(
        max_length=8,
        blank=True,
        help_text="Companies House number, 8 characters, like 03529700 or SC123456.",
    )
    charity_number = models.CharField(
        max_length=12, blank=True, help_text="Charity Commission or OSCR number."
    )
    postcode = models.CharField(max_length=8, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, editable=False)
    is_local = models.BooleanField(
        "locally based",
        default=False,
        editable=False,
        help_text="Its postcode is in one of the area's postcode districts.",
    )
    website = models.URLField(blank=True)
    sme = models.BooleanField("small or medium-sized enterprise (SME)", default=False)
    vcse = models.BooleanField("voluntary, community or social enterprise (VCSE)", default=False)
    bame_led = models.BooleanField("led by Black, Asian or minority ethnic people", default=False)
    living_wage_employer = models.BooleanField("accredited Living Wage employer", default=False)
    description = models.TextField("what it supplies", blank=True, max_length=2000)
    buyers = models.ManyToManyField(
        "anchors.Organisation", through="SupplierBuyer", related_name="+", blank=True
    )
    needs_review = models.BooleanField(
        default=False, help_text="Created by an import; someone should check its details."
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "company_number"],
                condition=~Q(company_number=""),
                name="procurement_supplier_company_number_unique",
            ),
            models.UniqueConstraint(
                fields=["collaborative", "normalised_name", "postcode"],
                name="procurement_supplier_name_postcode_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("procurement:supplier_detail", args=[self.pk])


class SupplierBuyer(CollaborativeOwned):
    """An anchor buys from the supplier."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="buyer_links")
    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    what = models.CharField("what they buy", max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "organisation"], name="procurement_supplier_buyer_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} buys from {self.supplier}"


class EngagementEvent(CollaborativeOwned):
    """A session the anchors run for suppliers together: meet the buyer, bid training."""

    class Kind(models.TextChoices):
        MEET_THE_BUYER = "meet_the_buyer", "Meet the buyer"
        BID_TRAINING = "bid_training", "Training on bidding"
        MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    hosts = models.ManyToManyField("anchors.Organisation", related_name="+", blank=True)
    description = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:event_detail", args=[self.pk])


class EventAttendance(CollaborativeOwned):
    """A supplier booked on, and perhaps attended, an engagement event."""

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="attendances")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(default=True)
    people = models.PositiveSmallIntegerField("people who came", default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "supplier"], name="procurement_attendance_unique"
            ),
        ]

    def __str__(self):
        return f"{self.supplier} at {self.event}"


class PassportItem(CollaborativeOwned):
    """One piece of a supplier's evidence, recorded once and seen by every anchor buying from it."""

    class Kind(models.TextChoices):
        CARBON_REDUCTION_PLAN = "carbon_plan", "Carbon reduction plan"
        MODERN_SLAVERY_STATEMENT = "ms_statement", "Modern slavery statement"
        MODERN_SLAVERY_RISK = "ms_risk", "Modern slavery risk assessment"
        LIVING_WAGE = "living_wage", "Living wage accreditation"
        SOCIAL_VALUE = "social_value", "Social value commitments"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="passport")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    dated = models.DateField("date of the document")
    review_date = models.DateField("review by")
    scope = models.CharField(
        max_length=200,
        blank=True,
        help_text="What it covers, like Scopes 1, 2 and 3 for a carbon reduction plan.",
    )
    link = models.URLField(max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["supplier", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "kind"], name="procurement_passport_unique"
            ),
            models.CheckConstraint(
                condition=Q(review_date__gte=models.F("dated")),
                name="procurement_passport_review_after_date",
            ),
        ]

    def __str__(self):
        return f"{self.supplier}: {self.get_kind_display()}"
