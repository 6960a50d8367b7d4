"""Collaborative, organisations, people, logins, memberships (roles) and themes."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from anchors.common.models import TimeStampedModel


class CollaborativeOwned(TimeStampedModel):
    """Everything a partnership owns carries its collaborative."""

    collaborative = models.ForeignKey(
        "anchors.Collaborative", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


POSTCODE_RE = r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("A login needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Email is the login name; there is no username. A login belongs to one Person."""

    email = models.EmailField("email address", unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        person = getattr(self, "person", None)
        return person.name if person else self.email

    def get_short_name(self):
        return self.get_full_name()


class Collaborative(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    place = models.CharField(max_length=200, help_text="The place the partnership serves.")
    description = models.TextField(blank=True)
    backbone = models.ForeignKey(
        "anchors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The independent organisation that facilitates the collaborative.",
    )
    is_demo = models.BooleanField(
        default=False, help_text="Holds illustrative demo data: pages show a banner."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(CollaborativeOwned):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NHS_TRUST = "nhs_trust", "NHS trust"
        ICB = "icb", "Integrated care board"
        PRIMARY_CARE = "primary_care", "Primary care"
        HOUSING = "housing", "Housing"
        VCSE = "vcse", "Voluntary, community and social enterprise"
        CULTURAL = "cultural", "Cultural"
        EDUCATION = "education", "Education"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    class CollaborativeRole(models.TextChoices):
        CORE_ANCHOR = "core_anchor", "Core anchor"
        WIDER_STAKEHOLDER = "wider_stakeholder", "Wider stakeholder"
        BACKBONE = "backbone", "Backbone"
        FUNDER = "funder", "Funder"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, help_text="Used in tables, for example ELFT.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    role = models.CharField(
        "role in the collaborative", max_length=30, choices=CollaborativeRole.choices
    )
    website = models.URLField(blank=True)
    postcode = models.CharField(
        max_length=10,
        blank=True,
        validators=[RegexValidator(POSTCODE_RE, "Enter a real UK postcode, like E8 1DY.")],
    )
    headcount = models.PositiveIntegerField(
        null=True, blank=True, help_text="People employed, as a whole number."
    )
    annual_spend = models.DecimalField(
        "annual third-party spend (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="What the organisation spends a year with suppliers, in pounds.",
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("name"), name="organisation_name_unique_per_collaborative"
            ),
            models.UniqueConstraint(
                "collaborative",
                Lower("short_name"),
                name="organisation_short_name_unique_per_collaborative",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_spend__isnull=True) | models.Q(annual_spend__gte=0),
                name="organisation_spend_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("anchors:organisation_detail", args=[self.pk])


class Person(CollaborativeOwned):
    """Someone who takes part. Most people (workshop attendees) never log in."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                "collaborative",
                Lower("email"),
                condition=~models.Q(email=""),
                name="person_email_unique_per_collaborative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("anchors:person_detail", args=[self.pk])


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    PROCUREMENT_LEAD = "procurement_lead", "Procurement lead"
    WORKFORCE_LEAD = "workforce_lead", "Workforce lead"
    SENIOR_SPONSOR = "senior_sponsor", "Senior sponsor"
    HWB_MEMBER = "hwb_member", "Health and Wellbeing Board member"
    VIEWER = "viewer", "Viewer"


LEAD_ROLES = (Role.PROCUREMENT_LEAD, Role.WORKFORCE_LEAD)


class Membership(CollaborativeOwned):
    """A person's role for one organisation in one collaborative."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "person", "organisation", "role"],
                name="membership_unique",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.organisation.short_name}"


class Theme(CollaborativeOwned):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "collaborative", Lower("name"), name="theme_name_unique_per_collaborative"
            ),
        ]

    def __str__(self):
        return self.name


class Invitation(CollaborativeOwned):
    """A facilitator asked a person to log in; the emailed link lets them set a password."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Invitation to {self.email}"
