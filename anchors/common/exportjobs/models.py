import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def stored_name(job, filename):
    """Private, unguessable and per person: exports/<user id>/<random>/<file name>."""
    return f"exports/{job.user_id}/{uuid.uuid4().hex}/{filename}"


class ExportJob(models.Model):
    """One export asked for on a list page that was too long to stream: who asked, which table
    (the registered export ``name`` and the page's ``query``), and the file once built."""

    class State(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    name = models.CharField(max_length=100, help_text="The registered export (AppConfig.exports).")
    title = models.CharField(max_length=200)
    format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("xlsx", "Excel")])
    query = models.TextField(blank=True, help_text="The page's filters, URL-encoded.")
    scope_id = models.PositiveBigIntegerField(help_text="The collaborative it was asked in.")
    rows = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREPARING)
    file = models.FileField(upload_to=stored_name, max_length=300, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_created")]

    def __str__(self):
        return f"{self.title} ({self.get_format_display()}, {self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("exports:job_detail", args=[self.pk])

    @property
    def download_url(self):
        return reverse("exports:job_download", args=[self.pk])
