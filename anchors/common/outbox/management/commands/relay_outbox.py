from django.core.management.base import BaseCommand
from django.utils import timezone

from anchors.common.outbox import relay
from anchors.common.outbox.models import OutboxMessage


class Command(BaseCommand):
    help = (
        "Hand pending outbox messages to the broker now (beat's outbox.relay does it every "
        "minute). --now also retries at once those whose last attempt failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Retry messages whose last attempt failed without waiting for their backoff.",
        )

    def handle(self, *args, now=False, **options):
        if now:
            OutboxMessage.objects.filter(done_at__isnull=True).exclude(last_error="").update(
                next_attempt_at=timezone.now()
            )
        counts = relay.relay_pending()
        pending = relay.pending_count()
        self.stdout.write(
            f"Handed over {counts['sent']}, failed {counts['failed']}; {pending} not done yet."
        )
        return None
