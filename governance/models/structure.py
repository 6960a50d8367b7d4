"""The governance tree: HWB at the top, then the senior leaders' board, the steering group and one
working group per workstream. A group's parent is where its escalations go next."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


class Group(CollaborativeOwned):
    class Kind(models.TextChoices):
        HWB = "hwb", "Health and Wellbeing Board"
        SENIOR_BOARD = "senior_board", "Senior leaders' board"
        STEERING = "steering", "Steering group"
        WORKING = "working", "Working group"

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Every six weeks"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="reports to",
        help_text="The group its escalations go to next.",
    )
    workstream = models.OneToOneField(
        "anchors.Workstream",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_group",
        help_text="Working groups only: the workstream the group runs.",
    )
    chair = models.ForeignKey(
        "anchors.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField("anchors.Person", blank=True, related_name="governance_groups")
    cadence = models.CharField(
        "meets", max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    terms_of_reference = models.TextField("terms of reference", blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("name"), name="governance_group_name_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="working") | Q(workstream__isnull=False),
                name="governance_working_group_has_workstream",
                violation_error_message="A working group runs a workstream: choose one.",
            ),
            models.CheckConstraint(
                condition=Q(kind="working") | Q(workstream__isnull=True),
                name="governance_only_working_groups_run_workstreams",
                violation_error_message="Only a working group runs a workstream.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="governance_group_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:group_detail", args=[self.pk])


class GovernanceSettings(CollaborativeOwned):
    """Per collaborative: how long an escalation may wait to be acknowledged."""

    acknowledge_within_days = models.PositiveSmallIntegerField(
        "days to acknowledge",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="An escalation not acknowledged in this many days moves up one level.",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name_plural = "governance settings"
        constraints = [
            models.UniqueConstraint(fields=["collaborative"], name="governance_settings_once"),
        ]

    def __str__(self):
        return f"Governance settings for {self.collaborative}"
