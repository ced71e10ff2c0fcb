"""Load the VSIC 2018 ↔ VSIC 2025 concordance from its committed data file
(enterprises/data/vsic_concordance.csv; its header cites the source). Rows staff already have
are left as they are."""

from django.db import migrations


def load(apps, schema_editor):
    from enterprises.concordance import read_rows

    Concordance = apps.get_model("enterprises", "IndustryConcordance")
    existing = set(
        Concordance.objects.values_list("source_version", "source_code", "target_version")
    )
    Concordance.objects.bulk_create(
        [
            Concordance(**row)
            for row in read_rows()
            if (row["source_version"], row["source_code"], row["target_version"]) not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0006_industry_concordance"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
