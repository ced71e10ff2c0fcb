"""Fill the persons trained each year (trainings.PersonTrainedYear) for a database that
already has enrollments (one INSERT … SELECT per category); afterwards the services keep it."""

from django.db import migrations


def fill(apps, schema_editor):
    # The rules the table stores are the selectors' (not frozen in this migration): the same
    # code as the rebuild hook (trainings.aggregates), run once here.
    from trainings import persons

    persons.rebuild()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0011_person_trained_year")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
