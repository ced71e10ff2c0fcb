"""The approved annual report is signed with the Department's certificate in the build, before
it is offered as ready; a provisional one is not; a version that cannot be signed fails with the
reason and leaves no file. Staff and officials see each version's signature checked."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portal import signing
from reports import services
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db


def build(year=2025):
    report = services.annual_report_request(by=None, year=year, enqueue=False)
    return services.annual_report_build(report_id=report.pk)


@pytest.fixture
def locked_2025(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    return closing


def _signature_page(data: bytes) -> tuple[int, int]:
    reader = PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/FT") == "/Sig":
                return index, len(reader.pages)
    return -1, len(reader.pages)


def test_the_approved_report_is_signed_in_the_signer_block(locked_2025):
    report = build()
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    assert report.signed_at is not None
    assert "Sở Khoa học và Công nghệ" in report.signed_by
    data = report.file.read()
    result = signing.verify_pdf(data)
    assert result.ok
    assert result.signatures[0].signer == report.signed_by
    # The signer block follows the body; the annexes come after it in the same file.
    page, pages = _signature_page(data)
    text = PdfReader(io.BytesIO(data)).pages[page].extract_text()
    assert "Nơi nhận" in text
    assert 0 < page < pages
    assert report.checksum == result.sha256  # the stored checksum is the signed file's


def test_the_signature_stamp_keeps_the_report_in_one_font_family(locked_2025):
    """The visible stamp is written in the report's Decree 30 serif: a signed report embeds
    the Liberation Serif faces only (pdffonts lists no other family)."""
    data = build().file.read()
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            appearance = annotation.get_object().get("/AP")
            if appearance:
                resources = appearance["/N"].get_object().get("/Resources") or {}
                for font in (resources.get("/Font") or {}).values():
                    names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert names, "the signature has no visible stamp"
    assert all(name.replace("-", "").startswith("LiberationSerif") for name in names), names


def test_a_provisional_report_is_not_signed(plan):
    report = build()
    assert report.status == AnnualReport.Status.SUCCEEDED
    assert report.signed_at is None
    assert signing.verify_pdf(report.file.read()).error == "unsigned"


def test_an_approved_report_that_cannot_be_signed_fails_without_a_file(settings, locked_2025):
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_PKCS11_MODULE = "/usr/lib/khong-co/libtoken.so"
    report = build()
    assert report.status == AnnualReport.Status.FAILED
    assert not report.file
    assert report.signed_at is None
    assert "Không ký số được báo cáo đã phê duyệt" in report.error
    assert "/usr/lib/khong-co/libtoken.so" in report.error


def test_staff_and_officials_see_the_signature_of_each_version(
    client, staff_user, official_user, locked_2025
):
    report = build()
    for user in (staff_user, official_user):
        client.force_login(user)
        listing = client.get(reverse("reports:report_list")).content.decode()
        assert reverse("reports:report_signature", args=[report.pk]) in listing
        assert "Đã ký số" in listing
        content = client.get(reverse("reports:report_signature", args=[report.pk])).content.decode()
        assert "Chữ ký số hợp lệ." in content
        assert report.signed_by in content
        assert "Tệp không bị thay đổi kể từ khi ký." in content
        assert "Còn hiệu lực tại thời điểm ký" in content
        assert report.checksum in content


def test_the_signature_page_of_a_provisional_version_says_it_is_not_signed(
    client, staff_user, plan
):
    report = build()
    client.force_login(staff_user)
    content = client.get(reverse("reports:report_signature", args=[report.pk])).content.decode()
    assert "Phiên bản này không được ký số" in content
