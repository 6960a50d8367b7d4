"""The real services behind the portal, when configured (CI's second run sets all three)."""

import os
import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_success
from django.conf import settings
from django.core.cache import cache
from django.db import connection

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
