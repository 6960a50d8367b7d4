"""Existing logins that can sign in get their email recorded as verified and primary in allauth
(which refuses two-factor authentication until it is): each was set up by an administrator or
accepted an emailed invitation. Logins still waiting for their invitation are left alone; they
are verified when they accept it (anchors.services.organisations.invitation_accept)."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations


def verify_login_emails(apps, schema_editor):
    User = apps.get_model("anchors", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    logins = User.objects.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).exclude(email="")
    for user in logins.iterator():
        email = user.email.lower()
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])


class Migration(migrations.Migration):
    dependencies = [
        ("account", "0009_emailaddress_unique_primary_email"),
        ("anchors", "0003_security_events_attendance_speaker_history"),
    ]

    operations = [migrations.RunPython(verify_login_emails, migrations.RunPython.noop)]
