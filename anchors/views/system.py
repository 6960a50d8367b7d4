"""Pages outside the collaborative: health, accessibility statement, error pages."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from anchors.common import cache as portal_cache
from anchors.common.tasks import beat_status, broker_status, pending_count

logger = logging.getLogger(__name__)

# Parts whose failure leaves the portal serving pages (more slowly, or with emails delayed).
FINE = {"ok", "not configured"}


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        logger.exception("Health check: database unreachable")
        return False


def _with_database():
    """Beat's heartbeat and the outbox backlog, both read from the database."""
    try:
        beat, age = beat_status()
        return {"beat": beat, "beat_age_seconds": age, "outbox_pending": pending_count()}
    except Exception:  # noqa: BLE001 - the database went away between two probes
        logger.exception("Health check: could not read the heartbeat")
        return {"beat": "unknown", "beat_age_seconds": None, "outbox_pending": None}


@login_not_required
@never_cache
def healthz(request):
    """Each part: database, cache, broker, beat (seconds since its relay last ran), outbox backlog.

    200 "ok" when all are fine; 200 "degraded" when pages are still served (cache, broker or beat
    down: slower, emails delayed but kept); 503 "failed" only when the database is down.
    """
    database = _database_ok()
    status = {
        "database": "ok" if database else "failed",
        "cache": "ok" if portal_cache.probe() else "failed",
        "broker": broker_status(),
    }
    if database:
        status.update(_with_database())
    else:
        status.update({"beat": "unknown", "beat_age_seconds": None, "outbox_pending": None})
    parts = (status["database"], status["cache"], status["broker"], status["beat"])
    overall = "failed" if not database else "ok" if set(parts) <= FINE else "degraded"
    return JsonResponse({"status": overall, **status}, status=200 if database else 503)


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
    # No context processors: this page must render with the cache or the database down.
    return HttpResponseServerError(loader.get_template("500.html").render())
