from config.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405, S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
