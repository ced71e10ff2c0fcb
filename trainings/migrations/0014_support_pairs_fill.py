"""Fill the kinds of support and solution groups of the organizations supported each year
(enterprises.SupportPair) and their counts (SupportPairTally) for a database that already has
records; afterwards the services keep them.

Self-contained: the historical models of this point in the migrations and the rules as they
stood when the tables were made (enterprises/support_pairs.py and trainings/support_pairs.py,
December 2026), frozen here, so the migration gives the same rows whatever the code becomes.
Set-based: one INSERT … SELECT DISTINCT per source and dimension, then one grouped INSERT …
SELECT of the counts."""

from django.db import migrations
from django.db.models import Case, CharField, Count, F, IntegerField, Value, When
from django.db.models.functions import ExtractYear

# The rules, as they were: a recorded activity's kind and its solutions' groups, in the year of
# its date; a completed (attended, passed or failed) supporting course's kind of support and its
# solutions' groups, for the organization of each person who completed it, in the year it ends.
RECORDED = "recorded"
ATTENDED_STATUSES = ("attended", "passed", "failed")
SUPPORT_COURSE_KINDS = {"awareness": "dissemination", "in_depth": "training", "tool": "training"}
KIND, SOLUTION_GROUP = "kind", "solution_group"
COLUMNS = ("organization_id", "row_year", "row_source", "row_dimension", "row_key")


def _columns(queryset, year_field, source, dimension, key):
    return (
        queryset.order_by()
        .annotate(
            row_year=ExtractYear(year_field, output_field=IntegerField()),
            row_source=Value(source, output_field=CharField()),
            row_dimension=Value(dimension, output_field=CharField()),
            row_key=key,
        )
        .values_list(*COLUMNS)
        .distinct()
    )


def _insert(schema_editor, table: str, columns: str, queryset) -> None:
    sql, params = queryset.query.sql_with_params()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)  # noqa: S608


def fill(apps, schema_editor):
    SupportActivity = apps.get_model("enterprises", "SupportActivity")
    SupportPair = apps.get_model("enterprises", "SupportPair")
    SupportPairTally = apps.get_model("enterprises", "SupportPairTally")
    Enrollment = apps.get_model("trainings", "Enrollment")
    quote = schema_editor.connection.ops.quote_name
    pairs = quote(SupportPair._meta.db_table)
    tally = quote(SupportPairTally._meta.db_table)

    SupportPairTally.objects.all().delete()
    SupportPair.objects.all().delete()

    activities = SupportActivity.objects.filter(status=RECORDED)
    completions = Enrollment.objects.filter(
        status__in=ATTENDED_STATUSES,
        course__kind__in=list(SUPPORT_COURSE_KINDS),
        organization__isnull=False,
    )
    course_kind = Case(
        *[
            When(course__kind=course, then=Value(kind))
            for course, kind in SUPPORT_COURSE_KINDS.items()
        ],
        output_field=CharField(),
    )
    sources = [
        _columns(activities, "date", "activity", KIND, F("kind")),
        _columns(
            activities.filter(solutions__isnull=False),
            "date",
            "activity",
            SOLUTION_GROUP,
            F("solutions__group"),
        ),
        _columns(completions, "course__ends_on", "course", KIND, course_kind),
        _columns(
            completions.filter(course__solutions__isnull=False),
            "course__ends_on",
            "course",
            SOLUTION_GROUP,
            F("course__solutions__group"),
        ),
    ]
    for queryset in sources:
        _insert(schema_editor, pairs, "organization_id, year, source, dimension, key", queryset)

    # A pair counts once per organization, whatever its sources.
    counts = (
        SupportPair.objects.order_by()
        .values_list("year", "dimension", "key")
        .annotate(n=Count("organization_id", distinct=True))
    )
    _insert(schema_editor, tally, "year, dimension, key, count", counts)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0013_course_starts_on_id_index"),
        ("enterprises", "0020_support_pairs"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
