"""Each certificate is signed with the Department's certificate by a Celery job when it is
issued; downloads serve that signed PDF and never an unsigned one; the verification page shows
the signature of the stored electronic certificate."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal import signing
from trainings import services
from trainings.models import Course, Enrollment

from .factories import CourseFactory, EnrollmentFactory, passed_with_certificate

S = Enrollment.Status


@pytest.fixture
def past_course(db):
    today = timezone.localdate()
    return CourseFactory(
        kind=Course.Kind.AWARENESS,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today - dt.timedelta(days=5),
        status=Course.Status.CLOSED,
    )


def _passed(course, django_capture_on_commit_callbacks):
    enrollment = EnrollmentFactory(course=course, status=S.CONFIRMED, full_name="Lê Thị Mai")
    row = {"enrollment": enrollment, "attended": True, "result": "passed", "score": 90}
    with django_capture_on_commit_callbacks(execute=True):
        services.course_results_record(by=None, course=course, results=[row])
    enrollment.refresh_from_db()
    return enrollment


def test_passing_signs_the_certificate_in_its_signature_area(
    past_course, django_capture_on_commit_callbacks
):
    enrollment = _passed(past_course, django_capture_on_commit_callbacks)
    assert enrollment.certificate_file
    assert enrollment.certificate_signed_at is not None
    data = enrollment.certificate_file.read()
    result = signing.verify_pdf(data)
    assert result.ok
    assert "Sở Khoa học và Công nghệ" in result.signatures[0].signer
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert "Lê Thị Mai" in page.extract_text()
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    width = float(page.mediabox.width)
    # The issuer's signature area: the right-hand part of the page, in its lower half.
    assert x1 > width / 2
    assert y2 < float(page.mediabox.height) / 2
    assert x2 - x1 > 100


def test_download_serves_the_signed_certificate(
    client, staff_user, past_course, django_capture_on_commit_callbacks
):
    enrollment = _passed(past_course, django_capture_on_commit_callbacks)
    client.force_login(staff_user)
    response = client.get(reverse("trainings:certificate_pdf", args=[enrollment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert signing.verify_pdf(data).ok


def test_a_certificate_issued_before_signing_is_signed_on_first_download(
    client, staff_user, past_course
):
    enrollment = passed_with_certificate(EnrollmentFactory(course=past_course))
    assert not enrollment.certificate_file
    client.force_login(staff_user)
    response = client.get(reverse("trainings:certificate_pdf", args=[enrollment.pk]))
    assert signing.verify_pdf(b"".join(response.streaming_content)).ok
    enrollment.refresh_from_db()
    assert enrollment.certificate_file


def test_no_unsigned_certificate_is_offered_when_signing_fails(
    settings, client, staff_user, past_course
):
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_PKCS11_MODULE = "/usr/lib/khong-co/libtoken.so"
    enrollment = passed_with_certificate(EnrollmentFactory(course=past_course))
    client.force_login(staff_user)
    response = client.get(reverse("trainings:certificate_pdf", args=[enrollment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Chứng chỉ đang được ký bằng chữ ký số của Sở" in response.content.decode()
    enrollment.refresh_from_db()
    assert not enrollment.certificate_file


def test_issuing_again_after_revoking_signs_a_new_file(
    past_course, staff_user, django_capture_on_commit_callbacks
):
    enrollment = _passed(past_course, django_capture_on_commit_callbacks)
    first = enrollment.certificate_file.name
    services.certificate_revoke(enrollment=enrollment, reason="Cấp nhầm", by=staff_user)
    enrollment.refresh_from_db()
    row = {"enrollment": enrollment, "attended": True, "result": "passed", "score": 95}
    with django_capture_on_commit_callbacks(execute=True):
        services.course_results_record(by=None, course=past_course, results=[row])
    enrollment.refresh_from_db()
    assert enrollment.certificate_file
    assert enrollment.certificate_file.name != first
    assert (
        enrollment.verification_code
        in PdfReader(enrollment.certificate_file).pages[0].extract_text()
    )


def test_verification_page_shows_the_certificate_signature(
    client, past_course, django_capture_on_commit_callbacks
):
    enrollment = _passed(past_course, django_capture_on_commit_callbacks)
    content = client.get(
        reverse("trainings:verify", args=[enrollment.verification_code])
    ).content.decode()
    assert "Chữ ký số của chứng chỉ điện tử" in content
    assert "Chữ ký số hợp lệ." in content
    assert "Tệp không bị thay đổi kể từ khi ký." in content
    # Signed with the demo certificate in tests: the page says it has no legal value.
    assert "THỬ NGHIỆM (demo)" in content
