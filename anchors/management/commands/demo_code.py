import time

from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anchors.demo.organisations import DEMO_TOTP_LOGINS, demo_totp_code


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo logins that need one (the facilitator "
        "and the administrator), for trying the demo without an authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Print even when DEBUG is false (not production!)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing with DEBUG off: this looks like a real deployment.")
        now = time.time()
        code = demo_totp_code(at=now)
        period = mfa_settings.TOTP_PERIOD
        seconds = period - int(now) % period
        self.stdout.write(f"Code for {', '.join(DEMO_TOTP_LOGINS)}: {code} ({seconds} s left)")
