import importlib
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anchors import demo

# Apps add their own demo data in a module named demo.py with load(collaborative=, stdout=),
# run in layer order so each finds what the layers below it made.
LAYER_ORDER = ["metrics", "procurement", "workforce", "governance"]


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
        with transaction.atomic():
            collaborative = demo.load(stdout=self.stdout)
            for app_label in LAYER_ORDER:
                config = apps.get_app_config(app_label)
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load(
                    collaborative=collaborative, stdout=self.stdout
                )
        cache.delete("anchors:demo-loaded")
        self.stdout.write(self.style.SUCCESS(f"Demo collaborative ready: {collaborative.name}"))
        if not quiet_logins:
            self.stdout.write(
                "\nDemo logins (password: the DEMO_PASSWORD setting, "
                f"now “{settings.DEMO_PASSWORD}”):"
            )
            for email, name, role, org in demo.DEMO_LOGIN_TABLE:
                self.stdout.write(f"  {email:<30} {role:<36} {name}, {org}")
