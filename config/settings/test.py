import os
from urllib.parse import urlsplit, urlunsplit

from config import env as E
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests always run Celery tasks in-process so they can assert on their effects, even in CI
# where CELERY_BROKER_URL points at Redis; the broker connection itself is checked separately.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = str(BASE_DIR / ".test-media")  # noqa: F405
# Tests serve static files through the finders (no collectstatic), so WhiteNoise has no root.
WHITENOISE_AUTOREFRESH = True

# Under pytest-xdist (`make test` runs two workers) each worker has its own media folder and, when
# the suite runs against Redis, its own Redis database: every test empties the cache, and one
# worker's must not empty the other's mid-test.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    MEDIA_ROOT = str(BASE_DIR / f".test-media-{_WORKER}")  # noqa: F405
    if E.REDIS_URL:
        _index = int(_WORKER.removeprefix("gw") or 0)
        _url = urlsplit(E.REDIS_URL)
        CACHES = caches_for(  # noqa: F405
            urlunsplit(_url._replace(path=f"/{int(_url.path.strip('/') or 0) + 8 + _index}"))
        )
