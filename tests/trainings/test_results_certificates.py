"""Attendance and results in bulk, certificates (PDF, number, QR, verification, revoking)
and the expert pool filled from in-depth courses."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from trainings import certificates, services
from trainings.models import Course, Enrollment, Expert

from .factories import (
    CourseFactory,
    EnrollmentFactory,
    OrganizationFactory,
    SolutionFactory,
    member,
    passed_with_certificate,
)

S = Enrollment.Status


@pytest.fixture
def past_course(db):
    today = timezone.localdate()
    return CourseFactory(
        kind=Course.Kind.IN_DEPTH,
        title="Đào tạo chuyên gia năng suất chất lượng chuyên sâu",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today - dt.timedelta(days=5),
        status=Course.Status.CLOSED,
        solutions=[
            SolutionFactory(code="5s", name="5S"),
            SolutionFactory(code="kaizen", name="Kaizen"),
        ],
    )


def row(enrollment, attended=True, result="", score=None):
    return {"enrollment": enrollment, "attended": attended, "result": result, "score": score}


def test_results_issue_certificates_and_fill_the_expert_pool(past_course):
    a, b, c = (EnrollmentFactory(course=past_course, status=S.CONFIRMED) for _ in range(3))
    summary = services.course_results_record(
        by=None,
        course=past_course,
        results=[
            row(a, result="passed", score=90),
            row(b, result="failed", score=40),
            row(c, False),
        ],
    )
    assert summary["passed"] == 1
    assert summary["certificates"] == 1
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert a.status == S.PASSED
    assert re.fullmatch(rf"NSCL-{past_course.ends_on.year}-\d{{6}}", a.certificate_number)
    assert a.verification_code
    assert b.status == S.FAILED
    assert b.certificate_number is None
    assert c.status == S.CONFIRMED
    expert = Expert.objects.get(email=a.email)
    assert expert.source == Expert.Source.TRAINED
    assert expert.qualifying_enrollment == a
    assert set(expert.expertise.values_list("code", flat=True)) == {"5s", "kaizen"}


def test_results_are_all_or_nothing(past_course):
    a, b = (EnrollmentFactory(course=past_course, status=S.CONFIRMED) for _ in range(2))
    with pytest.raises(ValidationError) as exc:
        services.course_results_record(
            by=None,
            course=past_course,
            results=[row(a, result="passed", score=90), row(b, attended=False, result="passed")],
        )
    assert b.full_name in " ".join(exc.value.messages)
    a.refresh_from_db()
    assert a.status == S.CONFIRMED
    assert a.certificate_number is None
    assert not Expert.objects.exists()


def test_recording_twice_keeps_the_certificate_and_the_expert(past_course):
    a = EnrollmentFactory(course=past_course, status=S.CONFIRMED)
    services.course_results_record(by=None, course=past_course, results=[row(a, result="passed")])
    a.refresh_from_db()
    number, code = a.certificate_number, a.verification_code
    services.course_results_record(
        by=None, course=past_course, results=[row(a, result="passed", score=95)]
    )
    a.refresh_from_db()
    assert (a.certificate_number, a.verification_code) == (number, code)
    assert a.score == 95
    assert Expert.objects.count() == 1


def test_expert_pool_is_keyed_by_email(past_course):
    Expert.objects.create(
        full_name="Đã có", email="NGUOI@example.vn".lower(), source=Expert.Source.ADDED
    )
    a = EnrollmentFactory(course=past_course, status=S.CONFIRMED, email="Nguoi@Example.vn")
    services.course_results_record(by=None, course=past_course, results=[row(a, result="passed")])
    assert Expert.objects.count() == 1
    assert Expert.objects.get().expertise.count() == 2


def test_results_refused_before_the_course_starts(db):
    course = CourseFactory()
    a = EnrollmentFactory(course=course)
    with pytest.raises(ValidationError):
        services.course_results_record(by=None, course=course, results=[row(a, result="passed")])


def test_changing_a_certified_result_needs_revoking_first(past_course, staff_user):
    a = EnrollmentFactory(course=past_course, status=S.CONFIRMED)
    services.course_results_record(by=None, course=past_course, results=[row(a, result="passed")])
    with pytest.raises(ValidationError, match="NSCL-"):
        services.course_results_record(
            by=None, course=past_course, results=[row(a, result="failed")]
        )
    a.refresh_from_db()
    services.certificate_revoke(enrollment=a, reason="Nhầm kết quả", by=staff_user)
    services.course_results_record(by=None, course=past_course, results=[row(a, result="failed")])
    a.refresh_from_db()
    assert a.status == S.FAILED


def test_results_form_view_saves_the_whole_course(staff_client, past_course):
    a, b = (EnrollmentFactory(course=past_course, status=S.CONFIRMED) for _ in range(2))
    url = reverse("trainings:course_results", args=[past_course.pk])
    page = staff_client.get(url).content.decode()
    assert a.full_name in page
    assert b.full_name in page
    data = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "2",
        "rows-0-enrollment": a.pk,
        "rows-0-attended": "on",
        "rows-0-result": "passed",
        "rows-0-score": "88.5",
        "rows-1-enrollment": b.pk,
        "rows-1-attended": "on",
        "rows-1-result": "failed",
        "rows-1-score": "",
    }
    response = staff_client.post(url, data, follow=True)
    assert "Đã lưu kết quả: 1 đạt, 1 không đạt, 1 chứng chỉ mới." in response.content.decode()
    a.refresh_from_db()
    assert a.score == pytest.approx(88.5)


def test_results_form_view_bad_row_saves_nothing(staff_client, past_course):
    a, b = (EnrollmentFactory(course=past_course, status=S.CONFIRMED) for _ in range(2))
    data = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "2",
        "rows-0-enrollment": a.pk,
        "rows-0-attended": "on",
        "rows-0-result": "passed",
        "rows-1-enrollment": b.pk,
        "rows-1-result": "passed",
        "rows-1-score": "150",
    }
    response = staff_client.post(reverse("trainings:course_results", args=[past_course.pk]), data)
    content = response.content.decode()
    assert "Vui lòng sửa các dòng được đánh dấu" in content
    assert "Chỉ ghi kết quả cho học viên có mặt." in content
    a.refresh_from_db()
    assert a.status == S.CONFIRMED


# --- Certificates -------------------------------------------------------------------------


@pytest.fixture
def certificate(past_course):
    return passed_with_certificate(
        EnrollmentFactory(course=past_course, full_name="Nguyễn Thị Hường", workplace="HTX Chè")
    )


def test_certificate_pdf_is_vietnamese_landscape_with_fonts_and_qr(certificate):
    pdf = certificates.render_certificate(certificate)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height  # landscape
    assert round(width) == 842  # A4 in points
    text = page.extract_text()
    assert "Nguyễn Thị Hường" in text
    assert "CHỨNG CHỈ" in text
    assert certificate.certificate_number in text
    assert certificate.verification_code in text
    fonts = set()
    for font in page["/Resources"]["/Font"].values():
        fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("DejaVu" in name for name in fonts), fonts


def test_certificate_date_is_written_as_decree_30_asks(certificate):
    """Day below 10 and months 1–2 with a leading zero, other months without (one helper,
    portal.text.date_in_words, writes every date in words of the PDFs)."""
    certificate.certificate_issued_at = dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)
    certificate.save(update_fields=["certificate_issued_at"])
    text = " ".join(
        PdfReader(io.BytesIO(certificates.render_certificate(certificate)))
        .pages[0]
        .extract_text()
        .split()
    )
    assert "ngày 09 tháng 3 năm 2026" in text
    assert "tháng 03" not in text


def test_qr_code_points_at_the_verification_page(certificate):
    url = certificates.verification_url(certificate)
    assert url == settings.SITE_URL + f"/trainings/verify/{certificate.verification_code}/"
    html = certificates.certificate_html([certificate])
    assert "data:image/png;base64," in html
    assert url in html
    # The QR image encodes exactly that address: read its modules back from the PNG.
    import base64

    import qrcode
    from PIL import Image

    expected = qrcode.QRCode(
        border=1, mask_pattern=4, error_correction=qrcode.constants.ERROR_CORRECT_M
    )
    expected.add_data(url)
    expected.make(fit=True)
    matrix = expected.get_matrix()
    png = certificates.qr_data_uri(url).split(",", 1)[1]
    image = Image.open(io.BytesIO(base64.b64decode(png))).convert("L")
    box = image.width // len(matrix)
    read = [
        [image.getpixel((x * box + box // 2, y * box + box // 2)) < 128 for x in range(len(matrix))]
        for y in range(len(matrix))
    ]
    assert read == matrix
    page = PdfReader(io.BytesIO(certificates.render_certificate(certificate))).pages[0]
    assert len(page.images) == 1


def test_batch_renders_one_page_per_certificate(past_course):
    holders = [passed_with_certificate(EnrollmentFactory(course=past_course)) for _ in range(5)]
    combined = PdfReader(io.BytesIO(certificates.render_certificates(holders)))
    assert len(combined.pages) == 5
    separate = certificates.render_separately(holders)
    assert len(separate) == 5
    for holder, pdf in zip(holders, separate, strict=True):
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        assert holder.certificate_number in reader.pages[0].extract_text()


def test_verification_page_shows_only_public_facts(client, certificate):
    response = client.get(reverse("trainings:verify", args=[certificate.verification_code]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Chứng chỉ này hợp lệ." in content
    assert "Nguyễn Thị Hường" in content
    assert certificate.course.title in content
    assert certificate.course.ends_on.strftime("%d/%m/%Y") in content
    assert "Sở Khoa học và Công nghệ" in content
    assert certificate.email not in content
    assert certificate.phone not in content


def test_certificate_is_found_by_its_number_too(client, certificate):
    """People read either the code under the QR code or the certificate's number."""
    number = certificate.certificate_number
    response = client.get(reverse("trainings:verify_form"), {"code": number.lower()})
    assert response.status_code == 302
    response = client.get(response["Location"])
    content = response.content.decode()
    assert response.status_code == 200
    assert "Chứng chỉ này hợp lệ." in content
    assert f'data-testid="certificate-number">{number}<' in content
    by_code = client.get(reverse("trainings:verify", args=[certificate.verification_code]))
    assert f'data-testid="certificate-number">{number}<' in by_code.content.decode()
    # The signed-document check takes the number as well.
    document = client.get(reverse("portal:document_verify"), {"code": number})
    assert number in document.content.decode()


