"""Integrations (cache, Celery, email, content security policy), each configured from config.env."""

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from config import env as E

# Cache: Redis when REDIS_URL is set, local memory otherwise. allauth's rate limits use it.
if E.REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": E.REDIS_URL,
            "KEY_PREFIX": "anchors",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker, tasks run eagerly in the web process.
CELERY_BROKER_URL = E.CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not E.CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
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
}

# Email: console by default, any backend from EMAIL_URL (smtp://user:pass@host:587/?tls=True).
EMAIL_BACKEND = E.EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = E.EMAIL.get("EMAIL_HOST", "")
EMAIL_PORT = E.EMAIL.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = E.EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = E.EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(E.EMAIL.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(E.EMAIL.get("EMAIL_USE_SSL", False))
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
