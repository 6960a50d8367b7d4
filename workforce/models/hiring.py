"""New starters by home area and deprivation, routes into work, and the collaborative's settings.

Starters are pseudonymous rows (band, start date, route, home LSOA) or, where an anchor will not
share rows, counts for a period. Figures never mix deprivation editions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from anchors.common.models import TimeStampedModel
from anchors.models.core import CollaborativeOwned
from workforce.models.geography import DeprivationEdition

# City of London and Hackney: the demo collaborative's boroughs (local authority district codes).
DEFAULT_AREA_DISTRICTS = "E09000001, E09000012"


class WorkforceSettings(TimeStampedModel):
    """A collaborative's workforce choices: its boroughs and what counts as 'most deprived'."""

    collaborative = models.OneToOneField(
        "anchors.Collaborative", on_delete=models.CASCADE, related_name="+"
    )
    area_districts = models.CharField(
        "boroughs (local authority district codes)",
        max_length=500,
        default=DEFAULT_AREA_DISTRICTS,
        help_text="Comma-separated codes, e.g. E09000001, E09000012.",
    )
    deprived_decile_cutoff = models.PositiveSmallIntegerField(
        "most deprived deciles: 1 to",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name_plural = "workforce settings"

    def __str__(self):
        return f"Workforce settings of {self.collaborative}"

    @property
    def districts(self) -> list[str]:
        return [code.strip().upper() for code in self.area_districts.split(",") if code.strip()]


class Route(models.TextChoices):
    DIRECT = "direct", "Direct recruitment"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    VOLUNTEER = "volunteer", "Volunteer to employment"
    SCHOOL_COLLEGE = "school_college", "School or college"
    EMPLOYMENT_SUPPORT = "employment_support", "Employment support programme"


class Band(models.TextChoices):
    BAND_1_3 = "1-3", "Bands 1 to 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8_9 = "8-9", "Bands 8 and 9"
    MEDICAL = "medical", "Medical and dental"
    OTHER = "other", "Other or local pay scale"


class Starter(CollaborativeOwned):
    """One new starter: band, start date, route, home LSOA and its decile; nothing personal."""

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    role_band = models.CharField(max_length=10, choices=Band.choices)
    start_date = models.DateField()
    route = models.CharField(max_length=20, choices=Route.choices)
    home_lsoa = models.CharField("home LSOA", max_length=9, blank=True)
    edition = models.ForeignKey(
        DeprivationEdition, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imd_decile = models.PositiveSmallIntegerField("IMD decile", null=True, blank=True)
    in_area = models.BooleanField("resident in the collaborative's boroughs", null=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "pk"]
        indexes = [
            models.Index(
                fields=["collaborative", "period", "organisation"], name="workforce_starter_period"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(imd_decile__isnull=True) | Q(edition__isnull=False),
                name="workforce_starter_decile_has_edition",
            ),
        ]

    def __str__(self):
        return f"Starter at {self.organisation} on {self.start_date}"


class StarterCount(CollaborativeOwned):
    """Starters counted for a period and route, where an anchor will not share rows."""

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    route = models.CharField(max_length=20, choices=Route.choices)
    edition = models.ForeignKey(DeprivationEdition, on_delete=models.PROTECT, related_name="+")
    decile_cutoff = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    starters = models.PositiveIntegerField()
    resident_in_area = models.PositiveIntegerField()
    from_deprived_deciles = models.PositiveIntegerField()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["period", "organisation__name", "route"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "route"], name="workforce_count_unique"
            ),
            models.CheckConstraint(
                condition=Q(resident_in_area__lte=F("starters"))
                & Q(from_deprived_deciles__lte=F("starters")),
                name="workforce_count_parts_within_whole",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}, {self.period}: {self.starters} starters ({self.route})"


class RouteProgramme(CollaborativeOwned):
    """A volunteer programme or a school/college partnership an anchor runs."""

    class Kind(models.TextChoices):
        VOLUNTEERING = "volunteering", "Volunteer programme"
        SCHOOL_COLLEGE = "school_college", "School or college partnership"

    organisation = models.ForeignKey(
        "anchors.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    partner = models.CharField(max_length=200)
    activity = models.CharField(max_length=300)
    active = models.BooleanField(default=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name", "kind", "partner"]

    def __str__(self):
        return f"{self.partner}: {self.activity}"


class RouteActivity(CollaborativeOwned):
    """People reached in a period by a route programme, and how many progressed into employment."""

    programme = models.ForeignKey(RouteProgramme, on_delete=models.CASCADE, related_name="counts")
    period = models.ForeignKey(
        "metrics.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    people_reached = models.PositiveIntegerField()
    progressions = models.PositiveIntegerField("progressions into employment")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["period", "programme"]
        verbose_name_plural = "route activities"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period"], name="workforce_route_activity_unique"
            ),
            models.CheckConstraint(
                condition=Q(progressions__lte=F("people_reached")),
                name="workforce_route_progressions_within_reached",
            ),
        ]

    def __str__(self):
        return f"{self.programme}, {self.period}"
