"""Schedule the daily course reminder (django-celery-beat): e-mail confirmed participants of
courses starting in a few days. The task remembers who was reminded, so re-runs are harmless."""

import json

from django.db import migrations

TASK_NAME = "trainings: remind participants of upcoming courses"
DAYS_AHEAD = 3


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "trainings.tasks.send_course_reminders_task",
            "crontab": every_morning,
            "kwargs": json.dumps({"days_ahead": DAYS_AHEAD}),
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0002_enrollment_reminders_expert_assignments_documents"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
