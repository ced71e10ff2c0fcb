"""Support ledger: one activity for many organizations, edits, cancellation, evidence files."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import SupportActivity, SupportEvidence

from .factories import OrganizationFactory, SupportActivityFactory, solution


def activity_data(**overrides):
    data = {
        "date": "2024-06-15",
        "kind": "dissemination",
        "title": "Hội thảo phổ biến năng suất chất lượng",
        "participants": 120,
        "state_budget": 40_000_000,
        "own_contribution": 0,
        "solutions": [solution("5s").pk, solution("kaizen").pk],
    }
    data.update(overrides)
    return data


def test_one_seminar_for_forty_organizations(staff_client, commune):
    orgs = [OrganizationFactory(commune=commune) for _ in range(40)]
    data = activity_data(
        organizations=[o.pk for o in orgs[:30]],
        tax_codes="\n".join(o.tax_code for o in orgs[25:]),  # overlaps are counted once
    )
    response = staff_client.post(reverse("enterprises:activity_new"), data)
    assert response.status_code == 302
    activities = SupportActivity.objects.all()
    assert activities.count() == 40
    assert len({a.batch for a in activities}) == 1
    assert activities[0].batch is not None
    assert {a.organization_id for a in activities} == {o.pk for o in orgs}
    assert all(a.solutions.count() == 2 for a in activities)
    # Every row carries its own history.
    assert SupportActivity.history.count() == 40
    detail = staff_client.get(
        reverse("enterprises:activity_detail", args=[activities[0].pk])
    ).content.decode()
    assert "39" in detail


def test_unknown_tax_codes_are_reported(staff_client, organization):
    response = staff_client.post(
        reverse("enterprises:activity_new"), activity_data(tax_codes="0100233488")
    )
    assert "0100233488" in response.content.decode()
    assert not SupportActivity.objects.exists()


def test_future_dates_and_pending_organizations_are_refused(staff_client, organization):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = staff_client.post(
        reverse("enterprises:activity_new"),
        activity_data(organizations=[organization.pk], date=future),
    )
    assert "tương lai" in response.content.decode()
    organization.status = "rejected"
    organization.save()
    response = staff_client.post(
        reverse("enterprises:activity_new"), activity_data(organizations=[organization.pk])
    )
    assert not SupportActivity.objects.exists()


def test_edit_and_cancel(staff_client, organization):
    activity = SupportActivityFactory(organization=organization)
    response = staff_client.post(
        reverse("enterprises:activity_edit", args=[activity.pk]),
        activity_data(title="Đào tạo Lean (sửa)", state_budget=1_000_000),
    )
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert activity.title == "Đào tạo Lean (sửa)"
    assert activity.state_budget == 1_000_000
    url = reverse("enterprises:activity_cancel", args=[activity.pk])
    response = staff_client.post(url, {"reason": ""})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == "recorded"
    staff_client.post(url, {"reason": "Ghi trùng"})
    activity.refresh_from_db()
    assert (activity.status, activity.cancel_reason) == ("cancelled", "Ghi trùng")
    assert activity.history.count() >= 3
    ledger = staff_client.get(
        reverse("enterprises:ledger"), {"status": "cancelled"}
    ).content.decode()
    assert "Đào tạo Lean (sửa)" in ledger


def test_evidence_upload_checks_content_and_size(staff_client, organization, settings):
    activity = SupportActivityFactory(organization=organization)
    url = reverse("enterprises:evidence_upload", args=[activity.pk])
    fake = SimpleUploadedFile(
        "bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = staff_client.post(url, {"file": fake}, follow=True)
    assert "không thuộc loại tài liệu được chấp nhận" in response.content.decode()
    assert not SupportEvidence.objects.exists()

    settings.MAX_UPLOAD_SIZE = 100
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 200, content_type="image/png")
    response = staff_client.post(url, {"file": big}, follow=True)
    assert "Tệp quá lớn" in response.content.decode()
    assert not SupportEvidence.objects.exists()

    good = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\nhello", content_type="text/plain")
    staff_client.post(url, {"file": good, "description": "Biên bản nghiệm thu"})
    evidence = SupportEvidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert evidence.size == 14
    assert evidence.original_name == "bien-ban.pdf"


def test_evidence_download_only_for_staff_and_the_organization(
    client, staff_client, rep_client, organization, other_org_user
):
    activity = SupportActivityFactory(organization=organization)
    staff_client.post(
        reverse("enterprises:evidence_upload", args=[activity.pk]),
        {"file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 decision")},
    )
    evidence = SupportEvidence.objects.get()
    url = reverse("enterprises:evidence_download", args=[evidence.pk])
    response = rep_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 decision"
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert staff_client.get(url).status_code == 200
    from django.test import Client

    other = Client()
    other.force_login(other_org_user)
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign-in
    # The file is not under any public URL.
    assert Client().get("/media/" + evidence.file.name).status_code == 404
    assert Client().get("/media/private/" + evidence.file.name).status_code == 404


def test_ledger_query_count_does_not_grow(staff_client, commune, django_assert_max_num_queries):
    for size in (5, 60):
        SupportActivity.objects.all().delete()
        for _ in range(size):
            SupportActivityFactory(
                organization=OrganizationFactory(commune=commune), solutions=[solution("5s")]
            )
        with django_assert_max_num_queries(12):
            assert staff_client.get(reverse("enterprises:ledger")).status_code == 200
