"""The yearly run: Celery beat builds last year's report each January and e-mails officials.

The schedule comes from settings.REPORTS_ANNUAL_SCHEDULE when set (crontab fields), else
06:00 on 5 January; afterwards it is edited in the django-celery-beat admin.
"""

from django.conf import settings
from django.db import migrations

TASK_NAME = "reports: annual report for last year"
DEFAULT_SCHEDULE = {
    "minute": "0",
    "hour": "6",
    "day_of_month": "5",
    "month_of_year": "1",
    "day_of_week": "*",
}


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    fields = {**DEFAULT_SCHEDULE, **getattr(settings, "REPORTS_ANNUAL_SCHEDULE", {})}
    schedule, _ = CrontabSchedule.objects.get_or_create(
        **{key: str(value) for key, value in fields.items()},
        timezone=settings.CELERY_TIMEZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reports.tasks.annual_report_scheduled_task",
            "crontab": schedule,
            "description": "Xây dựng báo cáo năm trước vào tháng 1 và gửi thư cho lãnh đạo.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_seed_indicators_targets"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
