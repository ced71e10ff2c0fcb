"""Signed annual reports for the public verification page (portal/signing.py): found by the
SHA-256 printed on every page (the figures') or by the file's own checksum."""

import re

from django.utils.translation import gettext as _

from portal.signing import IssuedDocument

from .models import AnnualReport

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_VERSIONS = 5


def _documents(reports) -> list[IssuedDocument]:
    return [
        IssuedDocument(
            title=_("Annual report %(year)s, version %(version)s")
            % {"year": report.year, "version": report.version},
            file=report.file,
            cache_key=f"report:{report.pk}:{report.checksum}",
        )
        for report in reports
    ]


def _signed():
    return (
        AnnualReport.objects.filter(status=AnnualReport.Status.SUCCEEDED, signed_at__isnull=False)
        .exclude(file="")
        .defer("figures")
        .order_by("-year", "-version")
    )


def find(code: str) -> list[IssuedDocument]:
    code = code.strip().lower()
    if not _SHA256.match(code):
        return []
    exact = list(_signed().filter(checksum=code)[:1])
    if exact:
        return _documents(exact)
    return _documents(_signed().filter(figures_checksum=code)[:MAX_VERSIONS])


def with_checksum(sha256: str) -> list[IssuedDocument]:
    return _documents(_signed().filter(checksum=sha256)[:1])
