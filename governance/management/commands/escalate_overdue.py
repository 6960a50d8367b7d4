"""Move escalations nobody acknowledged in time up one level (what the daily beat task runs)."""

from datetime import date

from django.core.management.base import BaseCommand

from governance.services.escalations import escalations_escalate_overdue


class Command(BaseCommand):
    help = "Move escalations not acknowledged in time up one level of the governance structure."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as of this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        moved = escalations_escalate_overdue(today=date.fromisoformat(today) if today else None)
        self.stdout.write(f"{moved} escalation{'' if moved == 1 else 's'} moved up.")
