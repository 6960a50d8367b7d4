from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anchors.common.registry import demo_loaders
from anchors.context_processors import DEMO_CACHE_KEY
from anchors.demo import DEMO_LOGIN_TABLE


class Command(BaseCommand):
    help = "Load the illustrative City & Hackney demo collaborative (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even when DEBUG is false (not production!)"
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins")

    def handle(self, *args, force=False, quiet_logins=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: this looks like a real deployment. "
                "Use --force if you are sure."
            )
        # Each app declares its loader and its place (anchors.common.registry); each runs after
        # the layers below it, so it finds what they made.
        collaborative = None
        with transaction.atomic():
            for _, loader in demo_loaders():
                made = loader(collaborative=collaborative, stdout=self.stdout)
                collaborative = collaborative or made  # the base layer's loader makes it
        cache.delete(DEMO_CACHE_KEY)
        self.stdout.write(self.style.SUCCESS(f"Demo collaborative ready: {collaborative.name}"))
        if not quiet_logins:
            self.stdout.write(
                "\nDemo logins (password: the DEMO_PASSWORD setting, "
                f"now “{settings.DEMO_PASSWORD}”):"
            )
            for email, name, role, org in DEMO_LOGIN_TABLE:
                self.stdout.write(f"  {email:<30} {role:<36} {name}, {org}")
