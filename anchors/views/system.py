"""Pages outside the collaborative: health, accessibility statement, error pages."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        logger.exception("Health check: database unreachable")
        return False


def _cache_ok() -> bool:
    try:
        key, value = "healthz:probe", get_random_string(12)
        cache.set(key, value, 10)
        return cache.get(key) == value
    except Exception:  # noqa: BLE001
        logger.exception("Health check: cache unreachable")
        return False


@login_not_required
@never_cache
def healthz(request):
    """Liveness: database and cache reachable. 503 names the part that failed."""
    status = {
        "database": "ok" if _database_ok() else "failed",
        "cache": "ok" if _cache_ok() else "failed",
    }
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


@login_not_required
def accessibility(request):
    return render(request, "anchors/accessibility.html")


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_500(request):
    return render(request, "500.html", status=500)
