"""The toolkit's resilient Redis cache: an unreachable Redis is a miss, logged once, no error."""

import logging
import os
from unittest import mock

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from anchors.common import cache as portal_cache
from anchors.common.cache import ResilientRedisCache
from config.settings.integrations import caches_for

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _fresh_outages(monkeypatch):
    """Each test starts with no outage remembered (the state is per process)."""
    monkeypatch.setattr(portal_cache, "_outages", {})


def _backend(location=CLOSED_PORT, **options):
    config = caches_for(location, connect_timeout=0.2, timeout=0.2)["default"]
    params = {k: v for k, v in config.items() if k not in ("BACKEND", "LOCATION")}
    params["OPTIONS"] = {**params["OPTIONS"], **options}
    backend = ResilientRedisCache(location, params)
    backend._fallback.clear()
    return backend


def test_production_settings_use_the_resilient_backend_with_short_timeouts():
    config = caches_for("redis://cache.internal:6379/1")["default"]
    assert config["BACKEND"] == "anchors.common.cache.ResilientRedisCache"
    assert config["OPTIONS"]["socket_connect_timeout"] <= 1
    assert config["OPTIONS"]["socket_timeout"] <= 1
    assert caches_for("")["default"]["BACKEND"].endswith("LocMemCache")


def test_an_unreachable_redis_reads_as_a_miss_and_keeps_writes_in_process_memory():
    backend = _backend()
    assert backend.get("flag") is None
    assert backend.get("flag", "default") == "default"
    backend.set("flag", True, 60)
    assert backend.get("flag") is True
    assert backend.add("lock", 1, 10) is True
    assert backend.add("lock", 1, 10) is False
    backend.set("count", 1)
    assert backend.incr("count") == 2
    assert backend.get_many(["flag", "count", "missing"]) == {"flag": True, "count": 2}
    backend.delete_many(["flag", "count"])
    assert not backend.has_key("flag")
    assert backend.get_or_set("computed", lambda: 7) == 7


def test_one_outage_is_logged_once_not_once_a_call(caplog):
    backend = _backend(retry_after=0)  # try Redis on every call: every call fails
    with caplog.at_level(logging.ERROR, logger="anchors.common.cache"):
        for _ in range(20):
            backend.get("anything")
    (line,) = [r.getMessage() for r in caplog.records]
    assert "redis://127.0.0.1:1/0 unreachable" in line
    assert "rate limits count per process" in line


def test_a_dead_redis_is_left_alone_for_a_few_seconds_after_a_failure():
    """A black-holed server costs one timeout per few seconds, not one per call."""
    backend = _backend(retry_after=60)
    with mock.patch.object(
        RedisCache, "get", side_effect=RedisConnectionError("timed out")
    ) as redis_get:
        for _ in range(50):
            backend.get("anything")
    assert redis_get.call_count == 1


def test_redis_is_used_again_once_it_answers_and_that_is_logged(caplog):
    backend = _backend(retry_after=0)
    with caplog.at_level(logging.WARNING, logger="anchors.common.cache"):
        with mock.patch.object(RedisCache, "get", side_effect=RedisConnectionError("refused")):
            assert backend.get("key") is None
        with mock.patch.object(RedisCache, "get", return_value="from redis") as redis_get:
            assert backend.get("key") == "from redis"
            assert backend.get("key") == "from redis"
    assert redis_get.call_count == 2
    assert "reachable again" in caplog.records[-1].getMessage()


def test_the_fallback_keeps_the_caches_contract():
    """Answered from memory, incr of a missing key still raises, as Redis' does."""
    backend = _backend()
    with pytest.raises(ValueError, match="not found"):
        backend.incr("missing")


def test_the_probe_asks_redis_itself_never_the_fallback():
    backend = _backend()
    backend.set("healthz:anything", "x")  # lands in the fallback
    assert backend.redis_probe("healthz:anything", "x") is False


def test_the_probe_of_the_configured_cache_uses_a_key_of_its_own(settings):
    keys = []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    real_set = portal_cache.caches["default"].set
    with mock.patch.object(
        portal_cache.caches["default"],
        "set",
        side_effect=lambda key, *a, **k: keys.append(key) or real_set(key, *a, **k),
    ):
        assert portal_cache.probe() is True
        assert portal_cache.probe() is True
    assert len(set(keys)) == 2


def test_redis_is_used_when_it_is_reachable():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis to talk to")
    backend = _backend(url)
    backend.set("resilient:probe", "in redis", 30)
    backend._fallback.clear()
    assert backend.get("resilient:probe") == "in redis"
    assert backend.redis_probe("healthz:resilient", "v") is True
    backend.delete("resilient:probe")
