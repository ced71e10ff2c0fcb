"""Every upload endpoint refuses, with a clear message and nothing saved: a file whose content
is not what its name says, an oversized file, and an archive."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from awards.models import Nomination, NominationDocument
from enterprises.models import SupportEvidence
from trainings.models import ContractDocument


@pytest.fixture
def world(shared_world):
    """One world for the whole module, each test in a savepoint of its own (tests/conftest.py)."""
    return shared_world


def _zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tai-lieu.txt", "không phải tài liệu Office")
    return buffer.getvalue()


BAD_FILES = {
    "disguised": (
        "bien-ban.pdf",
        b"MZ\x90\x00 this is a program",
        "không thuộc loại tài liệu được chấp nhận",
    ),
    "archive": ("ho-so.zip", _zip_archive(), "các tệp nén khác bị từ chối"),
    "archive_renamed": ("ho-so.docx", _zip_archive(), "các tệp nén khác bị từ chối"),
    "oversized": ("lon.pdf", b"%PDF-1.7\n" + b"0" * 3000, "Tệp quá lớn"),
}

ENDPOINTS = {
    # name: (url name, kwargs from world, user role, extra form data, model whose rows must not grow)
    "evidence": (
        "enterprises:evidence_upload",
        lambda w: {"pk": w.activity.pk},
        "staff",
        {},
        SupportEvidence,
    ),
    "contract_document": (
        "trainings:contract_document_upload",
        lambda w: {"pk": w.trainings_contract.pk},
        "staff",
        {"kind": "contract"},
        ContractDocument,
    ),
    "dossier": (
        "awards:document_upload",
        lambda w: {"pk": w.award_nomination.pk},
        "ent_a",
        {"kind": "dossier"},
        NominationDocument,
    ),
}


@pytest.mark.parametrize("bad", list(BAD_FILES))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_upload_is_refused_with_a_clear_message(endpoint, bad, world, settings):
    settings.MAX_UPLOAD_SIZE = 2048
    url_name, kwargs, role, extra, model = ENDPOINTS[endpoint]
    filename, content, message = BAD_FILES[bad]
    client = Client()
    client.force_login(world.users[role])
    if endpoint == "dossier":
        # The world's nomination has its dossier submitted (locked); reopen it for uploads.
        Nomination.objects.filter(pk=world.award_nomination.pk).update(
            status=Nomination.Status.REGISTERED
        )
    before = model.objects.count()
    response = client.post(
        reverse(url_name, kwargs=kwargs(world)),
        {**extra, "file": SimpleUploadedFile(filename, content)},
        follow=True,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert model.objects.count() == before
