"""Celery beat pulls every registered provincial portal every six hours (staff may change the
schedule in the admin's periodic tasks). The task does nothing outside national mode."""

from django.db import migrations

TASK_NAME = "national: pull the provincial portals"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_six_hours, _ = IntervalSchedule.objects.get_or_create(every=6, period="hours")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "national.tasks.pull_all_provinces_task",
            "interval": every_six_hours,
            "description": "Lấy số liệu từ cổng thông tin của các tỉnh (chế độ quốc gia).",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
