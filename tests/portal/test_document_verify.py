"""The public page that verifies a signed document: an uploaded PDF (size-limited, PDF only) or
the code of a document the portal issued; the answer in Vietnamese says who signed, when,
whether the file changed after signing and whether the certificate was valid then."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal import signing

from .pki import make_pki, sample_pdf, use_pkcs12

URL = reverse("portal:document_verify")


def _signed() -> bytes:
    pdf, area = sample_pdf()
    return signing.sign_pdf(pdf, area=area).data


def _upload(client, data: bytes, name="van-ban.pdf"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_a_valid_signed_pdf(client, db):
    response = _upload(client, _signed())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Chữ ký số hợp lệ." in content
    assert "Sở Khoa học và Công nghệ" in content  # who signed
    assert timezone.localtime().strftime("%d/%m/%Y") in content  # when
    assert "(theo khai báo của người ký)" in content
    assert "Tệp không bị thay đổi kể từ khi ký." in content
    assert "Còn hiệu lực tại thời điểm ký" in content
    assert "Tệp bạn đã tải lên" in content


def test_one_changed_byte_is_reported_as_changed(client, db):
    data = bytearray(_signed())
    data[10] ^= 0x01
    content = _upload(client, bytes(data)).content.decode()
    assert "Chữ ký số KHÔNG hợp lệ." in content
    assert "Tệp ĐÃ BỊ THAY ĐỔI sau khi ký" in content
    assert "Chữ ký số hợp lệ." not in content


def test_an_expired_certificate_and_an_untrusted_root(client, db, settings, tmp_path):
    trusted = make_pki(tmp_path / "trusted")
    use_pkcs12(settings, make_pki(tmp_path / "expired", expired=True, issuer=trusted))
    content = _upload(client, _signed()).content.decode()
    assert "Chữ ký số KHÔNG hợp lệ." in content
    assert "ĐÃ HẾT HẠN tại thời điểm ký" in content
    assert "Tệp không bị thay đổi kể từ khi ký." in content

    use_pkcs12(settings, make_pki(tmp_path / "other", root="CA lạ"), trust=[trusted.ca_path])
    content = _upload(client, _signed()).content.decode()
    assert "Chữ ký số KHÔNG hợp lệ." in content
    assert "KHÔNG do tổ chức chứng thực tin cậy cấp" in content


def test_only_pdf_files_within_the_size_limit(client, db, settings):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    content = _upload(client, png, "anh.pdf").content.decode()
    assert "Chỉ tệp PDF mới mang chữ ký số của văn bản." in content
    settings.MAX_UPLOAD_SIZE = 1000
    content = _upload(client, _signed()).content.decode()
    assert "Tệp quá lớn" in content
    assert "Chữ ký số hợp lệ." not in content


def test_an_unsigned_pdf_and_an_empty_form(client, db):
    pdf, _area = sample_pdf()
    assert "Tệp PDF này không có chữ ký số." in _upload(client, pdf).content.decode()
    content = client.post(URL, {}).content.decode()
    assert "một trong hai" in content


def test_a_certificate_by_its_code(client, db):
    from tests.trainings.factories import EnrollmentFactory, passed_with_certificate
    from trainings import services

    enrollment = passed_with_certificate(EnrollmentFactory(full_name="Phạm Văn Long"))
    services.certificate_sign(enrollment_id=enrollment.pk)
    response = client.get(URL, {"code": enrollment.verification_code.lower()})
    content = response.content.decode()
    assert f"Chứng chỉ đào tạo {enrollment.certificate_number}: Phạm Văn Long" in content
    assert "Chữ ký số hợp lệ." in content

    type(enrollment).objects.filter(pk=enrollment.pk).update(certificate_revoked_at=timezone.now())
    content = client.post(URL, {"code": enrollment.verification_code}).content.decode()
    assert "đã bị thu hồi ngày" in content


def test_an_annual_report_by_its_checksum_and_by_its_file(client, db):
    from reports.models import AnnualReport

    data = _signed()
    report = AnnualReport(
        year=2024,
        version=2,
        status=AnnualReport.Status.SUCCEEDED,
        figures={"year": 2024},
        figures_source=AnnualReport.FiguresSource.LOCKED,
        figures_checksum="a" * 64,
        checksum=hashlib.sha256(data).hexdigest(),
        signed_at=timezone.now(),
        signed_by="Sở Khoa học và Công nghệ",
    )
    report.file.save("bao-cao-2024.pdf", ContentFile(data), save=False)
    report.save()
    for code in ("a" * 64, report.checksum.upper()):
        content = client.post(URL, {"code": code}).content.decode()
        assert "Báo cáo năm 2024, phiên bản 2" in content
        assert "Chữ ký số hợp lệ." in content
    # The very file the portal stored is recognised when uploaded.
    content = _upload(client, data).content.decode()
    assert "Báo cáo năm 2024, phiên bản 2" in content


def test_an_unknown_code(client, db):
    content = client.post(URL, {"code": "KHONGCO"}).content.decode()
    assert "Không có văn bản đã ký số nào của cổng thông tin mang mã này" in content


def test_checks_are_rate_limited_per_address(client, db, settings):
    settings.SIGNING_VERIFY_RATE = "2/h"
    for _ in range(2):
        assert client.post(URL, {"code": "KHONGCO"}).status_code == 200
    response = client.post(URL, {"code": "KHONGCO"})
    assert response.status_code == 429
    assert "Mạng của bạn đã kiểm tra quá nhiều lần" in response.content.decode()


@pytest.mark.parametrize("user_role", ["anonymous", "enterprise"])
def test_the_page_is_in_the_public_menu(client, db, user_role):
    from tests.conftest import make_user

    if user_role != "anonymous":
        client.force_login(make_user(user_role, "dn@example.vn"))
    content = client.get(reverse("portal:home")).content.decode()
    assert URL in content
    assert "Xác thực văn bản" in content
