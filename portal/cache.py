"""A Redis cache that degrades instead of failing: when Redis is down, reads miss and writes
are dropped (logged), so pages keep serving from the database. The cache only ever holds
things that can be recomputed (settings rows, counters, figures, the sessions' fast copy).

A *hung* Redis (stopped, swapping, a network that drops packets) costs a socket timeout per
call rather than a refused connection; a page makes several calls, so the first failure opens
a breaker: for `RETRY_AFTER` seconds (cache params) every call degrades at once, as with a
dead Redis, and a background thread probes until Redis answers again.

A write dropped during the outage leaves Redis holding an out-of-date copy (a session
signed out meanwhile, a generation that did not move). Its key is remembered, in this
process and in the database (`CacheRepair`), and deleted from Redis before this process
reads Redis again; every other process does the same when it next reaches Redis after its own
failure, the probing thread as soon as Redis answers, and `repair_cache_task` each minute
(beat) for processes that are gone.

With `FALLBACK_TO_MEMORY` (the rate limits' cache), an outage falls back to a cache in this
process's memory instead: the limits still count, per process, rather than refusing everyone
or letting everything through.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import suppress

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
REPAIR_KEY_LENGTH = 300  # CacheRepair.key
WATCH_SECONDS = 3600


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, *args, **kwargs):
    return default


def _empty_dict(*args, **kwargs):
    return {}


def _incr_miss(key, *args, **kwargs):
    # Same contract as a missing key: the caller handles ValueError.
    raise ValueError(f"Key '{key}' not found (cache unavailable)")


def _first_key(args, kwargs) -> list:
    return [kwargs["key"] if "key" in kwargs else args[0]]


def _mapping_keys(args, kwargs) -> list:
    return list((kwargs.get("data") if "data" in kwargs else args[0]).keys())


def _listed_keys(args, kwargs) -> list:
    return list(kwargs.get("keys") if "keys" in kwargs else args[0])


def _degrade(default_factory, written_keys=None):
    """Wrap a cache method: while Redis is unavailable, answer with `default_factory` (or the
    in-memory fallback) and, for writes, remember the keys `written_keys` names."""

    def decorator(method):
        name = method.__name__

        def wrapper(self, *args, **kwargs):
            if self._usable():
                try:
                    return method(self, *args, **kwargs)
                except UNAVAILABLE as exc:
                    logger.warning("Cache unavailable for %s: %s", name, exc)
                    self._went_down()
            if self._memory is not None:
                return getattr(self._memory, name)(*args, **kwargs)
            if written_keys is not None:
                self._remember_unwritten(written_keys(args, kwargs), kwargs.get("version"))
            return default_factory(*args, **kwargs)

        wrapper.__name__ = name
        wrapper.__doc__ = method.__doc__
        return wrapper

    return decorator


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new redis-py client for every cache call, and redis-py fills a table of
    some 170 response callbacks for each: about a third of a millisecond of Python per call,
    several calls per page. One client per connection pool serves them all (clients are
    thread-safe; the pool hands out the connections)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.retry_after = float(params.get("RETRY_AFTER", 5))
        self._memory = (
            LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
            if params.get("FALLBACK_TO_MEMORY")
            else None
        )
        self._state = threading.Lock()
        self._down_since: float | None = None  # time.monotonic() of the failure
        self._retry_at = 0.0
        self._unwritten: set[str] = set()  # full Redis keys whose write was dropped
        self._watcher: threading.Thread | None = None

    # --- the breaker ---------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while the breaker is open (the last call found Redis unavailable)."""
        return self._down_since is None

    def _usable(self) -> bool:
        if self._down_since is None:
            return True
        if time.monotonic() < self._retry_at:
            return False
        return self._recover()

    def _went_down(self) -> None:
        with self._state:
            if self._down_since is None:
                self._down_since = time.monotonic()
            self._retry_at = time.monotonic() + self.retry_after
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(
                    target=self._watch, name="portal-cache-watch", daemon=True
                )
                self._watcher.start()

    def _recover(self) -> bool:
        """Probe Redis; when it answers, delete what went stale meanwhile, then close the
        breaker. One thread probes at a time; the others keep degrading meanwhile."""
        if not self._state.acquire(blocking=False):
            return False
        try:
            if self._down_since is None:
                return True
            try:
                self._cache.get_client(write=True).ping()
                self.repair()
            except Exception as exc:  # still unavailable, or the repair failed: keep degrading
                self._retry_at = time.monotonic() + self.retry_after
                logger.debug("Cache still unavailable: %s", exc)
                return False
            logger.warning(
                "Cache available again after %.1f s", time.monotonic() - self._down_since
            )
            self._down_since = None
            return True
        finally:
            self._state.release()

    def _watch(self) -> None:
        """While the breaker is open, probe every `retry_after` seconds, so stale copies are
        deleted as soon as Redis is back, even if no request comes to this process. After an
        hour the minute task (`repair_cache_task`) is left to do it."""
        from django.db import connections

        give_up = time.monotonic() + WATCH_SECONDS
        try:
            while self._down_since is not None and time.monotonic() < give_up:
                time.sleep(self.retry_after)
                if time.monotonic() >= self._retry_at:
                    self._recover()
        finally:
            connections.close_all()  # this thread's own database connections

    # --- remembering dropped writes ------------------------------------------------------

    def _remember_unwritten(self, keys, version=None) -> None:
        full_keys = []
        for key in keys:
            full_key = self.make_and_validate_key(key, version=version)
            if full_key not in self._unwritten:
                self._unwritten.add(full_key)
                full_keys.append(full_key)
        if full_keys:
            _record_repairs(full_keys)

    def repair(self) -> int:
        """Delete from Redis every key whose write was dropped during an outage (this
        process's and those the database lists). Raises the Redis error if Redis is down."""
        from .models import CacheRepair

        keys = set(self._unwritten)
        try:
            keys.update(CacheRepair.objects.values_list("key", flat=True))
        except Exception:
            logger.exception("Could not read the cache keys to repair")
        if keys:
            client = self._cache.get_client(write=True)
            ordered = sorted(keys)
            for start in range(0, len(ordered), 500):
                client.delete(*ordered[start : start + 500])
            logger.warning("Deleted %s cache entries written during the outage", len(keys))
            with suppress(Exception):
                CacheRepair.objects.filter(key__in=ordered).delete()
        self._unwritten.difference_update(keys)
        return len(keys)

    # --- the cache API -------------------------------------------------------------------

    get = _degrade(_default)(RedisCache.get)
    set = _degrade(_none, _first_key)(RedisCache.set)
    add = _degrade(_false)(RedisCache.add)
    delete = _degrade(_false, _first_key)(RedisCache.delete)
    touch = _degrade(_false)(RedisCache.touch)  # a lost touch only expires an entry sooner
    has_key = _degrade(_false)(RedisCache.has_key)
    get_many = _degrade(_empty_dict)(RedisCache.get_many)
    set_many = _degrade(lambda *a, **k: [], _mapping_keys)(RedisCache.set_many)
    delete_many = _degrade(_none, _listed_keys)(RedisCache.delete_many)
    # One round trip where Django's RedisCache.incr makes two (EXISTS, then INCRBY), and
    # atomic: a key that expires between the two is not made anew at `delta`. The page
    # cache's versions move by `incr` on every write, twice (`portal.fragments.bump`).
    INCR_IF_EXISTS = (
        "if redis.call('exists', KEYS[1]) == 1 then "
        "return redis.call('incrby', KEYS[1], ARGV[1]) end return false"
    )

    @_degrade(_incr_miss, _first_key)
    def incr(self, key, delta=1, version=None):
        """`RedisCache.incr`: the new value, ValueError when the key is missing."""
        redis_key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(redis_key, write=True)
        scripts = self.__dict__.setdefault("_incr_scripts", {})
        script = scripts.get(id(client))
        if script is None:  # EVALSHA, loaded once per client (EVAL again if Redis forgot it)
            script = scripts[id(client)] = client.register_script(self.INCR_IF_EXISTS)
        value = script(keys=[redis_key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    @_degrade(_empty_dict)
    def get_many_made(self, made: dict[str, str]) -> dict:
        """`get_many` for keys already made with `make_key`, `{made key: key}`: one MGET
        without validating every character of every key again (portal.fragments reads the
        same dozen keys of its own on every request)."""
        keys = list(made)
        values = self._cache.get_many(keys)
        return {made[key]: values[key] for key in keys if key in values}

    decr = _degrade(_incr_miss, _first_key)(RedisCache.decr)
    clear = _degrade(_false)(RedisCache.clear)

    @_degrade(_none)
    def incr_with_expiry(self, counters: dict[str, int]) -> None:
        """Adds one to each counter and (re)sets its expiry, in one round trip (visitors).
        A count lost in an outage is only a count: nothing to repair."""
        client = self._cache.get_client(write=True)
        pipe = client.pipeline(transaction=False)
        for key, timeout in counters.items():
            redis_key = self.make_and_validate_key(key)
            pipe.incrby(redis_key, 1)
            pipe.expire(redis_key, timeout)
        pipe.execute()


def _record_repairs(full_keys: list[str]) -> None:
    """Remember keys to delete from Redis once it is back, for every process to see. Runs in
    a savepoint so a failure here never breaks the caller's transaction."""
    from django.db import transaction

    from .models import CacheRepair

    rows = [CacheRepair(key=key) for key in full_keys if len(key) <= REPAIR_KEY_LENGTH]
    try:
        with transaction.atomic():
            CacheRepair.objects.bulk_create(rows, ignore_conflicts=True)
    except Exception as exc:
        logger.warning("Could not record %s cache keys to repair: %s", len(rows), exc)


def repair_all() -> int:
    """Every Redis cache of the settings: delete the stale keys now (`repair_cache_task`)."""
    from django.core.cache import caches

    repaired = 0
    for alias in caches:
        cache = caches[alias]
        if isinstance(cache, ResilientRedisCache) and cache.available:
            try:
                repaired += cache.repair()
            except UNAVAILABLE as exc:
                logger.warning("Cache %s unavailable for repairs: %s", alias, exc)
    return repaired
