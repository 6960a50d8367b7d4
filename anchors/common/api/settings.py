"""The REST framework and drf-spectacular settings, built by ``config/settings`` from its values.

Plain data only: settings modules import this before Django is set up.
"""

API_VERSION = "v1"


def rest_framework(*, rate: str) -> dict:
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "anchors.common.api.auth.TokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_THROTTLE_CLASSES": ["anchors.common.api.throttling.TokenRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"api": rate},
        "DEFAULT_PAGINATION_CLASS": "anchors.common.api.pagination.PortalCursorPagination",
        "DEFAULT_FILTER_BACKENDS": ["anchors.common.api.filters.PortalFilterBackend"],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
        "COERCE_DECIMAL_TO_STRING": True,
    }


def spectacular(*, title: str, description: str) -> dict:
    return {
        "TITLE": title,
        "DESCRIPTION": description,
        "VERSION": API_VERSION,
        "SERVE_INCLUDE_SCHEMA": False,
        "SCHEMA_PATH_PREFIX": r"/api/v1",
        "COMPONENT_SPLIT_REQUEST": True,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "ENUM_NAME_OVERRIDES": {},
        "DISABLE_ERRORS_AND_WARNINGS": False,
    }
