"""Digital signatures on official documents (pyHanko): the approved annual report and the
training certificates are signed as PDF signatures (PAdES B-B, B-T when a timestamp authority
is configured) with the Department's certificate, and anyone can verify them.

One place for both apps:
- `sign_pdf(pdf, area=...)` signs with the configured credential: a PKCS#12 file and password
  (`SIGNING_PKCS12_PATH`, `SIGNING_PKCS12_PASSWORD`) or a PKCS#11 token (`SIGNING_PKCS11_MODULE`,
  `SIGNING_PKCS11_SLOT` or `SIGNING_PKCS11_TOKEN_LABEL`, `SIGNING_KEY_LABEL`, `SIGNING_PIN`).
  The visible signature (signer and time) is placed in a rectangle found in the WeasyPrint
  layout (`area_from_layout`): the signer block, where Decree 30/2020/NĐ-CP puts the signature.
- `verify_pdf(data)` validates every signature of a PDF with pyhanko-certvalidator against
  `SIGNING_TRUST_ROOTS` at the time of signing (the timestamp's time when there is one, else the
  time the signer declared), and says who signed, when, whether the file was changed after
  signing and whether the certificate was valid then.
- `configuration_problems()` is what the system checks report (portal.E010…).

In development and tests with nothing configured (`SIGNING_DEMO`), the demo CA and demo
Department certificate that `seed_demo` writes to `SIGNING_DEMO_DIR` are used.
"""

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from . import signing_demo

logger = logging.getLogger(__name__)

FIELD_NAME = "ChuKySoCoQuan"
# The stamp is part of the document: the report's own Decree 30 serif, so a signed report still
# embeds one family only.
FONT_PATH = (
    Path(__file__).resolve().parent.parent / "static" / "fonts" / "LiberationSerif-Regular.ttf"
)
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF uses points (72)
# Vietnamese and Latin: subsetting the whole font for every signature costs ~1.4 s.
STAMP_UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x300, 0x370),
    *range(0x1EA0, 0x1F00),
    *(0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x20AB),
]
logging.getLogger("fontTools").setLevel(logging.WARNING)


class SigningError(Exception):
    """Signing failed for a reason worth telling staff (the message is translated)."""


# --- Configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Credential:
    kind: str  # "pkcs12" or "pkcs11"
    pkcs12_path: str = ""
    pkcs12_password: str = ""
    module: str = ""
    slot: int | None = None
    token_label: str = ""
    key_label: str = ""
    cert_label: str = ""
    pin: str = ""
    demo: bool = False


def credential() -> Credential | None:
    """The configured signing credential, the demo one in demo mode, or None."""
    if settings.SIGNING_PKCS11_MODULE:
        return Credential(
            kind="pkcs11",
            module=settings.SIGNING_PKCS11_MODULE,
            slot=settings.SIGNING_PKCS11_SLOT,
            token_label=settings.SIGNING_PKCS11_TOKEN_LABEL,
            key_label=settings.SIGNING_KEY_LABEL,
            cert_label=settings.SIGNING_CERT_LABEL or settings.SIGNING_KEY_LABEL,
            pin=settings.SIGNING_PIN,
        )
    if settings.SIGNING_PKCS12_PATH:
        return Credential(
            kind="pkcs12",
            pkcs12_path=settings.SIGNING_PKCS12_PATH,
            pkcs12_password=settings.SIGNING_PKCS12_PASSWORD,
        )
    if settings.SIGNING_DEMO:
        return Credential(
            kind="pkcs12",
            pkcs12_path=str(Path(settings.SIGNING_DEMO_DIR) / signing_demo.DEMO_PKCS12_FILE),
            pkcs12_password=signing_demo.DEMO_PASSWORD,
            demo=True,
        )
    return None


def trust_root_paths() -> list[str]:
    paths = list(settings.SIGNING_TRUST_ROOTS)
    if settings.SIGNING_DEMO:
        paths.append(str(Path(settings.SIGNING_DEMO_DIR) / signing_demo.DEMO_CA_FILE))
    return paths


def ensure_demo_credentials() -> None:
    """Create the demo CA and certificate (demo mode only; `seed_demo` calls this)."""
    if not settings.SIGNING_DEMO:
        return
    from portal.models import ProgramSettings

    agency = ProgramSettings.load().agency_name or "Sở Khoa học và Công nghệ"
    signing_demo.write_demo_credentials(Path(settings.SIGNING_DEMO_DIR), agency_name=agency)


