"""The one place the portal reads its environment."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASE = env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Seconds before Redis hands an unacknowledged task (its worker died) to another worker: longer
# than any task runs. CI's stack check shortens it to see a killed worker's task come back.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
# How often beat runs the outbox relay (which also records the heartbeat /healthz reports).
OUTBOX_RELAY_SECONDS = env.float("OUTBOX_RELAY_SECONDS", default=60.0)
EMAIL = env.email_url("EMAIL_URL", default="consolemail://")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Anchor Collaborative Portal <portal@example.org>"
)
# Where `make run` serves (HOST, PORT); in local use the links in emails follow them.
HOST = env.str("HOST", default="127.0.0.1")
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://{HOST}:{PORT}")
# How many proxies in front of the portal add themselves to X-Forwarded-For (0: none). allauth
# rate-limits sign-ins per client address; behind a proxy it must know which address is real.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="anchors-demo")
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Requests a minute (or /s, /h, /day) one API token may make (anchors.common.api.throttling).
API_RATE = env.str("API_RATE", default="600/min")
# CI only: lets production settings serve plain http on 127.0.0.1 (no SSL redirect, no secure
# cookies, no HSTS) so .ci/stack_check.py can drive gunicorn without TLS. Never set it in
# production: `manage.py check --deploy` warns about every protection it switches off.
UNSAFE_PLAIN_HTTP_FOR_CI = env.bool("UNSAFE_PLAIN_HTTP_FOR_CI", default=False)
