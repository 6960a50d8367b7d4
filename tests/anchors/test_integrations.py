"""The real services behind the portal, when configured (CI's second run sets all three)."""

import os
import subprocess
import sys
import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_success
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from anchors.common.outbox.models import Heartbeat, OutboxMessage
from anchors.common.tasks import enqueue
from config.celery_app import app, ping

REQUIRED = bool(os.environ.get("REQUIRE_SERVICES"))


def _skip_or_fail(reason):
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


def test_database_is_the_configured_one(db):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        assert connection.vendor == "postgresql"
    elif REQUIRED:
        pytest.fail("REQUIRE_SERVICES is set but DATABASE_URL is not PostgreSQL")
    else:
        assert connection.vendor == "sqlite"


def test_cache_is_redis_when_configured():
    if not os.environ.get("REDIS_URL"):
        _skip_or_fail("REDIS_URL is not set: the cache is local memory")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("integration:probe", "yes", 10)
    assert cache.get("integration:probe") == "yes"


def test_task_travels_through_the_real_broker():
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        _skip_or_fail("CELERY_BROKER_URL is not set: tasks run eagerly in-process")

    done = threading.Event()
    results = []

    def _record(sender=None, result=None, **kwargs):
        results.append(result)
        done.set()

    task_success.connect(_record, sender=ping, weak=False)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            ping.delay()
            assert done.wait(timeout=20), "the worker did not run the task within 20 s"
    finally:
        app.conf.task_always_eager = eager
        task_success.disconnect(_record, sender=ping)
    assert results == ["pong"]


def test_outbox_work_travels_through_the_real_broker_and_runs_once(transactional_db):
    """Recorded in a committed transaction, handed over on commit, run by a worker; two more
    deliveries of the same message (as after a lost worker) do nothing."""
    if not os.environ.get("CELERY_BROKER_URL"):
        _skip_or_fail("CELERY_BROKER_URL is not set: tasks run eagerly in-process")
    probe = app.tasks["outbox.probe"]
    runs, all_ran = [], threading.Event()

    def _record(sender=None, result=None, **kwargs):
        runs.append(result)
        if len(runs) == 3:
            all_ran.set()

    task_success.connect(_record, sender=probe, weak=False)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with transaction.atomic():
                message = enqueue("outbox.probe", "integration")
            probe.apply_async(args=[message.pk])
            probe.apply_async(args=[message.pk])
            assert all_ran.wait(timeout=20), "the worker did not run the deliveries within 20 s"
    finally:
        app.conf.task_always_eager = eager
        task_success.disconnect(_record, sender=probe)
    assert sorted(runs, key=str) == [1, None, None]  # one run, two deliveries skipped
    assert Heartbeat.objects.get(name="probe:integration").count == 1
    assert OutboxMessage.objects.get(pk=message.pk).done_at is not None


def test_healthz_reports_the_real_broker(db, client):
    if not os.environ.get("CELERY_BROKER_URL"):
        _skip_or_fail("CELERY_BROKER_URL is not set: tasks run eagerly in-process")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        body = client.get("/healthz").json()
    finally:
        app.conf.task_always_eager = eager
    assert (body["database"], body["cache"], body["broker"]) == ("ok", "ok", "ok")


def test_the_wsgi_entry_point_defaults_to_production_settings():
    """Without DJANGO_SETTINGS_MODULE, gunicorn config.wsgi runs production settings (it ran
    local settings, with DEBUG on, because the Celery app set its default first)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["SECRET_KEY"] = "w" * 60
    code = (
        "import config.wsgi; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split()[-2:] == ["config.settings.production", "False"]
