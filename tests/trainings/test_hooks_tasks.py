"""Navigation, role home pages, the public home block, the organization timeline, the
reminder task and its schedule."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from portal.hooks import app_hook_modules
from trainings import services
from trainings.models import Contract, Course, Enrollment
from trainings.tasks import send_course_reminders_task

from .factories import ContractFactory, CourseFactory, EnrollmentFactory

S = Enrollment.Status


def test_navigation_per_role(client, staff_user, enterprise_user):
    from django.contrib.auth.models import AnonymousUser

    from trainings.navigation import items

    public = {item.url_name for item in items(AnonymousUser())}
    assert public == {"trainings:catalog"}
    staff = {item.url_name for item in items(staff_user)}
    assert {
        "trainings:course_list",
        "trainings:expert_list",
        "trainings:consultant_list",
        "trainings:contract_list",
        "trainings:budget",
    } <= staff
    assert "trainings:my_courses" in {item.url_name for item in items(enterprise_user)}


def test_public_menu_shows_courses(client, db):
    content = client.get("/").content.decode()
    assert reverse("trainings:catalog") in content


def test_home_block_lists_open_courses(client, db):
    CourseFactory(title="Hội thảo phổ biến ISO 9001:2015")
    CourseFactory(title="Khóa nháp", status=Course.Status.DRAFT)
    content = client.get("/").content.decode()
    assert "Hội thảo phổ biến ISO 9001:2015" in content
    assert "Khóa nháp" not in content


def test_staff_home_counts(staff_client):
    today = timezone.localdate()
    course = CourseFactory(starts_on=today + dt.timedelta(days=5))
    EnrollmentFactory.create_batch(3, course=course)
    ContractFactory(
        status=Contract.Status.ACCEPTED, signed_on=today, accepted_on=today, accepted_amount=1
    )
    content = staff_client.get(reverse("portal:staff_home")).content.decode()
    assert "Đăng ký khóa học chờ xác nhận" in content
    assert "Hợp đồng chờ thanh quyết toán" in content
    from trainings.workspace import staff_tasks

    counts = {item.label: item.count for item in staff_tasks(None)}
    assert counts["Đăng ký khóa học chờ xác nhận"] == 3
    assert counts["Khóa học bắt đầu trong hai tuần tới"] == 1
    assert counts["Hợp đồng chờ thanh quyết toán"] == 1


def test_enterprise_home_counts_upcoming_courses(client, enterprise_member, organization):
    EnrollmentFactory(course=CourseFactory(), organization=organization)
    EnrollmentFactory(course=CourseFactory())  # another organization's person
    client.force_login(enterprise_member)
    from trainings.workspace import enterprise_tasks

    assert [item.count for item in enterprise_tasks(enterprise_member)] == [1, 0]
    assert (
        "Khóa học sắp tới của nhân viên"
        in client.get(reverse("portal:enterprise_home")).content.decode()
    )


def test_timeline_entries(organization):
    course = CourseFactory(
        title="Đào tạo 5S", starts_on=dt.date(2024, 4, 1), ends_on=dt.date(2024, 4, 2)
    )
    EnrollmentFactory(course=course, organization=organization, full_name="An", status=S.PASSED)
    EnrollmentFactory(course=course, organization=organization, full_name="Bình", status=S.ATTENDED)
    EnrollmentFactory(course=CourseFactory(), organization=organization, status=S.REGISTERED)
    modules = [m for m in app_hook_modules("timeline") if m.__name__ == "trainings.timeline"]
    assert modules
    entries = modules[0].entries(organization)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["date"] == dt.date(2024, 4, 2)
    assert entry["kind"] == "training"
    assert entry["url"] == reverse("trainings:course_public", args=[course.pk])
    assert "Đào tạo 5S" in entry["title"]
    assert "An" in entry["title"]
    assert "Bình" in entry["title"]


# --- Reminders ----------------------------------------------------------------------------


def test_reminder_schedule_is_created_by_migration(db):
    task = PeriodicTask.objects.get(task="trainings.tasks.send_course_reminders_task")
    assert task.enabled
    assert task.crontab is not None
    assert json.loads(task.kwargs) == {"days_ahead": 3}


def test_reminders_go_once_to_confirmed_participants(db):
    today = timezone.localdate()
    soon = CourseFactory(starts_on=today + dt.timedelta(days=3), title="Khóa Kaizen")
    later = CourseFactory(starts_on=today + dt.timedelta(days=10))
    confirmed = EnrollmentFactory(course=soon, status=S.CONFIRMED)
    EnrollmentFactory(course=soon, status=S.REGISTERED)
    EnrollmentFactory(course=soon, status=S.WAITLISTED)
    EnrollmentFactory(course=later, status=S.CONFIRMED)

    assert send_course_reminders_task(days_ahead=3) == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert "Khóa Kaizen" in mail.outbox[0].subject
    assert "Nhắc lịch" in mail.outbox[0].subject
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None

    assert send_course_reminders_task(days_ahead=3) == 0  # idempotent
    assert len(mail.outbox) == 1


def test_course_cancel_tells_everyone(eager_celery, db, django_capture_on_commit_callbacks):
    course = CourseFactory(capacity=1)
    EnrollmentFactory(course=course)
    EnrollmentFactory(course=course, status=S.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_cancel(by=None, course=course)
    assert len(mail.outbox) == 2
    assert all("Hủy khóa học" in m.subject for m in mail.outbox)
    assert set(course.enrollments.values_list("status", flat=True)) == {S.CANCELLED}


@pytest.mark.parametrize(
    ("status", "action", "ok"),
    [
        ("draft", "open", True),
        ("open", "close", True),
        ("closed", "open", True),
        ("completed", "open", False),
        ("cancelled", "cancel", False),
        ("draft", "close", False),
    ],
)
def test_course_transitions(staff_client, status, action, ok):
    course = CourseFactory(status=status)
    staff_client.post(
        reverse("trainings:course_transition", args=[course.pk, action]), {"confirmed": "1"}
    )
    course.refresh_from_db()
    assert (course.status != status) == ok


def test_course_cannot_complete_before_it_starts(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.course_complete(by=None, course=CourseFactory())


def test_staff_create_course_validates(staff_client):
    url = reverse("trainings:course_create")
    response = staff_client.post(
        url,
        {
            "code": "HT-2026-01",
            "title": "Hội thảo",
            "kind": "awareness",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-09",
            "capacity": "0",
        },
    )
    content = response.content.decode()
    assert "Khóa học phải có ít nhất một chỗ." in content
    assert not Course.objects.exists()
    staff_client.post(
        url,
        {
            "code": "HT-2026-01",
            "title": "Hội thảo",
            "kind": "awareness",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-10",
            "capacity": "100",
        },
    )
    assert not Course.objects.exists()  # no venue and not online
    staff_client.post(
        url,
        {
            "code": "HT-2026-01",
            "title": "Hội thảo",
            "kind": "awareness",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-10",
            "capacity": "100",
            "is_online": "on",
        },
    )
    course = Course.objects.get()
    assert course.status == Course.Status.DRAFT