def configuration_problems() -> tuple[list[str], list[str]]:
    """(errors, warnings) about the signing configuration, in the user's language."""
    errors: list[str] = []
    warnings: list[str] = []
    if settings.SIGNING_PKCS12_PATH and settings.SIGNING_PKCS11_MODULE:
        errors.append(
            _(
                "Both SIGNING_PKCS12_PATH and SIGNING_PKCS11_MODULE are set: configure either a "
                "PKCS#12 file or a PKCS#11 token, not both."
            )
        )
    cred = credential()
    if cred is None:
        warnings.append(
            _(
                "No signing certificate is configured (SIGNING_PKCS12_PATH or "
                "SIGNING_PKCS11_MODULE): approved annual reports and certificates cannot be "
                "issued until one is."
            )
        )
    elif cred.kind == "pkcs11":
        errors.extend(_pkcs11_problems(cred))
    elif not cred.demo:
        try:
            _load_pkcs12(cred)
        except ImproperlyConfigured as exc:
            errors.append(str(exc))
    for path in settings.SIGNING_TRUST_ROOTS:
        try:
            _load_certificates(path)
        except ImproperlyConfigured as exc:
            errors.append(str(exc))
    if cred is not None and not cred.demo and not settings.SIGNING_TRUST_ROOTS:
        warnings.append(
            _(
                "SIGNING_TRUST_ROOTS is empty: the verification page will call every signature "
                "untrusted. Name the root certificate of the signing service."
            )
        )
    url = settings.SIGNING_TSA_URL
    if url and not url.startswith(("https://", "http://")):
        errors.append(
            _("SIGNING_TSA_URL must be an http(s) address, not “%(url)s”.") % {"url": url}
        )
    return errors, warnings


def _pkcs11_problems(cred: Credential) -> list[str]:
    problems = []
    module = Path(cred.module)
    if not module.is_file():
        problems.append(
            _(
                "The PKCS#11 module “%(path)s” (SIGNING_PKCS11_MODULE) does not exist. Install "
                "the signing token's driver and give the path of its .so library, e.g. "
                "/usr/lib/x86_64-linux-gnu/libeToken.so."
            )
            % {"path": cred.module}
        )
    if cred.slot is None and not cred.token_label:
        problems.append(
            _(
                "A PKCS#11 token needs SIGNING_PKCS11_SLOT or SIGNING_PKCS11_TOKEN_LABEL to say "
                "which token to use."
            )
        )
    if not cred.key_label:
        problems.append(
            _("A PKCS#11 token needs SIGNING_KEY_LABEL, the label of the signing key on it.")
        )
    if not cred.pin:
        problems.append(_("A PKCS#11 token needs SIGNING_PIN to unlock the signing key."))
    return problems


def _load_pkcs12(cred: Credential):
    from pyhanko.sign import signers

    path = Path(cred.pkcs12_path)
    if not path.is_file():
        if cred.demo:
            raise ImproperlyConfigured(
                _(
                    "The demo signing certificate is missing (%(path)s). Run `python manage.py "
                    "seed_demo` to create it."
                )
                % {"path": path}
            )
        raise ImproperlyConfigured(
            _("The PKCS#12 file “%(path)s” (SIGNING_PKCS12_PATH) does not exist.") % {"path": path}
        )
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            str(path), passphrase=cred.pkcs12_password.encode() or None
        )
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            _(
                "The PKCS#12 file “%(path)s” cannot be opened: wrong SIGNING_PKCS12_PASSWORD or "
                "not a PKCS#12 file (%(error)s)."
            )
            % {"path": path, "error": exc}
        ) from exc
    if signer is None:
        raise ImproperlyConfigured(
            _(
                "The PKCS#12 file “%(path)s” cannot be opened: wrong SIGNING_PKCS12_PASSWORD or "
                "not a PKCS#12 file."
            )
            % {"path": path}
        )
    return signer


