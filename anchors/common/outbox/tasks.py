"""The outbox's own tasks: the relay beat runs every minute, a plain email, and a probe."""

import logging
import time

from celery import shared_task
from django.core.mail import send_mail

from anchors.common.outbox import relay
from anchors.common.outbox.models import Heartbeat

logger = logging.getLogger(__name__)

PROBE_MAX_SECONDS = 60


@shared_task(name="outbox.relay")
def relay_outbox() -> dict:
    """Hand pending messages to the broker, prune old done ones, and record beat's heartbeat."""
    Heartbeat.beat(relay.BEAT)
    counts = relay.relay_pending()
    counts["pruned"] = relay.prune_done()
    if counts["sent"] or counts["failed"]:
        logger.info("Outbox relay: %(sent)s handed over, %(failed)s failed", counts)
    return counts


@relay.outbox_task(name="outbox.probe")
def probe(label: str, seconds: float = 0) -> int:
    """A harmless task for proving delivery: waits ``seconds`` (at most a minute), then counts one
    run of ``probe:<label>``. Its count is 1 however often the message was delivered."""
    logger.info("Outbox probe %s started (%s s)", label, seconds)
    time.sleep(min(max(float(seconds), 0), PROBE_MAX_SECONDS))
    Heartbeat.beat(f"probe:{label}")
    logger.info("Outbox probe %s finished", label)
    return 1


@relay.outbox_task(name="outbox.send_email")
def send_email(subject: str, body: str, to: list[str]) -> int:
    """One email already written (a reminder's, say), sent after the change that wrote it commits
    and retried if the mail server refuses it: ``enqueue("outbox.send_email", subject, body, to,
    key=…)`` instead of ``transaction.on_commit(lambda: send_mail(…))``, which loses it then."""
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=list(to))
