"""The shared resources library: documents the anchors share, each with its versions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from anchors.models.core import CollaborativeOwned


def resource_path(instance, filename):
    return f"procurement/resources/{instance.collaborative_id}/{instance.resource_id}/{filename}"


class Resource(CollaborativeOwned):
    """A shared document: a policy, a social value question, a statement, a contract clause."""

    class Kind(models.TextChoices):
        POLICY = "policy", "Policy"
        SOCIAL_VALUE_QUESTION = "sv_question", "Social value questions"
        MODERN_SLAVERY_STATEMENT = "ms_statement", "Modern slavery statement"
        CONTRACT_CLAUSE = "clause", "Contract clauses"
        TEMPLATE = "template", "Template or guide"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    kind = models.CharField("type of document", max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, max_length=2000)
    themes = models.ManyToManyField("anchors.Theme", related_name="+", blank=True)
    organisation = models.ForeignKey(
        "anchors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation it comes from; leave empty for the collaborative's own.",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:resource_detail", args=[self.pk])


class ResourceVersion(CollaborativeOwned):
    """One uploaded file of a resource; the highest number is the current version."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=resource_path, max_length=300)
    filename = models.CharField(max_length=200)
    file_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    note = models.CharField("what changed", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="procurement_resource_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.resource} version {self.number}"
