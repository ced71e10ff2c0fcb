"""Fill the organizations supported each year (enterprises.SupportYear) for a database that
already has records; afterwards the services keep it."""

from django.db import migrations


def fill(apps, schema_editor):
    # The rules the table stores are the selectors' (not frozen in this migration): the same
    # code as `manage.py rebuild_support_years`, run once here.
    from trainings import supported

    supported.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0014_support_year"),
        ("trainings", "0009_query_indexes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