def test_revoked_certificate_shows_as_revoked(client, certificate, staff_client):
    staff_client.post(
        reverse("trainings:certificate_revoke", args=[certificate.pk]),
        {"reason": "Cấp nhầm người", "confirmed": "1"},
    )
    certificate.refresh_from_db()
    assert certificate.certificate_revoked_at is not None
    response = client.get(reverse("trainings:verify", args=[certificate.verification_code]))
    assert "đã BỊ THU HỒI" in response.content.decode()


def test_revoking_needs_a_reason(staff_client, certificate):
    response = staff_client.post(
        reverse("trainings:certificate_revoke", args=[certificate.pk]), {"reason": " "}
    )
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.certificate_revoked_at is None


def test_unknown_code_says_not_found(client, db):
    response = client.get(reverse("trainings:verify", args=["KHONGCO"]))
    assert response.status_code == 404
    assert (
        "Không tìm thấy chứng chỉ nào có mã xác thực hoặc số chứng chỉ “KHONGCO”"
        in response.content.decode()
    )


def test_verify_form_redirects_to_the_code(client, db):
    response = client.get(reverse("trainings:verify_form"), {"code": " abc123 "})
    assert response["Location"] == reverse("trainings:verify", args=["ABC123"])


def test_certificate_download_for_holder_org_and_staff_only(client, certificate, staff_user):
    from tests.conftest import make_user

    organization = OrganizationFactory()
    certificate.organization = organization
    certificate.save()
    colleague = make_user("enterprise", "dongnghiep@example.vn")
    member(colleague, organization)
    outsider = make_user("enterprise", "khac@example.vn")
    member(outsider, OrganizationFactory())
    url = reverse("trainings:certificate_pdf", args=[certificate.pk])
    for user, expected in ((colleague, 200), (staff_user, 200), (outsider, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user
    client.force_login(colleague)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert certificate.certificate_number in response["Content-Disposition"]


def test_revoked_certificate_no_longer_downloads_for_the_holder(client, certificate, staff_user):
    from tests.conftest import make_user

    holder = make_user("enterprise", "hocvien@example.vn")
    certificate.user = holder
    certificate.save()
    services.certificate_revoke(enrollment=certificate, reason="Sai", by=staff_user)
    client.force_login(holder)
    assert (
        client.get(reverse("trainings:certificate_pdf", args=[certificate.pk])).status_code == 404
    )


def test_my_courses_lists_certificates_of_my_organization(client, certificate):
    from tests.conftest import make_user

    organization = OrganizationFactory()
    certificate.organization = organization
    certificate.save()
    user = make_user("enterprise", "daidien@example.vn")
    member(user, organization)
    client.force_login(user)
    content = client.get(reverse("trainings:my_courses")).content.decode()
    assert certificate.certificate_number in content
    assert "Nguyễn Thị Hường" in content


def test_staff_course_certificates_pdf(staff_client, certificate):
    response = staff_client.get(
        reverse("trainings:course_certificates_pdf", args=[certificate.course_id])
    )
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
