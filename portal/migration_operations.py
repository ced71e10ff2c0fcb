"""Migration operations that only touch PostgreSQL.

Some indexes exist only on PostgreSQL (trigram GIN indexes for accent-insensitive search);
the SQLite database of a fresh checkout and of the default test run keeps the same model
state without them, so `makemigrations --check` stays clean on both."""

from django.db import migrations


class _OnPostgres:
    """Runs the operation's database side on PostgreSQL only; the model state moves on every
    database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgres(_OnPostgres, migrations.AddIndex):
    """`AddIndex` whose database side runs on PostgreSQL only."""


class RunSQLOnPostgres(_OnPostgres, migrations.RunSQL):
    """`RunSQL` that runs on PostgreSQL only (PostgreSQL syntax, for its own indexes)."""
