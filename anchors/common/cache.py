"""The cache keeps the portal up while Redis is down: a miss costs a query, an outage costs nothing.

``ResilientRedisCache`` is Django's ``RedisCache`` with one difference: when Redis cannot be
reached (refused, timed out, reset), the call is answered by a per-process memory cache instead
of raising, the error is logged at most once a minute per process, and Redis is left alone for a
few seconds before it is tried again (so a black-holed server costs one connect timeout per few
seconds, not one per call). Everything that uses the cache therefore keeps working:

- pages that cache a flag (the demo banner) see a miss and ask the database;
- allauth's rate limits count in the process's memory while Redis is away — still limiting, but
  per web process rather than across them; the log line says so;
- sessions never use the cache (``SESSION_ENGINE`` is the database backend).

``probe`` is what ``/healthz`` calls: it asks Redis itself (never the memory fallback) with a key
of its own, so concurrent probes cannot read each other's value.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.utils.crypto import get_random_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Connection refused/reset surface as redis' ConnectionError; a few socket errors escape as OSError.
OUTAGE_ERRORS = (RedisError, OSError)
PROBE_TIMEOUT = 10  # seconds a probe key lives if the delete after it is lost


class _Outage:
    """What one process knows about one Redis location: down until when, and what it has logged.

    Shared by every thread's cache instance (Django makes one per thread), hence the lock.
    """

    def __init__(self, location):
        self.location = location
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.unlogged = 0

    def skipping(self) -> bool:
        return self.down and time.monotonic() < self.retry_at

    def failed(self, error, *, retry_after, log_every):
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + retry_after
            if self.down and now - self.logged_at < log_every:
                self.unlogged += 1
                return
            logger.error(
                "Cache %s unreachable (%s: %s): answering from this process's memory instead, so "
                "allauth's rate limits count per process until it is back (%d more errors since "
                "the last message)",
                self.location,
                type(error).__name__,
                error,
                self.unlogged,
            )
            self.down, self.logged_at, self.unlogged = True, now, 0

    def recovered(self):
        if not self.down:
            return
        with self.lock:
            if self.down:
                self.down = False
                logger.warning(
                    "Cache %s reachable again (%d errors since the last message)",
                    self.location,
                    self.unlogged,
                )
                self.unlogged = 0


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage(location))


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that answers from a per-process memory cache while Redis is down.

    Extra OPTIONS (taken out before the rest reach redis-py's connection pool):
    ``retry_after`` — seconds to leave Redis alone after a failure (default 5);
    ``log_every`` — seconds between two log lines about the same outage (default 60).
    Set ``socket_connect_timeout`` and ``socket_timeout`` too, so a dead server fails fast.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5))
        self.log_every = float(options.pop("log_every", 60))
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_for(location)
        # LocMemCache keeps its data per name at module level: every thread's instance shares it.
        self._fallback = LocMemCache(
            f"resilient-redis-fallback:{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "KEY_FUNCTION": params.get("KEY_FUNCTION"),
                "OPTIONS": {"MAX_ENTRIES": 10000},
            },
        )

    def _call(self, name, *args, **kwargs):
        if self._outage.skipping():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._outage.failed(error, retry_after=self.retry_after, log_every=self.log_every)
            return getattr(self._fallback, name)(*args, **kwargs)
        self._outage.recovered()
        return result

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")

    def redis_probe(self, key, value) -> bool:
        """Write, read back and delete ``key`` in Redis itself; False if Redis is unreachable."""
        try:
            RedisCache.set(self, key, value, PROBE_TIMEOUT)
            ok = RedisCache.get(self, key) == value
            RedisCache.delete(self, key)
        except OUTAGE_ERRORS as error:
            self._outage.failed(error, retry_after=self.retry_after, log_every=self.log_every)
            return False
        self._outage.recovered()
        return ok


def probe(alias="default") -> bool:
    """Whether the cache ``alias`` really stores and returns a value (for the resilient cache,
    Redis itself). Each call uses a key of its own, so concurrent probes never read each other's
    value."""
    cache = caches[alias]
    key, value = f"healthz:{get_random_string(24)}", get_random_string(24)
    if isinstance(cache, ResilientRedisCache):
        return cache.redis_probe(key, value)
    try:
        cache.set(key, value, PROBE_TIMEOUT)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        logger.exception("Health check: cache unreachable")
        return False
    return ok
