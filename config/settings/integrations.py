"""Integrations (cache, Celery, email, content security policy), each configured from config.env."""

from datetime import timedelta

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from config import env as E


def caches_for(redis_url, *, connect_timeout=0.5, timeout=1.0):
    """The CACHES setting: Redis through the toolkit's resilient backend when ``redis_url`` is set
    (an unreachable Redis degrades to per-process memory instead of failing pages), local memory
    otherwise. allauth's rate limits use it; sessions do not (they live in the database)."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "anchors.common.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "anchors",
            # Redis answers in well under a millisecond: a second means it is gone.
            "OPTIONS": {"socket_connect_timeout": connect_timeout, "socket_timeout": timeout},
        }
    }


CACHES = caches_for(E.REDIS_URL)

# Celery: with no broker, tasks run eagerly in the web process. Work that must follow a change is
# written to the outbox table first (anchors.common.tasks.enqueue) and relayed to the broker, so a
# broker outage delays it and loses nothing.
CELERY_BROKER_URL = E.CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not E.CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it has finished, and handed to another worker if its worker dies
# (kill -9, lost machine): the outbox makes a second delivery do nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": E.CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    # A publish to a broker that is down fails at once instead of retrying for the connection
    # timeout: the outbox retries, and the person's request does not wait. (Workers reconnect
    # through their own loop, CELERY_BROKER_CONNECTION_MAX_RETRIES.)
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # workers wait for the broker however long it is away
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Hands pending outbox messages to the broker (with backoff) and records beat's heartbeat.
    "outbox-relay": {
        "task": "outbox.relay",
        "schedule": timedelta(seconds=E.OUTBOX_RELAY_SECONDS),
    },
    "anchors-action-reminders": {
        "task": "anchors.send_action_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Leads with metric values missing 7 and 2 days before a deadline (once per lead per day).
    "metrics-deadline-reminders": {
        "task": "metrics.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Uploaded files previewed but never imported are deleted after two days.
    "metrics-prune-import-batches": {
        "task": "metrics.prune_import_batches",
        "schedule": crontab(hour=3, minute=30),
    },
    # Escalations not acknowledged in time move up one level (idempotent: a second run moves none).
    "governance-escalate-overdue": {
        "task": "governance.escalate_overdue",
        "schedule": crontab(hour=6, minute=15),
    },
    # Spend files checked but never imported, after two days.
    "procurement-prune-spend-batches": {
        "task": "procurement.prune_spend_batches",
        "schedule": crontab(hour=3, minute=40),
    },
}
OUTBOX_RELAY_SECONDS = E.OUTBOX_RELAY_SECONDS

# Email: console by default, any backend from EMAIL_URL (smtp://user:pass@host:587/?tls=True).
EMAIL_BACKEND = E.EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = E.EMAIL.get("EMAIL_HOST", "")
EMAIL_PORT = E.EMAIL.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = E.EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = E.EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(E.EMAIL.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(E.EMAIL.get("EMAIL_USE_SSL", False))
EMAIL_FILE_PATH = E.EMAIL.get("EMAIL_FILE_PATH") or None  # filemail:////path/to/dir
DEFAULT_FROM_EMAIL = E.DEFAULT_FROM_EMAIL
SERVER_EMAIL = E.DEFAULT_FROM_EMAIL

# Content-Security-Policy: per-request nonces for scripts, never 'unsafe-inline' for them.
# Styles allow 'unsafe-inline' because plotly.js writes <style> elements at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
