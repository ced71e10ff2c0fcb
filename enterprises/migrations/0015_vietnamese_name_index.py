# The registry's default order is the name in Vietnamese collation (portal.lists.vietnamese):
# an index on that expression and the id lets keyset pagination (portal.keyset) start page
# 4,000 at its cursor instead of sorting 200,000 names and skipping 99,975 of them.
# PostgreSQL only: SQLite has no ICU collation; the model state is the same on both.

from django.db import migrations, models
from django.db.models.functions import Collate

from portal.migration_operations import AddIndexOnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0014_support_year'),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name='organization',
            index=models.Index(Collate(models.F('name'), 'vi-x-icu'), models.F('id'), name='organization_name_vi_id'),
        ),
        # The review queue's pending registrations, oldest first (a page at a time).
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['submitted_at', 'id'], name='organization_pending_queue'),
        ),
    ]
