"""Escalations up the governance tree and the decision log.

An escalation's source is held in nullable foreign keys, one per kind of thing it can be raised
from (docs/adr/0016-governance-escalations.md): at most one is set, the database checks it, and
a list reads every source in the same query with ``select_related``.
"""

from django.db import models
from django.db.models import Case, Q, When
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned
from governance.models.authority import AuthorityKind

SOURCE_FIELDS = ("workstream", "action", "barrier", "status_cell", "joint_proposal")


class Escalation(CollaborativeOwned):
    class Ask(models.TextChoices):
        DECISION = "decision", "A decision"
        RESOURCE = "resource", "Resources"
        SPONSORSHIP = "sponsorship", "Senior sponsorship"
        UNBLOCK = "unblock", "Unblocking"

    class State(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        DECIDED = "decided", "Decided"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATES = (State.RAISED, State.ACKNOWLEDGED)

    title = models.CharField(max_length=200)
    ask = models.CharField("what is asked", max_length=20, choices=Ask.choices)
    detail = models.TextField("what is needed and why")
    impact = models.TextField("impact if nothing is done")
    needed_by = models.DateField("decision needed by")
    # Where it comes from (at most one).
    workstream = models.ForeignKey(
        "anchors.Workstream", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        "anchors.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    barrier = models.ForeignKey(
        "governance.Barrier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations",
    )
    status_cell = models.ForeignKey(
        "procurement.OrganisationStatus",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="procurement status",
    )
    joint_proposal = models.ForeignKey(
        "procurement.JointProposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="joint-tender match",
    )
    # Whom it is addressed to: always a group (its level in the tree), optionally a named sponsor.
    addressed_group = models.ForeignKey(
        "governance.Group",
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name="addressed to",
    )
    addressed_sponsor = models.ForeignKey(
        "anchors.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations_addressed",
        verbose_name="named senior sponsor",
    )
    addressed_on = models.DateField("addressed since", default=timezone.localdate)
    # What it asks an organisation to commit, so the page can show who has that authority.
    asks_organisation = models.ForeignKey(
        "anchors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="asks this organisation",
    )
    authority_needed = models.CharField(
        "authority needed", max_length=30, choices=AuthorityKind.choices, blank=True
    )
    amount = models.DecimalField(
        "amount (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    raised_by = models.ForeignKey(
        "anchors.Person", on_delete=models.PROTECT, related_name="escalations_raised"
    )
    raised_on = models.DateField(default=timezone.localdate)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RAISED)
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    auto_escalations = models.PositiveSmallIntegerField(
        "moved up automatically", default=0, editable=False
    )
    outcome_note = models.TextField("note", blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["raised_on", "pk"]
        indexes = [models.Index(fields=["collaborative", "state", "addressed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=["raised", "acknowledged", "decided", "resolved", "withdrawn"]
                ),
                name="governance_escalation_state_valid",
            ),
            models.CheckConstraint(
                condition=(
                    LessThanOrEqual(
                        Case(When(workstream__isnull=False, then=1), default=0)
                        + Case(When(action__isnull=False, then=1), default=0)
                        + Case(When(barrier__isnull=False, then=1), default=0)
                        + Case(When(status_cell__isnull=False, then=1), default=0)
                        + Case(When(joint_proposal__isnull=False, then=1), default=0),
                        1,
                    )
                ),
                name="governance_escalation_one_source",
                violation_error_message="An escalation comes from one thing at most.",
            ),
            models.CheckConstraint(
                condition=~Q(state="acknowledged") | Q(acknowledged_on__isnull=False),
                name="governance_escalation_acknowledged_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["decided", "resolved", "withdrawn"])
                | Q(closed_on__isnull=False),
                name="governance_escalation_closed_dated",
            ),
            models.CheckConstraint(
                condition=~Q(authority_needed="spend") | Q(amount__isnull=False),
                name="governance_escalation_spend_has_amount",
                violation_error_message="Enter the amount asked for, in pounds.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:escalation_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def source(self):
        """The thing it was raised from, or None."""
        for name in SOURCE_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def source_kind(self) -> str:
        for name in SOURCE_FIELDS:
            if getattr(self, f"{name}_id"):
                return str(self._meta.get_field(name).verbose_name).capitalize()
        return ""


class Decision(CollaborativeOwned):
    """One entry of the decision log."""

    escalation = models.OneToOneField(
        Escalation, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    what = models.TextField("what was decided")
    decided_by = models.ForeignKey("anchors.Person", on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(
        "under whose authority",
        max_length=300,
        help_text="For example the group, or the delegation the decision rests on.",
    )
    group = models.ForeignKey(
        "governance.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(default=timezone.localdate)
    follow_up_actions = models.ManyToManyField("anchors.Action", blank=True, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["collaborative", "decided_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="governance_decision_has_what"),
        ]

    def __str__(self):
        return self.what[:80]