def _load_certificates(path: str) -> list:
    from asn1crypto import pem, x509

    try:
        data = Path(path).read_bytes()
        if pem.detect(data):
            return [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
        certificate = x509.Certificate.load(data)
        certificate.native  # noqa: B018 (parse now: a bad file must fail here, not later)
        return [certificate]
    except (OSError, ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            _("The trust root “%(path)s” (SIGNING_TRUST_ROOTS) cannot be read: %(error)s")
            % {"path": path, "error": exc}
        ) from exc


def trust_roots() -> list:
    roots = []
    for path in trust_root_paths():
        with contextlib.suppress(ImproperlyConfigured):
            roots.extend(_load_certificates(path))
    return roots


@contextlib.contextmanager
def open_signer():
    """The configured pyHanko signer; a PKCS#11 session is closed afterwards. Raises
    ImproperlyConfigured with a clear message when the configuration cannot work."""
    cred = credential()
    if cred is None:
        raise ImproperlyConfigured(configuration_problems()[1][0])
    if cred.kind == "pkcs12":
        yield _load_pkcs12(cred)
        return
    problems = _pkcs11_problems(cred)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    try:
        session = pkcs11.open_pkcs11_session(
            cred.module,
            slot_no=cred.slot,
            token_criteria=TokenCriteria(label=cred.token_label) if cred.token_label else None,
            user_pin=cred.pin,
        )
    except Exception as exc:  # the token's driver raises its own kinds
        raise ImproperlyConfigured(
            _("The PKCS#11 token cannot be opened (%(module)s): %(error)s")
            % {"module": cred.module, "error": exc}
        ) from exc
    try:
        yield pkcs11.PKCS11Signer(session, cert_label=cred.cert_label, key_label=cred.key_label)
    finally:
        session.close()


def _timestamper():
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=15)


# --- Where the signature goes -------------------------------------------------------------


@dataclass(frozen=True)
class SignatureArea:
    """A page (0-based) and a box (x1, y1, x2, y2) in PDF points from the bottom left."""

    page: int
    box: tuple[float, float, float, float]


def _layout_boxes(box):
    """Every box of a WeasyPrint layout, including inside absolutely positioned and floated
    elements (their placeholders hide them from `descendants()`)."""
    yield box
    inner = getattr(box, "_box", None)  # AbsolutePlaceholder
    if inner is not None:
        yield from _layout_boxes(inner)
        return
    for child in getattr(box, "children", None) or ():
        yield from _layout_boxes(child)


def area_from_layout(document, css_class: str, *, width_pt=190.0, height_pt=62.0):
    """The signature's place on a WeasyPrint document: centred on the first box whose element
    has `css_class` (the signer block), searched from the last page back; else the bottom
    right of the last page."""
    pages = document.pages
    for index in range(len(pages) - 1, -1, -1):
        page = pages[index]
        for box in _layout_boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or css_class not in (element.get("class") or "").split():
                continue
            centre_x = (box.position_x + box.margin_width() / 2) * PX_TO_PT
            centre_y = (box.position_y + box.margin_height() / 2) * PX_TO_PT
            page_height = page.height * PX_TO_PT
            x1 = max(centre_x - width_pt / 2, 0)
            y_top = page_height - centre_y + height_pt / 2
            return SignatureArea(index, (x1, y_top - height_pt, x1 + width_pt, y_top))
    page = pages[-1]
    width, _height = page.width * PX_TO_PT, page.height * PX_TO_PT
    return SignatureArea(len(pages) - 1, (width - 56 - width_pt, 56, width - 56, 56 + height_pt))


# --- Signing ------------------------------------------------------------------------------


