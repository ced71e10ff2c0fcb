"""Settings for the test suite (pytest's DJANGO_SETTINGS_MODULE, see pyproject.toml): the
project's settings with TESTING on, as `DJANGO_TESTING=1` gives them to `manage.py` commands."""

import copy
import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DJANGO_TESTING", "1")


def redis_url_of_worker(url: str, worker: str) -> str:
    """The Redis URL of one pytest-xdist worker ("gw0", "gw1", …): the database number of
    `url` plus the worker's index. Workers flush their cache (a Redis FLUSHDB) around every
    test and purge their broker's queue, and each runs its own Celery workers: sharing one
    database, they would empty each other's caches and take each other's tasks."""
    if not worker:
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return url
    base = int(parts.path.strip("/") or 0)
    db = base + int(worker.removeprefix("gw"))
    if db > 15:
        raise RuntimeError(
            f"pytest-xdist worker {worker} would use Redis database {db} ({url} plus its index), "
            "past Redis's default 16: give REDIS_URL a lower database or run fewer workers (-n)."
        )
    return urlunsplit(parts._replace(path=f"/{db}"))


# Under pytest-xdist each worker process gets its own Redis database. Set in the environment
# before the project's settings read it, so the Celery workers, servers and commands that
# tests start as subprocesses (they inherit the environment) use the same one; a subprocess
# that loads these settings again finds the variables already moved and leaves them.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.environ.get("NSCL_TEST_REDIS_WORKER") != _worker:
    for _name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        if os.environ.get(_name):
            os.environ[_name] = redis_url_of_worker(os.environ[_name], _worker)
    os.environ["NSCL_TEST_REDIS_WORKER"] = _worker

from portal.settings import *  # noqa: E402, F403

# Hashing with PBKDF2 makes every test user cost ~50 ms; tests do not need the strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The read replica's alias exists in every test run, as the test database under a second name
# (a MIRROR: no database is created for it), so a test can switch the routing on with
# `settings.DATABASE_REPLICA = "replica"` and watch which alias each query takes
# (tests/portal/test_replica.py). It is off by default: inside a test's transaction a second
# connection would not see the test's rows.
DATABASES["replica"] = {**copy.deepcopy(DATABASES["default"]), "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_REPLICA = ""
