"""Reporting periods: UK financial quarters (Q1 is April to June)."""

import datetime
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned

# 2025-26-Q1, 2025/26 Q1, 2025-26 q1 ...
PERIOD_CODE_RE = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s*[- ]?\s*[Qq]([1-4])\s*$")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def quarter_dates(financial_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a UK financial quarter: Q1 April–June ... Q4 January–March."""
    start_month = 4 + 3 * (quarter - 1)
    year = financial_year
    if start_month > 12:
        start_month -= 12
        year += 1
    start = datetime.date(year, start_month, 1)
    end_month, end_year = start_month + 3, year
    if end_month > 12:
        end_month -= 12
        end_year += 1
    end = datetime.date(end_year, end_month, 1) - datetime.timedelta(days=1)
    return start, end


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """The (financial year, quarter) a date falls in."""
    financial_year = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return financial_year, quarter


def period_code(financial_year: int, quarter: int) -> str:
    return f"{financial_year}-{(financial_year + 1) % 100:02d}-Q{quarter}"


def parse_period_code(text: str) -> tuple[int, int] | None:
    match = PERIOD_CODE_RE.match(str(text))
    if not match:
        return None
    year, suffix, quarter = int(match[1]), int(match[2]), int(match[3])
    if (year + 1) % 100 != suffix:
        return None
    return year, quarter


def financial_year_label(financial_year: int) -> str:
    return f"{financial_year}/{(financial_year + 1) % 100:02d}"


class ReportingPeriod(CollaborativeOwned):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    financial_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the financial year starts: 2025 means April 2025 to March 2026.",
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Q1 is April to June.",
    )
    start_date = models.DateField(editable=False)
    end_date = models.DateField(editable=False)
    deadline = models.DateField(
        "submission deadline", help_text="The last day for anchors to submit their values."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["financial_year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "financial_year", "quarter"],
                name="metrics_period_unique",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="metrics_period_quarter"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="metrics_period_dates"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("end_date")),
                name="metrics_period_deadline_after_end",
                violation_error_message="The deadline must be on or after the quarter's last day.",
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.start_date, self.end_date = quarter_dates(self.financial_year, self.quarter)
        super().save(*args, **kwargs)

    def clean(self):
        if self.financial_year and self.quarter:
            self.start_date, self.end_date = quarter_dates(self.financial_year, self.quarter)

    def get_absolute_url(self):
        return reverse("metrics:period_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return period_code(self.financial_year, self.quarter)

    @property
    def label(self) -> str:
        start, end = quarter_dates(self.financial_year, self.quarter)
        months = f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {end.year}"
        return f"{financial_year_label(self.financial_year)} Q{self.quarter} ({months})"

    @property
    def short_label(self) -> str:
        return f"{financial_year_label(self.financial_year)} Q{self.quarter}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def fy_label(self) -> str:
        return financial_year_label(self.financial_year)
