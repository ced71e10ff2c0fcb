"""Past courses can be recorded (issue 14, item 6): created after the fact, participants by
hand or from an Excel attendance list (all or nothing), results and certificates; the public
page and the registration refuse a course in the past and say why."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal import spreadsheets
from trainings import attendance, services
from trainings.models import Course, Enrollment

from .factories import CourseFactory, EnrollmentFactory, OrganizationFactory

S = Enrollment.Status
pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def held_course(db):
    """A course that took place last month, entered now as a draft."""
    return CourseFactory(
        code="HT-CU-01",
        title="Hội thảo năng suất đã tổ chức",
        starts_on=_days_ago(40),
        ends_on=_days_ago(39),
        status=Course.Status.DRAFT,
    )


def _xlsx(rows: list[list]) -> bytes:
    workbook = attendance.template_workbook()
    sheet = workbook.active
    for row in rows:
        spreadsheets.append_row(sheet, row)
    return spreadsheets.workbook_bytes(workbook)


def _upload(client, course, data: bytes, **extra):
    return client.post(
        reverse("trainings:attendance_import", args=[course.pk]),
        {"file": SimpleUploadedFile("diem-danh.xlsx", data)},
        **extra,
    )


def test_staff_create_a_course_that_already_took_place(staff_client):
    response = staff_client.post(
        reverse("trainings:course_create"),
        {
            "code": "HT-2025-09",
            "title": "Hội thảo 5S đã tổ chức",
            "kind": "awareness",
            "starts_on": _days_ago(30).isoformat(),
            "ends_on": _days_ago(30).isoformat(),
            "venue": "Việt Trì",
            "capacity": "50",
        },
    )
    course = Course.objects.get(code="HT-2025-09")
    assert response.status_code == 302
    page = staff_client.get(reverse("trainings:course_detail", args=[course.pk])).content
    page = page.decode()
    assert 'data-testid="past-course-steps"' in page
    assert "Ghi nhận đã tổ chức" in page
    assert "Mở đăng ký" not in page  # a course in the past is never opened for registration


def test_a_past_course_is_refused_for_public_registration_with_the_reason(client, db):
    course = CourseFactory(starts_on=_days_ago(10), ends_on=_days_ago(9))  # still "open"
    page = client.get(reverse("trainings:course_public", args=[course.pk])).content.decode()
    assert "đã hết hạn đăng ký" in page
    assert _days_ago(10).strftime("%d/%m/%Y") in page
    response = client.post(
        reverse("trainings:register", args=[course.pk]),
        {"full_name": "Nguyễn Văn Muộn", "email": "muon@example.vn", "consent": "on"},
        follow=True,
    )
    assert "đã hết hạn đăng ký" in response.content.decode()
    assert not course.enrollments.exists()


def test_participant_added_by_hand(staff_client, held_course):
    organization = OrganizationFactory(name="Công ty Chè Phú Thọ")
    response = staff_client.post(
        reverse("trainings:participant_add", args=[held_course.pk]),
        {
            "full_name": "Trần Thị Bình",
            "email": "binh@chephutho.vn",
            "participant_type": "enterprise_staff",
            "tax_code": organization.tax_code,
        },
    )
    assert response.status_code == 302
    enrollment = held_course.enrollments.get()
    assert (enrollment.status, enrollment.organization) == (S.CONFIRMED, organization)
    assert enrollment.workplace == "Công ty Chè Phú Thọ"
    again = staff_client.post(
        reverse("trainings:participant_add", args=[held_course.pk]),
        {"full_name": "Trần Thị Bình", "email": "BINH@chephutho.vn"},
    )
    assert "đã có trong danh sách" in again.content.decode()
    assert held_course.enrollments.count() == 1


def test_the_attendance_template_downloads_with_its_header(staff_client):
    response = staff_client.get(reverse("trainings:attendance_template"))
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    rows = spreadsheets.read_first_sheet(response.content)
    assert rows[0][:2] == ["Họ và tên (bắt buộc)", "E-mail (bắt buộc)"]
    assert len(rows) == 1  # only the header: nothing that could be imported by mistake


def test_an_attendance_list_is_imported(staff_client, held_course):
    organization = OrganizationFactory()
    data = _xlsx(
        [
            ["Lê Văn Cường", "cuong@example.vn", 912345678, "Kỹ sư", "", organization.tax_code, ""],
            [],  # an empty line is skipped
            [
                "Phạm Thị Dung",
                "dung@example.vn",
                "",
                "",
                "Sở Công Thương",
                "",
                "Cán bộ, công chức nhà nước",
            ],
        ]
    )
    response = _upload(staff_client, held_course, data, follow=True)
    assert "Đã thêm 2 học viên từ danh sách." in response.content.decode()
    by_email = {e.email: e for e in held_course.enrollments.all()}
    assert by_email["cuong@example.vn"].organization == organization
    assert by_email["cuong@example.vn"].phone == "912345678"
    assert by_email["dung@example.vn"].participant_type == "state_official"
    assert {e.status for e in by_email.values()} == {S.CONFIRMED}


def test_a_bad_attendance_list_saves_nothing_and_names_every_bad_row(staff_client, held_course):
    EnrollmentFactory(course=held_course, email="da.co@example.vn", status=S.CONFIRMED)
    data = _xlsx(
        [
            ["Người Đúng", "dung.dan@example.vn"],  # row 2: fine
            ["Thiếu Thư", ""],  # row 3: no e-mail
            ["Đã Có", "da.co@example.vn"],  # row 4: already on the course
            ["Sai Mã", "sai.ma@example.vn", "", "", "", "0100109106999"],  # row 5: no such org
            ["Trùng Lặp", "dung.dan@example.vn"],  # row 6: twice in the file
            ["Sai Loại", "loai@example.vn", "", "", "", "", "Sinh viên"],  # row 7: unknown type
        ]
    )
    response = _upload(staff_client, held_course, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu gì" in content
    for number in (3, 4, 5, 6, 7):
        assert f"Dòng {number}:" in content
    assert "Dòng 2:" not in content
    assert held_course.enrollments.count() == 1  # only the one already there


def test_a_file_that_is_not_an_attendance_list_is_refused(staff_client, held_course):
    response = _upload(staff_client, held_course, b"%PDF-1.4 not a spreadsheet")
    assert 'data-testid="import-errors"' in response.content.decode()
    workbook = spreadsheets.new_workbook()
    spreadsheets.append_row(workbook.active, ["Tên", "Thư"])
    spreadsheets.append_row(workbook.active, ["A", "a@example.vn"])
    response = _upload(staff_client, held_course, spreadsheets.workbook_bytes(workbook))
    assert "Dòng đầu tiên phải là tiêu đề của tệp mẫu" in response.content.decode()
    assert not held_course.enrollments.exists()


def test_a_held_course_gets_results_and_certificates(staff_client, held_course):
    enrollment = services.participant_add(
        course=held_course, by=None, full_name="Hoàng Văn Em", email="em@example.vn"
    )
    response = staff_client.post(
        reverse("trainings:course_transition", args=[held_course.pk, "complete"])
    )
    held_course.refresh_from_db()
    assert response.status_code == 302
    assert held_course.status == Course.Status.COMPLETED
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-0-enrollment": enrollment.pk,
        "rows-0-attended": "on",
        "rows-0-result": "passed",
        "rows-0-score": "",
    }
    staff_client.post(reverse("trainings:course_results", args=[held_course.pk]), data)
    enrollment.refresh_from_db()
    assert enrollment.status == S.PASSED
    assert enrollment.certificate_number
    assert enrollment.verification_code


def test_participants_cannot_be_added_to_a_cancelled_course(staff_client, held_course):
    held_course.status = Course.Status.CANCELLED
    held_course.save()
    response = staff_client.post(
        reverse("trainings:participant_add", args=[held_course.pk]),
        {"full_name": "Ai Đó", "email": "aido@example.vn"},
    )
    assert "Không thể thêm học viên vào khóa học đã hủy." in response.content.decode()
    assert not held_course.enrollments.exists()
