"""Create the role groups (stable codes), the program's two phases, the settings row and the
periodic task that flushes visitor counters."""

from django.db import migrations

ROLES = ["program_staff", "official", "enterprise", "council_member"]
PHASES = [("2021-2025", "Giai đoạn 2021–2025", 2021, 2025), ("2026-2030", "Giai đoạn 2026–2030", 2026, 2030)]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    Phase = apps.get_model("portal", "Phase")
    for code, name, start, end in PHASES:
        Phase.objects.get_or_create(code=code, defaults={"name": name, "start_year": start, "end_year": end})
    ProgramSettings = apps.get_model("portal", "ProgramSettings")
    ProgramSettings.objects.get_or_create(pk=1)
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="portal: flush visitor counters",
        defaults={"task": "portal.tasks.flush_visit_counts_task", "interval": every_five},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="portal: flush visitor counters"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
