"""Private documents are served under a name the portal makes, never the uploader's.

Found by the hostile-input review (issue 13, item 4): a PDF uploaded as `ho-so.bat` (or .hta,
.html) came back as `ho-so.bat`, which a browser saves and a user may run. Every download of an
uploaded document now names the file after the record and the type read from the content."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from awards.models import Nomination, NominationDocument
from enterprises.models import SupportEvidence
from reports.models import Indicator, ManualActual
from trainings.models import ContractDocument

from .test_uploads_refused import ENDPOINTS

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOWNLOADS = {
    "evidence": ("enterprises:evidence_download", SupportEvidence, "minh-chung"),
    "contract_document": (
        "trainings:contract_document_download",
        ContractDocument,
        "tai-lieu-hop-dong",
    ),
    "dossier": ("awards:document_download", NominationDocument, "ho-so"),
}


def _disposition_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    return re.search(r'filename="([^"]+)"', disposition).group(1)


@pytest.mark.parametrize(
    ("uploaded_as", "content", "extension", "content_type"),
    [
        ("ho-so.bat", PDF, "pdf", "application/pdf"),
        ("ho-so.hta", PDF, "pdf", "application/pdf"),
        ("trang.html", PNG, "png", "image/png"),
    ],
)
@pytest.mark.parametrize("endpoint", list(DOWNLOADS))
def test_a_document_is_served_under_a_portal_made_name(
    endpoint, uploaded_as, content, extension, content_type, world
):
    url_name, kwargs, role, extra, _model = ENDPOINTS[endpoint]
    download_name, model, stem = DOWNLOADS[endpoint]
    client = Client()
    client.force_login(world.users[role])
    if endpoint == "dossier":
        Nomination.objects.filter(pk=world.award_nomination.pk).update(
            status=Nomination.Status.REGISTERED
        )
    before = set(model.objects.values_list("pk", flat=True))
    client.post(
        reverse(url_name, kwargs=kwargs(world)),
        {**extra, "file": SimpleUploadedFile(uploaded_as, content)},
    )
    (document_pk,) = set(model.objects.values_list("pk", flat=True)) - before

    response = client.get(reverse(download_name, kwargs={"pk": document_pk}))
    assert response.status_code == 200
    assert _disposition_name(response) == f"{stem}-{document_pk}.{extension}"
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_manual_figure_evidence_is_served_under_a_portal_made_name(world):
    manual = ManualActual.objects.create(
        indicator=Indicator.objects.get(code="AWARENESS_REACH"),
        year=2025,
        value=10,
        reason="Báo cáo của Sở",
        evidence=SimpleUploadedFile("bao-cao.html", PDF),
    )
    client = Client()
    client.force_login(world.users["staff"])
    response = client.get(reverse("reports:manual_actual_evidence", kwargs={"pk": manual.pk}))
    assert _disposition_name(response) == f"minh-chung-so-lieu-{manual.pk}.pdf"
    assert response["Content-Type"] == "application/pdf"
