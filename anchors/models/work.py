"""Workstreams, participation and sponsorship, the workshop log, actions and reminders."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned, Organisation, Person, Theme

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Workstream(CollaborativeOwned):
    """A strand of joint work (procurement, workforce...) that several anchors take part in."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="Why the anchors work on this together.")
    objectives = models.TextField(
        blank=True, help_text="What the workstream means to achieve; one objective a line."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    next_workshop_on = models.DateField(
        "next workshop",
        null=True,
        blank=True,
        help_text="When the group meets next, if a date is set.",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("name"), name="workstream_name_unique_per_collaborative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "active", "paused", "closed"]),
                name="workstream_status_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("anchors:workstream_detail", args=[self.pk])

    def objective_lines(self):
        return [line.strip(" -•\t") for line in self.objectives.splitlines() if line.strip()]


class WorkstreamStatusChange(CollaborativeOwned):
    """Every change of a workstream's status: who (created_by), when, from, to and why."""

    workstream = models.ForeignKey(
        Workstream, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        max_length=20, choices=Workstream.Status.choices, blank=True, help_text="Blank: created."
    )
    to_status = models.CharField(max_length=20, choices=Workstream.Status.choices)
    reason = models.TextField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="workstream_status_change_needs_reason"
            ),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="workstream_status_change_changes",
            ),
        ]

    def __str__(self):
        before = self.get_from_status_display() or "new"
        return f"{self.workstream}: {before} → {self.get_to_status_display()}"


class Participation(CollaborativeOwned):
    """One organisation taking part in a workstream: its lead, sponsor and what it commits."""

    class Sponsorship(models.TextChoices):
        NOT_SOUGHT = "not_sought", "Not sought"
        REQUESTED = "requested", "Requested"
        SECURED = "secured", "Secured"
        DECLINED = "declined", "Declined"

    workstream = models.ForeignKey(
        Workstream, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    lead = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who does the work for this organisation.",
    )
    sponsor = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="senior sponsor",
        help_text="The senior leader who gives the work authority and resources.",
    )
    sponsorship = models.CharField(
        "sponsorship", max_length=20, choices=Sponsorship.choices, default=Sponsorship.NOT_SOUGHT
    )
    sponsorship_date = models.DateField(
        "sponsorship date",
        null=True,
        blank=True,
        help_text="When sponsorship reached its current state.",
    )
    sponsorship_note = models.TextField(
        "sponsorship note", blank=True, help_text="For example why sponsorship was declined."
    )
    staff_days_per_quarter = models.DecimalField(
        "staff days committed per quarter",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    funding = models.DecimalField(
        "money committed (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    joined_on = models.DateField("taking part since", default=timezone.localdate)
    sponsor_lacking_since = models.DateField(null=True, blank=True, editable=False)
    resources_lacking_since = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["updated_at", "sponsor_lacking_since", "resources_lacking_since"]
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "organisation"], name="participation_unique"
            ),
            models.CheckConstraint(
                condition=Q(sponsorship__in=["not_sought", "requested", "secured", "declined"]),
                name="participation_sponsorship_valid",
            ),
            models.CheckConstraint(
                condition=Q(sponsorship="not_sought") | Q(sponsorship_date__isnull=False),
                name="participation_sponsorship_dated",
            ),
            models.CheckConstraint(
                condition=Q(staff_days_per_quarter__isnull=True) | Q(staff_days_per_quarter__gte=0),
                name="participation_staff_days_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funding__isnull=True) | Q(funding__gte=0),
                name="participation_funding_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.workstream}"

    @property
    def has_secured_sponsor(self) -> bool:
        return self.sponsorship == self.Sponsorship.SECURED

    @property
    def has_resources(self) -> bool:
        return bool(self.staff_days_per_quarter) or bool(self.funding)

    def save(self, *args, **kwargs):
        # Keep "lacking since" consistent however the row is written (service, admin, fixture);
        # services set an earlier or later date where they know when the gap began.
        if self.has_secured_sponsor:
            self.sponsor_lacking_since = None
        elif self.sponsor_lacking_since is None:
            self.sponsor_lacking_since = self.joined_on
        if self.has_resources:
            self.resources_lacking_since = None
        elif self.resources_lacking_since is None:
            self.resources_lacking_since = self.joined_on
        super().save(*args, **kwargs)


class Workshop(CollaborativeOwned):
    """One meeting of a workstream's group, logged by the facilitator."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="workshops")
    date = models.DateField()
    title = models.CharField(max_length=200)
    deep_dive_topic = models.CharField("deep-dive topic", max_length=200, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="workshops")
    decisions = models.TextField("decisions noted", blank=True)
    reflections_worked = models.TextField("what worked", blank=True)
    reflections_change = models.TextField("what to change", blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "workstream", "date", Lower("title"), name="workshop_unique_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("anchors:workshop_detail", args=[self.pk])


class Speaker(CollaborativeOwned):
    """Someone from outside the group who spoke at a workshop (not necessarily a Person)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Attendance(CollaborativeOwned):
    """A person at a workshop, with the organisation they came for on that day."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="attendances"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="attendance_unique"),
        ]

    def __str__(self):
        return f"{self.person} at {self.workshop}"


class OrganisationUpdate(CollaborativeOwned):
    """An organisation's round-robin update: at a workshop, or posted between meetings."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="updates")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="workstream_updates"
    )
    workshop = models.ForeignKey(
        Workshop,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="updates",
        help_text="Blank when posted between workshops.",
    )
    date = models.DateField(default=timezone.localdate)
    current_focus = models.TextField("current focus", blank=True)
    challenges = models.TextField(blank=True)
    successes = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "organisation"],
                condition=Q(workshop__isnull=False),
                name="update_one_per_organisation_per_workshop",
            ),
            models.CheckConstraint(
                condition=~(Q(current_focus="") & Q(challenges="") & Q(successes="")),
                name="update_not_empty",
            ),
        ]

    def __str__(self):
        return f"{self.organisation.short_name} update, {self.date:%d %b %Y}"


class Action(CollaborativeOwned):
    """Something someone agreed to do at a workshop, with an owner and a due date."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="actions")
    due_date = models.DateField("due date")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    note = models.TextField("progress note", blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        # The actions list: one state of one collaborative, by due date, a page at a time.
        indexes = [
            models.Index(
                fields=["collaborative", "state", "due_date", "id"], name="anchors_action_list"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["open", "done", "dropped"]), name="action_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(completed_on__isnull=False),
                name="action_done_has_date",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="action_has_description"),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.OPEN and self.due_date < timezone.localdate()


class ActionReminder(CollaborativeOwned):
    """One reminder email about one action on one day: the unique key makes sending idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.EmailField()

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["action", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"Reminder for action {self.action_id} on {self.sent_on}"
