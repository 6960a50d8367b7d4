"""Settings shared by every environment; values come from config.env."""

from anchors.common.api import settings as api_settings
from config import env as E
from config.settings.integrations import *  # noqa: F403

BASE_DIR = E.BASE_DIR
SECRET_KEY = E.SECRET_KEY
DEBUG = E.DEBUG
ALLOWED_HOSTS = E.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = E.CSRF_TRUSTED_ORIGINS
SITE_URL = E.SITE_URL
DEMO_PASSWORD = E.DEMO_PASSWORD

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "anchors",
    "metrics",
    "procurement",
    "workforce",
    "governance",
    # The toolkit's outbox (label "outbox"): work that must follow a change, until it is done.
    "anchors.common.outbox",
    # The toolkit's long exports (label "exportjobs"): built by a task, stored, owner-only.
    "anchors.common.exportjobs",
]
# Exports of more rows than this are built in the background (docs/adr/0017-exports.md).
EXPORT_STREAM_MAX_ROWS = 10_000

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed when the browser accepts it (static files: WhiteNoise's own .gz/.br).
    # BREACH: docs/adr/0013-compressed-responses.md.
    "anchors.common.compression.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sees every response after the middleware below, redirects included (signed-in: no-store).
    "anchors.middleware.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "anchors.middleware.CollaborativeMiddleware",
    "anchors.middleware.MfaRequiredMiddleware",
    "anchors.middleware.AdminSignInMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anchors.context_processors.portal",
            ],
            # The toolkit's template library (anchors.common is a package, not an app).
            "libraries": {"portal": "anchors.common.templatetags"},
        },
    }
]

DATABASES = {"default": {**E.DATABASE, "ATOMIC_REQUESTS": False, "CONN_MAX_AGE": 60}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "anchors.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "anchors:home"
LOGOUT_REDIRECT_URL = "account_login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "config.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MANIFEST_STRICT = False
MEDIA_URL = "/media/"
MEDIA_ROOT = E.MEDIA_ROOT
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# django-allauth: email is the login, no open sign-up, MFA for everyone and required for some.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "anchors.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
# Failed sign-ins (docs/adr/0010-login-lockout.md): 10 a minute from one address; 5 in five
# minutes for one account from one address (anchors.adapters keys it on account + address), so
# an attacker locks out only their own address; and, for browsers that have not signed in to the
# account before, 50 an hour for the account from everywhere. Counted in the cache: shared
# between processes only with REDIS_URL set.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "50/h/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_FORMS = {
    "login": "anchors.forms.accounts.LoginForm",
    "change_password": "anchors.forms.accounts.ChangePasswordForm",
    "set_password": "anchors.forms.accounts.SetPasswordForm",
    "reset_password": "anchors.forms.accounts.ResetPasswordForm",
    "reset_password_from_key": "anchors.forms.accounts.ResetPasswordKeyForm",
}
# The password reset page answers the same for any address, and emails only known ones.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Anchor Collaborative Portal"
# Roles (anchors.models.Role) that must use two-factor authentication; administrators and
# anyone with staff access always must (anchors.permissions.accounts.mfa_required).
MFA_REQUIRED_ROLES = ["facilitator"]
ALLAUTH_TRUSTED_PROXY_COUNT = E.TRUSTED_PROXY_COUNT

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_CLASS_CONVERTERS = {
    "urlinput": "govuk-input",
    "numberinput": "govuk-input",
    "dateinput": "govuk-input",
    "datetimeinput": "govuk-input",
    "timeinput": "govuk-input",
    "fileinput": "govuk-file-upload",
    "selectmultiple": "govuk-select",
}

SIMPLE_HISTORY_REVERT_DISABLED = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An expected refusal (403, 404) logs one line; a server error keeps its traceback.
    "filters": {"one_line_client_errors": {"()": "anchors.common.logs.OneLineClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}
    },
    "root": {"handlers": ["console"], "level": E.LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The read-only API (/api/v1/, docs/adr/0018-read-only-api.md): personal tokens or the session,
# a rate per token counted in the cache (API_RATE, e.g. "600/min"), cursor pages, OpenAPI 3.
API_TOKEN_MODEL = "anchors.ApiToken"  # noqa: S105 - a model name, not a secret
REST_FRAMEWORK = api_settings.rest_framework(rate=E.API_RATE)
SPECTACULAR_SETTINGS = api_settings.spectacular(
    title="Anchor Collaborative Portal API",
    description=(
        "Read-only JSON for BI tools: the same records and figures as the portal's pages, to the "
        "same people. Send a personal API token from “Your account” as "
        "`Authorization: Bearer <token>`. Lists are paged with a cursor (follow `next`)."
    ),
)
