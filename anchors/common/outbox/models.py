from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class OutboxMessage(models.Model):
    """One piece of work that must follow a change, written in the change's own transaction.

    The relay hands it to Celery (``sent_at``); the task marks it done in the transaction of its
    own database work (``done_at``), so a second delivery of the same message does nothing.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    key = models.CharField(
        "idempotency key",
        max_length=200,
        unique=True,
        help_text="Enqueuing twice with the same key records the work once.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0, help_text="Times handed to the broker.")
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The relay's question: what is not done and due?
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(done_at__isnull=True),
                name="outbox_pending_due",
            ),
            models.Index(fields=["done_at"], name="outbox_done_at"),
        ]

    def __str__(self):
        state = "done" if self.done_at else "pending"
        return f"{self.task} #{self.pk} ({state})"


class Heartbeat(models.Model):
    """The last time something ran, and how many times: ``beat`` is written by the relay that
    beat schedules every minute (``/healthz`` reports its age); ``probe:<label>`` by the probe
    task, whose count proves a message ran exactly once."""

    name = models.CharField(max_length=200, primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S} ({self.count})"

    @classmethod
    def beat(cls, name):
        """Record that ``name`` ran now (one more time)."""
        now = timezone.now()
        if not cls.objects.filter(name=name).update(at=now, count=F("count") + 1):
            cls.objects.get_or_create(name=name, defaults={"at": now, "count": 0})
            cls.objects.filter(name=name).update(at=now, count=F("count") + 1)
