"""Official deprivation tables and the postcode-to-LSOA lookup (national reference data, shared by
every collaborative of a deployment).

An edition is one publication of the English Indices of Deprivation (2019 on 2011 LSOAs, 2025 on
2021 LSOAs). Every figure is built from one edition only; records store the edition they used.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from anchors.common.models import TimeStampedModel

LSOA_CODE = r"^[EW]0[0-9]{7}$"


class DeprivationEdition(TimeStampedModel):
    """One published edition of the indices, as loaded here."""

    class Geography(models.TextChoices):
        LSOA_2011 = "2011", "2011 LSOAs"
        LSOA_2021 = "2021", "2021 LSOAs"

    code = models.CharField(max_length=4, unique=True, help_text="The edition's year, e.g. 2019.")
    name = models.CharField(max_length=120)
    geography = models.CharField("LSOA geography", max_length=4, choices=Geography.choices)
    source = models.CharField(max_length=300, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-code"]

    def __str__(self):
        return self.name


class LsoaDeprivation(models.Model):
    """An LSOA's rank and decile in one edition (1 = most deprived 10 %)."""

    edition = models.ForeignKey(DeprivationEdition, on_delete=models.CASCADE, related_name="rows")
    lsoa_code = models.CharField(max_length=9)
    lsoa_name = models.CharField(max_length=100, blank=True)
    district_code = models.CharField(max_length=9, blank=True)
    district_name = models.CharField(max_length=100, blank=True)
    rank = models.PositiveIntegerField()
    decile = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["edition", "lsoa_code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "lsoa_code"], name="workforce_lsoa_unique"),
            models.CheckConstraint(
                condition=models.Q(decile__gte=1) & models.Q(decile__lte=10),
                name="workforce_lsoa_decile_1_10",
            ),
        ]

    def __str__(self):
        return f"{self.lsoa_code} ({self.edition.code}): decile {self.decile}"


class PostcodeLookupLoad(TimeStampedModel):
    """A loaded postcode directory (ONSPD or NSPL): postcode entry is offered only once one is."""

    source = models.CharField(max_length=300)
    row_count = models.PositiveIntegerField(default=0)
    has_lsoa11 = models.BooleanField(default=False)
    has_lsoa21 = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source} ({self.row_count:,} postcodes)"


class PostcodeLsoa(models.Model):
    """One postcode's LSOAs. The key is the postcode upper-cased without spaces ("E84AA")."""

    postcode = models.CharField(max_length=8, primary_key=True)
    lsoa11 = models.CharField(max_length=9, blank=True)
    lsoa21 = models.CharField(max_length=9, blank=True)

    def __str__(self):
        return self.postcode
