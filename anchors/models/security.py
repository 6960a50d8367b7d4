"""The security-event log: what happened to a login (never a password, token or code)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

# Short enough to hold "from where, by whom" and never a secret: details are written by code.
DETAIL_LENGTH = 200


class SecurityEvent(models.Model):
    """Something that changed how a login can be used, or an attack on it.

    Append-only: services write rows through ``security_event_record``; nobody edits them (the
    admin shows them read-only), so the log needs no history of its own."""

    class Kind(models.TextChoices):
        LOGIN_CREATED = "login_created", "Login created"
        PASSWORD_SET = "password_set", "Password set"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        EMAIL_CHANGED = "email_changed", "Email address changed"
        MFA_ENABLED = "mfa_enabled", "Two-factor authentication turned on"
        MFA_DISABLED = "mfa_disabled", "Two-factor authentication turned off"
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", "Recovery codes regenerated"
        LOGIN_LOCKED = "login_locked", "Sign-in locked after failed attempts"
        API_TOKEN_CREATED = "api_token_created", "API token created"
        API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
        help_text="The login the event is about.",
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    at = models.DateTimeField("when", default=timezone.now)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    detail = models.CharField(max_length=DETAIL_LENGTH, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="security_event_user_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "login_created",
                        "password_set",
                        "password_changed",
                        "email_changed",
                        "mfa_enabled",
                        "mfa_disabled",
                        "recovery_codes_regenerated",
                        "login_locked",
                        "api_token_created",
                        "api_token_revoked",
                    ]
                ),
                name="security_event_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user}, {self.at:%d %b %Y %H:%M})"