@functools.cache
def _stamp_font_path() -> str:
    """The stamp font cut down to the characters a stamp uses, written once per process."""
    from fontTools import subset
    from fontTools.ttLib.scaleUpem import scale_upem

    digest = hashlib.sha256(FONT_PATH.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"nscl-stamp-{digest}-1000.ttf"
    if not target.exists():
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        font = subset.load_font(str(FONT_PATH), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=STAMP_UNICODES)
        subsetter.subset(font)
        # pyHanko writes the font's advance widths as they are while PDF reads them per 1000
        # units of the em: a 2048-unit em (DejaVu, Liberation) would space the letters twice as wide.
        scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.part")
        subset.save_font(font, str(partial), options)
        partial.replace(target)
    return str(target)


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    signed_at: dt.datetime
    signer: str
    timestamped: bool


def _common_name(certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or subject.get("organization_name") or ""


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run asyncio.run(), which refuses to start in a thread whose
    event loop is running (an async server, or Playwright's sync API in the browser tests):
    there the call runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(pdf: bytes, *, area: SignatureArea, reason: str = "", location: str = "") -> SignedPdf:
    """Sign `pdf` (PAdES B-B, or B-T with a timestamp authority) with a visible signature in
    `area`. Raises ImproperlyConfigured for a configuration that cannot sign and SigningError
    when the signing itself failed (token removed, timestamp authority unreachable)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    timestamper = _timestamper()
    with open_signer() as signer:
        signer_name = _common_name(signer.signing_cert)
        signed_at = dt.datetime.now(dt.UTC)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                sig_field_name=FIELD_NAME,
                on_page=area.page,
                box=area.box,  # type: ignore[arg-type]  # pyHanko takes points as floats too
            ),
        )
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or settings.SIGNING_REASON,
            location=location or None,
            name=signer_name,
        )
        style = TextStampStyle(
            stamp_text="Ký bởi: %(signer)s\nThời gian ký: %(ts)s",
            text_box_style=TextBoxStyle(
                font=GlyphAccumulatorFactory(_stamp_font_path()), font_size=7, leading=9
            ),
            border_width=1,
            # pyHanko fills %(ts)s in the process' time zone: Django sets it to TIME_ZONE.
            timestamp_format="%d/%m/%Y %H:%M:%S GMT%z",
        )
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, timestamper=timestamper, stamp_style=style
        )
        try:
            output = _outside_event_loop(
                pdf_signer.sign_pdf,
                writer,
                appearance_text_params={
                    "signer": signer_name,
                },
            )
        except Exception as exc:
            logger.exception("Signing failed")
            raise SigningError(
                _("The document could not be signed: %(error)s") % {"error": exc}
            ) from exc
    return SignedPdf(output.getvalue(), signed_at, signer_name, timestamper is not None)


# --- Verifying ----------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    """What one signature says, in plain terms (the template words it in Vietnamese)."""

    signer: str = ""
    organization: str = ""
    issuer: str = ""
    serial: str = ""
    signed_at: dt.datetime | None = None
    timestamped: bool = False  # the time comes from a timestamp authority
    intact: bool = False  # the signed bytes were not changed
    unchanged_after: bool = False  # nothing but allowed additions after the signature
    trusted: bool = False  # the chain reaches a configured trust root
    valid_then: bool = False  # the certificate was valid at the time of signing
    certificate_problem: str = ""  # "expired", "not_yet_valid", "revoked", "untrusted", "other"
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    demo: bool = False

    @property
    def ok(self) -> bool:
        return self.intact and self.unchanged_after and self.trusted and self.valid_then


@dataclass
class Verification:
    signatures: list[SignatureCheck] = field(default_factory=list)
    error: str = ""  # "not_pdf", "damaged", "unsigned"
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.signatures) and all(s.ok for s in self.signatures)


def _signing_time(embedded) -> tuple[dt.datetime | None, bool]:
    """The time of signing: a signature timestamp's when there is one (checked during the
    validation), else the time the signer declared."""
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    for token in extract_tst_data_iter(embedded.signer_info, signed=False):
        try:
            return token["encap_content_info"]["content"].parsed["gen_time"].native, True
        except (KeyError, AttributeError, ValueError):
            break
    return embedded.self_reported_timestamp, False


def _certificate_problem(status) -> str:
    from pyhanko.sign.ades.report import AdESIndeterminate

    indic = getattr(status, "trust_problem_indic", None)
    if indic is None:
        return "" if status.trusted else "other"
    if indic in (
        AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
        AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    ):
        return "expired"
    if indic == AdESIndeterminate.NOT_YET_VALID:
        return "not_yet_valid"
    if indic in (AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE):
        return "revoked"
    if indic in (
        AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND,
        AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE,
    ):
        return "untrusted"
    return "other"


def _check_signature(embedded, roots) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signed_at, timestamped = _signing_time(embedded)
    context = ValidationContext(
        trust_roots=roots,
        moment=signed_at,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    status = _outside_event_loop(
        validate_pdf_signature, embedded, signer_validation_context=context
    )
    certificate = status.signing_cert
    subject = certificate.subject.native
    validity = certificate["tbs_certificate"]["validity"]
    coverage = status.coverage
    unchanged = coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.FORM_FILLING
    )
    problem = _certificate_problem(status)
    check = SignatureCheck(
        signer=subject.get("common_name", ""),
        organization=subject.get("organization_name", ""),
        issuer=certificate.issuer.native.get("common_name", ""),
        serial=format(certificate.serial_number, "X"),
        signed_at=signed_at,
        timestamped=timestamped
        and status.timestamp_validity is not None
        and status.timestamp_validity.intact
        and status.timestamp_validity.valid
        and status.timestamp_validity.trusted,
        intact=bool(status.intact and status.valid),
        unchanged_after=bool(status.intact and status.valid and unchanged),
        trusted=problem not in ("untrusted", "other") and bool(status.trusted or problem),
        valid_then=bool(status.trusted),
        certificate_problem=problem,
        valid_from=validity["not_before"].native,
        valid_until=validity["not_after"].native,
    )
    check.demo = signing_demo.DEMO_MARK in (check.signer + check.organization + check.issuer)
    return check


def verify_pdf(data: bytes) -> Verification:
    """Validate every signature of `data` (a PDF's bytes). Never raises for bad input."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    result = Verification(sha256=hashlib.sha256(data).hexdigest())
    if data.lstrip()[:5] != b"%PDF-":
        result.error = "not_pdf"
        return result
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, OSError, RecursionError):
        result.error = "damaged"
        return result
    except Exception:  # an uploaded file is anyone's: whatever breaks the reader is "damaged"
        logger.info("Unreadable uploaded PDF", exc_info=True)
        result.error = "damaged"
        return result
    if not embedded:
        result.error = "unsigned"
        return result
    roots = trust_roots()
    for signature in embedded:
        try:
            result.signatures.append(_check_signature(signature, roots))
        except Exception:  # a malformed signature must read as invalid, never as a 500
            logger.info("Unreadable signature in an uploaded PDF", exc_info=True)
            result.signatures.append(SignatureCheck())
    return result


VERIFY_CACHE_SECONDS = 600


def verify_file(file, *, cache_key: str = "") -> Verification:
    """`verify_pdf` of a stored FieldFile. With `cache_key` (which must change when the file
    does) the result is kept for ten minutes: pages showing stored documents verify them on
    every view otherwise."""
    from django.core.cache import cache

    key = f"signing:verify:{cache_key}" if cache_key else ""
    if key:
        cached = cache.get(key)
        if isinstance(cached, Verification):
            return cached
    try:
        with file.open("rb") as handle:
            result = verify_pdf(handle.read())
    except (FileNotFoundError, ValueError):
        result = Verification(error="missing")
    if key:
        cache.set(key, result, VERIFY_CACHE_SECONDS)
    return result


# --- Issued documents, found by their code (hook modules `<app>/documents.py`) --------------


@dataclass
class IssuedDocument:
    """A signed document the portal issued, as the verification page shows it."""

    title: str
    file: object  # a FieldFile
    cache_key: str
    warning: str = ""  # e.g. the certificate was revoked after it was signed


def find_issued_documents(code: str) -> list[IssuedDocument]:
    """Signed documents with this code (a certificate's verification code, an annual report's
    SHA-256 checksum), from every app's `documents.find(code)`."""
    from .hooks import app_hook_modules

    code = (code or "").strip()
    if not code:
        return []
    found: list[IssuedDocument] = []
    for module in app_hook_modules("documents"):
        found.extend(module.find(code))
    return found


def issued_documents_with_checksum(sha256: str) -> list[IssuedDocument]:
    """Signed documents the portal stored with exactly these bytes."""
    from .hooks import app_hook_modules

    found: list[IssuedDocument] = []
    for module in app_hook_modules("documents"):
        function = getattr(module, "with_checksum", None)
        if function is not None:
            found.extend(function(sha256))
    return found


def check_signing_configuration(app_configs=None, **kwargs):
    """Django system check: a signing configuration that cannot work is an error at start-up
    (`manage.py check`, `runserver`, `migrate`), not a failed report in the night."""
    from django.core import checks

    errors, warnings = configuration_problems()
    return [
        *(checks.Error(message, id="portal.E010") for message in errors),
        *(checks.Warning(message, id="portal.W010") for message in warnings),
    ]
