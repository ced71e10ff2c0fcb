"""The search index's pending list bounded to 256 kB (PostgreSQL's default: 4 MB).

A GIN index keeps the entries of new and updated rows in a pending list, flushed into the
index by autovacuum or once the list outgrows `gin_pending_list_limit`, and every search
reads the whole list. On a registry of 1,000,000 organizations autovacuum comes after some
200,000 updates, so the list grows to its limit: after one bench run's writes (7,200
updates, 209 pages in the list) the search's index scan took 15-22 ms instead of 10. At
256 kB the list holds about 30 pages; the write that fills it flushes it.

The index is altered in place (no rebuild of an 87 MB index at 1,000,000 organizations);
the model state gets the same option. PostgreSQL only, as the index itself (0005)."""

import django.contrib.postgres.indexes
from django.db import migrations

from portal.migration_operations import RunSQLOnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0022_activity_recorded_org_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="organization", name="organization_search_trgm"),
                migrations.AddIndex(
                    model_name="organization",
                    index=django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass("search_text", name="gin_trgm_ops"),
                        gin_pending_list_limit=256,
                        name="organization_search_trgm",
                    ),
                ),
            ],
            database_operations=[
                RunSQLOnPostgres(
                    "ALTER INDEX organization_search_trgm SET (gin_pending_list_limit = 256)",
                    reverse_sql="ALTER INDEX organization_search_trgm RESET (gin_pending_list_limit)",
                ),
            ],
        ),
    ]
