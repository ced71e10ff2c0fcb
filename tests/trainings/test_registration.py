"""Registration, capacity and the waiting list, cancelling, e-mails."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import require_service
from trainings import services
from trainings.models import Course, Enrollment

from .factories import CourseFactory, EnrollmentFactory, OrganizationFactory

S = Enrollment.Status


def register(course, n, **extra):
    return services.enrollment_register(
        course=course,
        full_name=f"Người học {n}",
        email=f"nguoi{n}@example.vn",
        phone="0912000000",
        workplace="Công ty A",
        **extra,
    )


@pytest.mark.django_db
def test_capacity_then_waiting_list_in_order():
    course = CourseFactory(capacity=2)
    first, second, third, fourth = (register(course, n) for n in range(4))
    assert [e.status for e in (first, second, third, fourth)] == [
        S.REGISTERED,
        S.REGISTERED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    services.enrollment_cancel(by=None, enrollment=second)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == S.REGISTERED  # the first on the list moves up
    assert fourth.status == S.WAITLISTED
    assert course.enrollments.filter(status__in=Enrollment.PLACE_HOLDING).count() == 2


@pytest.mark.django_db
def test_cancelling_from_the_waiting_list_frees_no_place():
    course = CourseFactory(capacity=1)
    register(course, 1)
    waiting = [register(course, n) for n in (2, 3)]
    services.enrollment_cancel(by=None, enrollment=waiting[0])
    waiting[1].refresh_from_db()
    assert waiting[1].status == S.WAITLISTED


@pytest.mark.django_db
def test_raising_capacity_promotes_the_waiting_list(staff_user):
    course = CourseFactory(capacity=1)
    register(course, 1)
    waiting = register(course, 2)
    services.course_update(by=None, course=course, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == S.REGISTERED


@pytest.mark.django_db
def test_same_email_twice_is_refused_case_insensitively():
    course = CourseFactory()
    register(course, 1)
    with pytest.raises(ValidationError) as exc:
        services.enrollment_register(
            course=course, full_name="X", email="NGUOI1@example.vn", phone="0912000000"
        )
    assert "email" in exc.value.message_dict


@pytest.mark.django_db
def test_cancelled_person_may_register_again():
    course = CourseFactory()
    services.enrollment_cancel(by=None, enrollment=register(course, 1))
    again = register(course, 1)
    assert again.status == S.REGISTERED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.CLOSED, "cancelled"])
def test_registration_only_when_open(status):
    course = CourseFactory(status=status)
    with pytest.raises(ValidationError):
        register(course, 1)


@pytest.mark.django_db
def test_registration_deadline():
    course = CourseFactory(registration_deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="deadline|hạn"):
        register(course, 1)


@pytest.mark.django_db
def test_confirmation_email_sent_after_commit_with_cancel_link(
    eager_celery,
    django_capture_on_commit_callbacks,
):
    course = CourseFactory(title="Đào tạo Lean cơ bản")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = register(course, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nguoi1@example.vn"]
    assert "Đào tạo Lean cơ bản" in message.subject
    token = services.enrollment_cancel_token(enrollment)
    assert settings.SITE_URL + reverse("trainings:enrollment_cancel_link", args=[token]) in (
        message.body
    )


@pytest.mark.django_db
def test_promotion_and_confirmation_emails(eager_celery, django_capture_on_commit_callbacks):
    course = CourseFactory(capacity=1)
    first = register(course, 1)
    waiting = register(course, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_cancel(by=None, enrollment=first)
    assert {m.to[0] for m in mail.outbox} == {"nguoi1@example.vn", "nguoi2@example.vn"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollments_confirm(by=None, course=course, enrollment_ids=[waiting.pk])
    assert len(mail.outbox) == 1
    assert "xác nhận" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
def test_confirm_is_all_or_nothing():
    course = CourseFactory(capacity=1)
    registered = register(course, 1)
    waiting = register(course, 2)
    with pytest.raises(ValidationError):
        services.enrollments_confirm(
            by=None, course=course, enrollment_ids=[registered.pk, waiting.pk]
        )
    registered.refresh_from_db()
    assert registered.status == S.REGISTERED


# --- Views --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_registration_form(client):
    course = CourseFactory()
    url = reverse("trainings:register", args=[course.pk])
    response = client.post(
        url,
        {
            "full_name": "Phạm Thị Hoa",
            "email": "hoa@example.vn",
            "phone": "0912 345 678",
            "workplace": "HTX Chè Thanh Sơn",
            "participant_type": "enterprise_staff",
        },
        follow=True,
    )
    assert response.status_code == 200
    enrollment = Enrollment.objects.get(email="hoa@example.vn")
    assert enrollment.status == S.REGISTERED
    assert enrollment.organization is None
    assert "hoa@example.vn" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_registration_names_organization_by_tax_code(client):
    organization = OrganizationFactory()
    course = CourseFactory()
    client.post(
        reverse("trainings:register", args=[course.pk]),
        {
            "full_name": "Phạm Thị Hoa",
            "email": "hoa@example.vn",
            "phone": "0912345678",
            "workplace": "x",
            "participant_type": "enterprise_staff",
            "tax_code": organization.tax_code,
        },
    )
    enrollment = Enrollment.objects.get(email="hoa@example.vn")
    # Named, not linked: the organization (or staff) confirms first (tests/trainings/test_claims).
    assert enrollment.claimed_organization == organization
    assert enrollment.organization is None


@pytest.mark.django_db
def test_a_household_business_is_found_by_its_personal_id(client):
    """A household business is registered under its owner's 12-digit personal ID; the course
    form looks it up the way the registry stores it."""
    from enterprises.models import Organization

    organization = OrganizationFactory(
        legal_form=Organization.LegalForm.HOUSEHOLD, tax_code="001085012345"
    )
    course = CourseFactory()
    client.post(
        reverse("trainings:register", args=[course.pk]),
        {
            "full_name": "Lê Văn Hộ",
            "email": "ho@example.vn",
            "phone": "0912345678",
            "workplace": "Hộ kinh doanh",
            "participant_type": "enterprise_staff",
            "tax_code": "001 085 012 345",
        },
    )
    assert Enrollment.objects.get(email="ho@example.vn").claimed_organization == organization


@pytest.mark.django_db
def test_bad_input_gets_messages_and_saves_nothing(client):
    course = CourseFactory()
    response = client.post(
        reverse("trainings:register", args=[course.pk]),
        {
            "full_name": "",
            "email": "not-an-email",
            "phone": "abc",
            "workplace": "x",
            "participant_type": "enterprise_staff",
            "tax_code": "0000000000",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nhập số điện thoại hợp lệ" in content
    assert "Không có tổ chức đã đăng ký nào có mã số thuế này" in content
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_duplicate_registration_message_next_to_email(client):
    course = CourseFactory()
    EnrollmentFactory(course=course, email="hoa@example.vn")
    response = client.post(
        reverse("trainings:register", args=[course.pk]),
        {
            "full_name": "Hoa",
            "email": "hoa@example.vn",
            "phone": "0912345678",
            "workplace": "x",
            "participant_type": "other",
        },
    )
    assert "Địa chỉ e-mail này đã đăng ký khóa học này" in response.content.decode()
    assert Enrollment.objects.count() == 1


@pytest.mark.django_db
def test_enterprise_user_registers_in_one_click(client, enterprise_member, organization):
    course = CourseFactory()
    client.force_login(enterprise_member)
    page = client.get(reverse("trainings:course_public", args=[course.pk])).content.decode()
    assert 'data-testid="quick-register"' in page
    assert organization.name in page
    response = client.post(
        reverse("trainings:register", args=[course.pk]),
        {"quick": "1", "organization": organization.pk},
        follow=True,
    )
    enrollment = Enrollment.objects.get()
    assert enrollment.user == enterprise_member
    assert enrollment.organization == organization
    assert enrollment.email == enterprise_member.email
    assert enrollment.phone == "0987654321"
    assert enrollment.workplace == organization.name
    assert "Bạn đã đăng ký khóa học này" in response.content.decode()


@pytest.mark.django_db
def test_enterprise_form_is_prefilled(client, enterprise_member, organization):
    course = CourseFactory()
    client.force_login(enterprise_member)
    content = client.get(reverse("trainings:register", args=[course.pk])).content.decode()
    assert enterprise_member.email in content
    assert "0987654321" in content
    assert organization.name in content


@pytest.mark.django_db
def test_full_course_registration_goes_to_waiting_list(client):
    course = CourseFactory(capacity=1)
    EnrollmentFactory(course=course)
    response = client.post(
        reverse("trainings:register", args=[course.pk]),
        {
            "full_name": "Hoa",
            "email": "hoa@example.vn",
            "phone": "0912345678",
            "workplace": "x",
            "participant_type": "other",
        },
        follow=True,
    )
    assert Enrollment.objects.get(email="hoa@example.vn").status == S.WAITLISTED
    assert "danh sách chờ" in response.content.decode()


@pytest.mark.django_db
def test_cancel_by_signed_link(client):
    course = CourseFactory(capacity=1)
    holder = EnrollmentFactory(course=course)
    waiting = EnrollmentFactory(course=course, status=S.WAITLISTED)
    url = reverse(
        "trainings:enrollment_cancel_link", args=[services.enrollment_cancel_token(holder)]
    )
    assert "Hủy đăng ký của tôi" in client.get(url).content.decode()
    client.post(url)
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == S.CANCELLED
    assert waiting.status == S.REGISTERED


@pytest.mark.django_db
def test_tampered_cancel_link_is_404(client):
    holder = EnrollmentFactory()
    token = services.enrollment_cancel_token(holder)
    response = client.get(reverse("trainings:enrollment_cancel_link", args=[token[:-2] + "xx"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_cancel_link_after_course_started_explains(client):
    today = timezone.localdate()
    course = CourseFactory(starts_on=today, ends_on=today)
    holder = EnrollmentFactory(course=course, status=S.CONFIRMED)
    url = reverse(
        "trainings:enrollment_cancel_link", args=[services.enrollment_cancel_token(holder)]
    )
    client.post(url)
    holder.refresh_from_db()
    assert holder.status == S.CONFIRMED
    assert "không thể hủy" in client.get(url).content.decode()


@pytest.mark.django_db
def test_staff_bulk_confirm_and_cancel(staff_client):
    course = CourseFactory(capacity=2)
    a, b = EnrollmentFactory.create_batch(2, course=course)
    waiting = EnrollmentFactory(course=course, status=S.WAITLISTED)
    url = reverse("trainings:enrollment_bulk", args=[course.pk])
    staff_client.post(url, {"action": "confirm", "enrollment": [a.pk, b.pk]})
    a.refresh_from_db()
    assert a.status == S.CONFIRMED
    staff_client.post(url, {"action": "cancel", "enrollment": [b.pk]})
    waiting.refresh_from_db()
    assert waiting.status == S.REGISTERED


# --- Concurrency (PostgreSQL: row locks are real there) ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_never_overfill():
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    course = CourseFactory(capacity=1)
    barrier = threading.Barrier(4)
    results = []

    def attempt(n):
        from django.db import connections

        try:
            barrier.wait()
            results.append(register(course, n).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [S.REGISTERED, S.WAITLISTED, S.WAITLISTED, S.WAITLISTED]
    assert course.enrollments.filter(status__in=Enrollment.PLACE_HOLDING).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_promote_exactly_two():
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    course = CourseFactory(capacity=2)
    holders = [register(course, n) for n in range(2)]
    waiting = [register(course, n) for n in range(2, 6)]
    barrier = threading.Barrier(2)

    def cancel(enrollment):
        from django.db import connections

        try:
            barrier.wait()
            services.enrollment_cancel(by=None, enrollment=enrollment)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(e,)) for e in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [S.REGISTERED, S.REGISTERED, S.WAITLISTED, S.WAITLISTED]


@pytest.mark.django_db
def test_one_click_ignores_a_forged_organization(client, enterprise_member, organization):
    other = OrganizationFactory()
    course = CourseFactory()
    client.force_login(enterprise_member)
    url = reverse("trainings:register", args=[course.pk])
    client.post(url, {"quick": "1", "organization": "abc"})
    client.post(url, {"quick": "1", "organization": other.pk})
    enrollment = Enrollment.objects.get()  # the second is a duplicate, refused
    assert enrollment.organization == organization
