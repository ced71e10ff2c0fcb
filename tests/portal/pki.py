"""Certificates for signing tests, made with `cryptography` (portal/signing_demo.py): a root
and a Department certificate that is valid, expired, or issued by another root."""

import datetime as dt
import types

from portal import signing_demo

PASSWORD = "mat-khau-thu"


def make_pki(directory, *, root="Root CA thử nghiệm", expired=False, issuer=None):
    """A root CA (or `issuer`'s) and a Department certificate in a PKCS#12 file."""
    directory.mkdir(parents=True, exist_ok=True)
    if issuer is None:
        ca_key, ca_cert = signing_demo.make_ca(root, organization="Tổ chức chứng thực thử")
    else:
        ca_key, ca_cert = issuer.ca_key, issuer.ca_cert
    now = dt.datetime.now(dt.UTC)
    validity = (
        {"not_before": now - dt.timedelta(days=400), "not_after": now - dt.timedelta(days=30)}
        if expired
        else {}
    )
    key, cert = signing_demo.make_signing_certificate(
        ca_key,
        ca_cert,
        "Sở Khoa học và Công nghệ tỉnh Phú Thọ",
        organization="UBND tỉnh Phú Thọ",
        **validity,
    )
    ca_path = directory / "root.pem"
    ca_path.write_bytes(signing_demo.pem_bytes(ca_cert))
    p12_path = directory / "department.p12"
    p12_path.write_bytes(signing_demo.pkcs12_bytes(key, cert, [ca_cert], PASSWORD))
    return types.SimpleNamespace(
        ca_key=ca_key, ca_cert=ca_cert, key=key, cert=cert, ca_path=ca_path, p12_path=p12_path
    )


def use_pkcs12(settings, pki, *, trust=None):
    """Sign with `pki`'s PKCS#12 file and trust `trust` (default: its own root)."""
    settings.SIGNING_DEMO = False
    settings.SIGNING_PKCS11_MODULE = ""
    settings.SIGNING_PKCS12_PATH = str(pki.p12_path)
    settings.SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.SIGNING_TRUST_ROOTS = [str(path) for path in (trust or [pki.ca_path])]
    settings.SIGNING_TSA_URL = ""


def sample_pdf():
    """A small PDF with a signer block, and where the signature goes: (bytes, SignatureArea)."""
    from weasyprint import HTML

    from portal import signing

    document = HTML(
        string=(
            "<html><body><p>Báo cáo thử</p><div style='page-break-before: always'>"
            "<div style='margin-left: 50%; text-align: center'><b>GIÁM ĐỐC</b>"
            "<div class='signer-space' style='height: 70pt'></div><b>Nguyễn Văn Bình</b>"
            "</div></div></body></html>"
        )
    ).render()
    return document.write_pdf(), signing.area_from_layout(document, "signer-space")
