"""The demo certificate authority and the demo Department certificate (cryptography only).

Used by `seed_demo` in development (DJANGO_DEBUG=1) and by the test suite: never in production,
where settings refuse to start when the configured signing certificate or a trust root carries
the demo mark. Every demo name contains `DEMO_MARK`, so a document signed with it says so
wherever its signer is shown.

This module imports nothing from Django at import time: `portal/settings.py` uses
`is_demo_pkcs12` and `is_demo_certificate_file`.
"""

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_MARK = "DEMO - KHÔNG DÙNG THẬT"
DEMO_PASSWORD = "demo-signing"  # noqa: S105 (a published demo password, demo mode only)
DEMO_CA_FILE = "demo-ca.pem"
DEMO_PKCS12_FILE = "department-demo.p12"


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(
    common_name: str,
    *,
    organization: str = f"NSCL Portal {DEMO_MARK}",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
):
    """A self-signed root: (private key, certificate)."""
    now = dt.datetime.now(dt.UTC)
    not_before = not_before or now - dt.timedelta(days=1)
    not_after = not_after or now + dt.timedelta(days=3650)
    key = _key()
    name = _name(common_name, organization)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def make_signing_certificate(
    ca_key,
    ca_certificate: x509.Certificate,
    common_name: str,
    *,
    organization: str = DEMO_MARK,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
):
    """A document-signing certificate issued by `ca_certificate`: (private key, certificate)."""
    now = dt.datetime.now(dt.UTC)
    not_before = not_before or now - dt.timedelta(days=1)
    not_after = not_after or now + dt.timedelta(days=3 * 365)
    key = _key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, certificate


def pkcs12_bytes(key, certificate, chain, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=b"signing",
        key=key,
        cert=certificate,
        cas=list(chain),
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


def pem_bytes(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def write_demo_credentials(directory: Path, *, agency_name: str = "Sở Khoa học và Công nghệ"):
    """Create the demo CA and the Department's demo certificate in `directory` unless they are
    there already. Returns (PKCS#12 path, CA path)."""
    directory = Path(directory)
    p12_path, ca_path = directory / DEMO_PKCS12_FILE, directory / DEMO_CA_FILE
    if p12_path.exists() and ca_path.exists():
        return p12_path, ca_path
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_certificate = make_ca(f"CA thử nghiệm NSCL ({DEMO_MARK})")
    key, certificate = make_signing_certificate(
        ca_key, ca_certificate, f"{agency_name} ({DEMO_MARK})"
    )
    ca_path.write_bytes(pem_bytes(ca_certificate))
    p12_path.write_bytes(pkcs12_bytes(key, certificate, [ca_certificate], DEMO_PASSWORD))
    p12_path.chmod(0o600)
    return p12_path, ca_path


def _is_demo(certificate: x509.Certificate) -> bool:
    text = certificate.subject.rfc4514_string() + certificate.issuer.rfc4514_string()
    return DEMO_MARK in text


def is_demo_pkcs12(path: str, password: str) -> bool:
    """True when the PKCS#12 file's certificate (or its chain) is a demo one. A file that
    cannot be read is left to the system checks, which say what is wrong with it."""
    try:
        _key_, certificate, chain = pkcs12.load_key_and_certificates(
            Path(path).read_bytes(), password.encode() if password else None
        )
    except (OSError, ValueError):
        return False
    return any(_is_demo(item) for item in [certificate, *chain] if item is not None)


def is_demo_certificate_file(path: str) -> bool:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    try:
        certificates = (
            x509.load_pem_x509_certificates(data)
            if b"-----BEGIN" in data
            else [x509.load_der_x509_certificate(data)]
        )
    except ValueError:
        return False
    return any(_is_demo(item) for item in certificates)
