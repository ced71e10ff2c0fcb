"""A policy carries its decision's PDF and full text (issue 14, item 11)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Policy

from .factories import PolicyFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def _save(staff_client, policy, upload, **extra):
    return staff_client.post(
        reverse("portal:staff_policy_update", args=[policy.pk]),
        {
            "title": policy.title,
            "status": policy.status,
            "decision_number": policy.decision_number,
            "body": "Điều 1. Hỗ trợ doanh nghiệp áp dụng 5S.\n\nĐiều 2. Hiệu lực thi hành.",
            "is_public": "on",
            "decision_file": upload,
            **extra,
        },
    )


def test_decision_pdf_and_full_text_on_the_policy_page(staff_client, client):
    policy = PolicyFactory(status="issued", decision_number="12/2022/NQ-HĐND")
    response = _save(staff_client, policy, SimpleUploadedFile("nghi-quyet 12.pdf", PDF))
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.decision_file.name.endswith(".pdf")
    page = client.get(reverse("portal:policy_detail", args=[policy.slug])).content.decode()
    assert "Tải quyết định 12/2022/NQ-HĐND (PDF)" in page
    assert "Toàn văn" in page
    assert "Điều 1. Hỗ trợ doanh nghiệp áp dụng 5S." in page
    download = client.get(reverse("portal:policy_decision_download", args=[policy.slug]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_decision_file_must_be_a_pdf_within_the_limit(staff_client, settings):
    policy = PolicyFactory(status="issued", decision_number="5/2023/QĐ-UBND")
    png = SimpleUploadedFile("quyet-dinh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    response = _save(staff_client, policy, png)
    assert "Văn bản quyết định phải là tệp PDF (tệp này là PNG)." in response.content.decode()
    settings.MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048)
    response = _save(staff_client, policy, big)
    assert "Tệp quá lớn" in response.content.decode()
    policy.refresh_from_db()
    assert not policy.decision_file
    assert Policy.objects.get(pk=policy.pk).body == ""  # nothing half-saved


def test_a_hidden_policy_decision_is_not_downloadable_by_the_public(staff_client):
    from django.test import Client

    policy = PolicyFactory(status="researching", decision_number="", is_public=False)
    _save(staff_client, policy, SimpleUploadedFile("du-thao.pdf", PDF), is_public="")
    url = reverse("portal:policy_decision_download", args=[policy.slug])
    assert Client().get(url).status_code == 404  # someone not signed in
    assert staff_client.get(url).status_code == 200
