from django.db import migrations


def fill(apps, schema_editor):
    # Set-based from the ledger and the courses (one INSERT … SELECT DISTINCT per source and
    # dimension, then the counts), by the same code as the aggregates hook's rebuild.
    from enterprises import support_pairs
    from trainings import support_pairs as course_pairs  # registers the course source

    assert support_pairs.COURSE in support_pairs.SOURCES, course_pairs
    support_pairs.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0013_course_starts_on_id_index"),
        ("enterprises", "0020_support_pairs"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
