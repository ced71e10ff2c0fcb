"""A Redis cache that degrades instead of failing: when Redis is down, reads miss and writes
are dropped (logged), so pages keep serving from the database. The cache only ever holds
things that can be recomputed (settings rows, counters, figures)."""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(default_factory):
    def decorator(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                logger.warning("Cache unavailable for %s: %s", method.__name__, exc)
                return default_factory(*args, **kwargs)

        wrapper.__name__ = method.__name__
        return wrapper

    return decorator


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

    get = _degrade(_default)(RedisCache.get)
    set = _degrade(_none)(RedisCache.set)
    add = _degrade(_false)(RedisCache.add)
    delete = _degrade(_false)(RedisCache.delete)
    touch = _degrade(_false)(RedisCache.touch)
    has_key = _degrade(_false)(RedisCache.has_key)
    get_many = _degrade(_empty_dict)(RedisCache.get_many)
    set_many = _degrade(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _degrade(_none)(RedisCache.delete_many)
    incr = _degrade(_incr_miss)(RedisCache.incr)
    decr = _degrade(_incr_miss)(RedisCache.decr)
    clear = _degrade(_false)(RedisCache.clear)

    @_degrade(_none)
    def incr_with_expiry(self, counters: dict[str, int]) -> None:
        """Adds one to each counter and (re)sets its expiry, in one round trip (visitors)."""
        client = self._cache.get_client(write=True)
        pipe = client.pipeline(transaction=False)
        for key, timeout in counters.items():
            redis_key = self.make_and_validate_key(key)
            pipe.incrby(redis_key, 1)
            pipe.expire(redis_key, timeout)
        pipe.execute()
