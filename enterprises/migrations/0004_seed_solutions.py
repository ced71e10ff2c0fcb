from django.db import migrations


def seed(apps, schema_editor):
    from enterprises.solutions_catalog import CATALOG

    Solution = apps.get_model("enterprises", "Solution")
    for order, (group, code, name, description) in enumerate(CATALOG):
        Solution.objects.get_or_create(
            code=code,
            defaults={"group": group, "name": name, "description": description, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_registration_review_consent")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
