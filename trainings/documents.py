"""Signed training certificates for the public verification page (portal/signing.py), found
by the verification code printed under the certificate's QR code."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.signing import IssuedDocument

from . import selectors


def find(code: str) -> list[IssuedDocument]:
    enrollment = selectors.certificate_by_code(code)
    if enrollment is None or not enrollment.certificate_file:
        return []
    warning = ""
    if enrollment.certificate_revoked_at:
        warning = _("This certificate was revoked on %(date)s and is no longer valid.") % {
            "date": timezone.localtime(enrollment.certificate_revoked_at).strftime("%d/%m/%Y")
        }
    return [
        IssuedDocument(
            title=_("Training certificate %(number)s: %(name)s")
            % {"number": enrollment.certificate_number, "name": enrollment.full_name},
            file=enrollment.certificate_file,
            cache_key=f"certificate:{enrollment.pk}:{enrollment.certificate_file.name}",
            warning=warning,
        )
    ]
