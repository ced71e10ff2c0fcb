"""A Redis cache that degrades instead of failing: when Redis is down, reads miss and writes
are dropped (logged), so pages keep serving from the database. The cache only ever holds
things that can be recomputed (settings rows, counters, figures)."""

import logging

from django.core.cache.backends.redis import RedisCache
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


class ResilientRedisCache(RedisCache):
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
