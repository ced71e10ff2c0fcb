"""Dependency checks for /healthz: the database, the Celery broker/cache (Redis) and the read
replica when one is configured (portal/db_routers.py)."""

import contextlib
import time

from django.conf import settings
from django.db import connections


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _redis_ping(url: str) -> dict:
    import redis

    started = time.monotonic()
    timeout = settings.HEALTHZ_TIMEOUT_SECONDS
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    finally:
        with contextlib.suppress(Exception):
            client.close()
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        return {**_redis_ping(url), "kind": "redis"}
    # The in-memory broker of a fresh checkout: tasks run eagerly in the web process.
    return {"ok": True, "kind": "eager" if settings.CELERY_TASK_ALWAYS_EAGER else url.split(":")[0]}


def check_cache() -> dict:
    location = settings.CACHES["default"].get("LOCATION")
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" in backend.lower() and isinstance(location, str):
        return {**_redis_ping(location), "kind": "redis"}
    return {"ok": True, "kind": "local-memory"}


def check_replica() -> dict:
    from .db_routers import replica_health

    return replica_health()


# Checks whose failure is reported but does not make /healthz answer 503: without the read
# replica the tasks read from the primary (slower, never wrong), so a replica outage must not
# take every web container out of the load balancer.
DEGRADING_CHECKS = ("replica",)


def health_report() -> tuple[bool, dict]:
    checks = {
        "database": check_database(),
        "broker": check_broker(),
        "cache": check_cache(),
        "replica": check_replica(),
    }
    healthy = all(check["ok"] for name, check in checks.items() if name not in DEGRADING_CHECKS)
    report: dict = {"status": "ok" if healthy else "unavailable", "checks": checks}
    degraded = [name for name in DEGRADING_CHECKS if not checks[name]["ok"]]
    if degraded:
        report["degraded"] = degraded
    return healthy, report
