"""In CI (REQUIRE_SERVICES=1) the suite must really run on PostgreSQL and Redis."""

import os

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    os.environ.get("REQUIRE_SERVICES") != "1",
    reason="only meaningful where CI sets REQUIRE_SERVICES",
)


def test_database_is_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_cache_and_broker_are_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
