"""An enterprise attaches a file to its support request: private to it and staff (issue 14,
item 11)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import SupportRequest, SupportRequestDocument

from .factories import solution

PDF = b"%PDF-1.4\n%ke hoach\n"


def _request(rep_client, organization, upload):
    return rep_client.post(
        reverse("enterprises:my_request_new", args=[organization.pk]),
        {"solutions": [solution("5s").pk], "need": "Áp dụng 5S tại xưởng", "document": upload},
    )


def test_a_request_carries_a_private_file(
    rep_client, organization, staff_client, other_org_user, client
):
    response = _request(rep_client, organization, SimpleUploadedFile("Kế hoạch.pdf", PDF))
    assert response.status_code == 302
    document = SupportRequestDocument.objects.get()
    assert document.request.organization == organization
    assert (document.original_name, document.content_type) == ("Kế hoạch.pdf", "application/pdf")
    detail = rep_client.get(reverse("enterprises:request_detail", args=[document.request.pk]))
    url = reverse("enterprises:request_document_download", args=[document.pk])
    assert url in detail.content.decode()
    for allowed in (rep_client, staff_client):
        response = allowed.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    client.force_login(other_org_user)
    assert client.get(url).status_code == 404  # another organization's file does not exist


def test_a_bad_file_saves_no_request(rep_client, organization):
    response = _request(
        rep_client, organization, SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf")
    )
    assert response.status_code == 200
    assert "không thuộc loại tài liệu được chấp nhận" in response.content.decode()
    assert not SupportRequest.objects.exists()
    assert not SupportRequestDocument.objects.exists()
