"""Every five minutes Celery beat marks annual report builds whose worker died (left queued or
running past their time limit) as interrupted, so staff see it and can retry."""

from django.db import migrations

TASK_NAME = "reports: recover interrupted report builds"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reports.tasks.recover_stalled_reports_task",
            "interval": every_five_minutes,
            "description": "Đánh dấu các lần tạo báo cáo bị gián đoạn để cán bộ tạo lại.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_annual_report_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
