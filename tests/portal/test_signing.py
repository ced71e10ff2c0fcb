"""portal.signing: PAdES signatures with the Department's certificate, and their verification
(valid, one changed byte, expired certificate, untrusted root, timestamp), and configuration
errors a province can make (PKCS#11 token, PKCS#12 password) with a clear message."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from pypdf import PdfReader

from portal import signing

from .pki import make_pki, sample_pdf, use_pkcs12


@pytest.fixture
def pki(tmp_path):
    return make_pki(tmp_path / "pki")


def _signature_widget(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig":
                return index, [float(x) for x in annotation["/Rect"]], annotation["/V"]
    return None


def test_valid_signature_is_visible_in_the_signer_block_and_verifies(settings, pki):
    use_pkcs12(settings, pki)
    pdf, area = sample_pdf()
    signed = signing.sign_pdf(pdf, area=area, reason="Báo cáo năm 2024", location="Phú Thọ")

    assert signed.signer == "Sở Khoa học và Công nghệ tỉnh Phú Thọ"
    page, rect, value = _signature_widget(signed.data)
    assert page == 1  # the signer block is on the second page
    assert rect[2] - rect[0] > 100
    assert rect[3] - rect[1] > 40
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert value["/Reason"] == "Báo cáo năm 2024"
    stamp_text = PdfReader(io.BytesIO(signed.data)).pages[1].extract_text()
    assert "Nguyễn Văn Bình" in stamp_text

    result = signing.verify_pdf(signed.data)
    assert result.ok
    (check,) = result.signatures
    assert check.signer == "Sở Khoa học và Công nghệ tỉnh Phú Thọ"
    assert check.organization == "UBND tỉnh Phú Thọ"
    assert check.intact
    assert check.unchanged_after
    assert check.trusted
    assert check.valid_then
    assert not check.timestamped
    assert abs(check.signed_at - signed.signed_at) < dt.timedelta(seconds=5)
    assert not check.demo


def test_one_changed_byte_makes_the_signature_invalid(settings, pki):
    use_pkcs12(settings, pki)
    pdf, area = sample_pdf()
    data = bytearray(signing.sign_pdf(pdf, area=area).data)
    data[10] ^= 0x01  # inside the signed range, in the header's binary comment
    result = signing.verify_pdf(bytes(data))
    assert not result.ok
    (check,) = result.signatures
    assert not check.intact
    assert not check.unchanged_after


def test_content_added_after_signing_is_reported(settings, pki):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStamp, TextStampStyle

    use_pkcs12(settings, pki)
    pdf, area = sample_pdf()
    signed = signing.sign_pdf(pdf, area=area).data
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    TextStamp(writer, TextStampStyle(stamp_text="Đã sửa")).apply(0, 20, 20)
    output = io.BytesIO()
    writer.write(output)
    result = signing.verify_pdf(output.getvalue())
    assert not result.ok
    (check,) = result.signatures
    assert check.intact  # the signed revision itself is untouched
    assert not check.unchanged_after


def test_expired_certificate_was_not_valid_at_signing_time(settings, tmp_path):
    expired = make_pki(tmp_path / "expired", expired=True)
    use_pkcs12(settings, expired)
    pdf, area = sample_pdf()
    result = signing.verify_pdf(signing.sign_pdf(pdf, area=area).data)
    assert not result.ok
    (check,) = result.signatures
    assert check.intact
    assert check.unchanged_after
    assert not check.valid_then
    assert check.certificate_problem == "expired"


def test_certificate_from_an_untrusted_root(settings, pki, tmp_path):
    other = make_pki(tmp_path / "other", root="Root CA khác")
    use_pkcs12(settings, other, trust=[pki.ca_path])  # signed by other, only pki's root trusted
    pdf, area = sample_pdf()
    result = signing.verify_pdf(signing.sign_pdf(pdf, area=area).data)
    assert not result.ok
    (check,) = result.signatures
    assert check.intact
    assert not check.trusted
    assert not check.valid_then
    assert check.certificate_problem == "untrusted"


def test_a_timestamp_authority_makes_the_signature_b_t(settings, pki, monkeypatch):
    from asn1crypto import keys, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    use_pkcs12(settings, pki)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    tsa_cert = (
        cx509.CertificateBuilder()
        .subject_name(cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "TSA thử")]))
        .issuer_name(pki.ca_cert.subject)
        .public_key(tsa_key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(pki.ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    timestamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(tsa_cert.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    monkeypatch.setattr(signing, "_timestamper", lambda: timestamper)
    pdf, area = sample_pdf()
    signed = signing.sign_pdf(pdf, area=area)
    assert signed.timestamped
    result = signing.verify_pdf(signed.data)
    assert result.ok
    assert result.signatures[0].timestamped


def test_not_a_pdf_damaged_and_unsigned_files_are_told_apart(settings, pki):
    use_pkcs12(settings, pki)
    assert signing.verify_pdf(b"PK\x03\x04 not a pdf").error == "not_pdf"
    assert signing.verify_pdf(b"%PDF-1.7\n garbage").error == "damaged"
    pdf, _area = sample_pdf()
    assert signing.verify_pdf(pdf).error == "unsigned"
    assert not signing.verify_pdf(pdf).ok


def test_demo_certificate_signs_in_tests_and_says_it_is_a_demo():
    pdf, area = sample_pdf()
    result = signing.verify_pdf(signing.sign_pdf(pdf, area=area).data)
    assert result.ok
    assert result.signatures[0].demo
    assert signing.credential().demo


def _check_messages(capsys=None) -> str:
    with pytest.raises(SystemCheckError) as exc:
        call_command("check")
    return str(exc.value)


def test_pkcs11_module_that_does_not_exist_is_a_clear_error(settings):
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_PKCS11_MODULE = "/usr/lib/khong-co/libtoken.so"
    settings.SIGNING_PKCS11_SLOT = 0
    settings.SIGNING_KEY_LABEL = "Sở KH&CN"
    settings.SIGNING_PIN = "123456"

    message = _check_messages()
    assert "portal.E010" in message
    assert "Không tìm thấy thư viện PKCS#11 “/usr/lib/khong-co/libtoken.so”" in message

    pdf, area = sample_pdf()
    with pytest.raises(ImproperlyConfigured, match="SIGNING_PKCS11_MODULE"):
        signing.sign_pdf(pdf, area=area)


def test_pkcs11_needs_which_token_which_key_and_the_pin(settings, tmp_path):
    module = tmp_path / "libtoken.so"
    module.write_bytes(b"\x7fELF")
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_PKCS11_MODULE = str(module)
    settings.SIGNING_PKCS11_SLOT = None
    settings.SIGNING_PKCS11_TOKEN_LABEL = ""
    settings.SIGNING_KEY_LABEL = ""
    settings.SIGNING_PIN = ""
    message = _check_messages()
    assert "SIGNING_PKCS11_SLOT hoặc SIGNING_PKCS11_TOKEN_LABEL" in message
    assert "SIGNING_KEY_LABEL" in message
    assert "SIGNING_PIN" in message


def test_a_token_module_that_cannot_be_loaded_fails_signing_with_its_path(settings, tmp_path):
    module = tmp_path / "libtoken.so"
    module.write_bytes(b"not a shared library")
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_PKCS11_MODULE = str(module)
    settings.SIGNING_PKCS11_TOKEN_LABEL = "SKHCN"
    settings.SIGNING_KEY_LABEL = "ky-so"
    settings.SIGNING_PIN = "123456"
    pdf, area = sample_pdf()
    with pytest.raises(ImproperlyConfigured, match="Không mở được thiết bị ký PKCS#11"):
        signing.sign_pdf(pdf, area=area)


def test_pkcs12_with_a_wrong_password_and_both_kinds_configured(settings, pki):
    use_pkcs12(settings, pki)
    settings.SIGNING_PKCS12_PASSWORD = "sai-mat-khau"
    message = _check_messages()
    assert "sai SIGNING_PKCS12_PASSWORD" in message

    settings.SIGNING_PKCS12_PASSWORD = "mat-khau-thu"
    settings.SIGNING_PKCS11_MODULE = "/usr/lib/libtoken.so"
    assert "không cả hai" in _check_messages()


def test_nothing_configured_outside_demo_mode_warns_and_cannot_sign(settings):
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_PKCS11_MODULE = ""
    errors, warnings = signing.configuration_problems()
    assert not errors
    assert any("Chưa cấu hình chứng thư số" in warning for warning in warnings)
    pdf, area = sample_pdf()
    with pytest.raises(ImproperlyConfigured, match="Chưa cấu hình chứng thư số"):
        signing.sign_pdf(pdf, area=area)


def test_the_signature_goes_on_the_signer_space_even_inside_a_positioned_block():
    from weasyprint import HTML

    document = HTML(
        string=(
            "<style>@page { size: A4; margin: 0 }</style><p>Trang 1</p>"
            "<div style='position: absolute; left: 100pt; top: 200pt; width: 300pt'>"
            "<div class='signer-space' style='height: 60pt'></div></div>"
        )
    ).render()
    area = signing.area_from_layout(document, "signer-space", width_pt=190, height_pt=60)
    x1, y1, x2, y2 = area.box
    assert area.page == 0
    assert (x1 + x2) / 2 == pytest.approx(250, abs=1)  # 100pt + half of 300pt
    assert (y1 + y2) / 2 == pytest.approx(841.89 - 230, abs=1)  # 200pt + half of 60pt, from the top
    assert x2 - x1 == pytest.approx(190)


def test_signing_and_verifying_work_while_an_event_loop_runs_in_the_thread():
    """The browser tests' Playwright (and an async server) keep an event loop running in the
    thread; pyHanko's own asyncio.run() would refuse to start there."""
    import asyncio
    import threading

    async def inside_a_running_loop():
        pdf, area = sample_pdf()
        return signing.verify_pdf(signing.sign_pdf(pdf, area=area).data)

    # In a thread of its own, so the test does not depend on the loop of another test's tool.
    results = []
    worker = threading.Thread(target=lambda: results.append(asyncio.run(inside_a_running_loop())))
    worker.start()
    worker.join(60)
    assert results
    assert results[0].ok
