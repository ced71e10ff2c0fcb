"""The registry search's trigram index keeps its pending list small (migration 0023): every
search reads the whole list, and at 1,000,000 organizations autovacuum, which would empty
it, comes only after some 200,000 updates."""

import factory
from django.db import connection

from enterprises.models import Organization
from tests.conftest import require_service

from .factories import OrganizationFactory

INDEX = "organization_search_trgm"


def _fetch_one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def test_the_search_index_flushes_its_pending_list_at_256_kb(db):
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    (options,) = _fetch_one("SELECT reloptions FROM pg_class WHERE relname = %s", [INDEX])
    assert "gin_pending_list_limit=256" in options


def test_many_new_organizations_leave_a_short_pending_list_and_are_found(db):
    """600 registrations (about 600 kB of index entries, past the 256 kB limit): the list is
    flushed on the way, so a search reads at most 256 kB of it (32 pages), and finds them."""
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    name = factory.Sequence(lambda n: f"Công ty TNHH Chế biến Nông sản Thịnh Vượng số {n}")
    Organization.objects.bulk_create(OrganizationFactory.build_batch(600, name=name))
    (available,) = _fetch_one(
        "SELECT count(*) FROM pg_available_extensions WHERE name = 'pgstattuple'"
    )
    if available:  # PostgreSQL's contrib package; the reloption above is the rule itself
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        (pending_pages,) = _fetch_one("SELECT pending_pages FROM pgstatginindex(%s)", [INDEX])
        assert pending_pages <= 256 // 8 + 1
    found = Organization.objects.filter(search_text__contains="che bien nong san thinh vuong")
    assert found.count() == 600
