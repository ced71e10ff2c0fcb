"""The enterprise area: only one's own organizations, support requests, the timeline hook."""

import datetime as dt
import types

from django.urls import reverse

from enterprises import timeline
from enterprises.models import SupportRequest

from .factories import OrganizationFactory, SupportActivityFactory, SupportEvidenceFactory, solution


def test_my_list_shows_only_my_organizations(rep_client, organization, other_org_user):
    content = rep_client.get(reverse("enterprises:my_list")).content.decode()
    assert organization.name in content
    assert "Công ty khác" not in content


def test_another_organizations_pages_are_404(client, organization, other_org_user):
    client.force_login(other_org_user)
    activity = SupportActivityFactory(organization=organization)
    evidence = SupportEvidenceFactory(activity=activity)
    request = SupportRequest.objects.create(organization=organization, need="x")
    for url in [
        reverse("enterprises:my_detail", args=[organization.pk]),
        reverse("enterprises:my_edit", args=[organization.pk]),
        reverse("enterprises:my_requests", args=[organization.pk]),
        reverse("enterprises:my_request_new", args=[organization.pk]),
        reverse("enterprises:request_detail", args=[request.pk]),
        reverse("enterprises:evidence_download", args=[evidence.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("enterprises:request_withdraw", args=[request.pk])).status_code == 404
    )
    assert (
        client.post(reverse("enterprises:my_resubmit", args=[organization.pk])).status_code == 404
    )


def test_support_request_from_the_catalog(rep_client, organization, staff_client):
    url = reverse("enterprises:my_request_new", args=[organization.pk])
    page = rep_client.get(url).content.decode()
    assert "ISO 9001" in page
    assert "Kaizen" in page
    response = rep_client.post(url, {"need": "Xây dựng ISO 9001 cho nhà máy."})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not SupportRequest.objects.exists()
    response = rep_client.post(
        url,
        {
            "need": "Xây dựng ISO 9001 cho nhà máy.",
            "solutions": [solution("iso-9001").pk, solution("5s").pk],
        },
    )
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert request.status == "submitted"
    assert set(request.solutions.values_list("code", flat=True)) == {"iso-9001", "5s"}
    # Staff see it in their list and turn it into a support activity.
    assert (
        "Xây dựng ISO 9001"
        in staff_client.get(reverse("enterprises:staff_requests")).content.decode()
    )
    form = staff_client.get(reverse("enterprises:activity_new") + f"?request={request.pk}")
    assert "Xây dựng ISO 9001 cho nhà máy." in form.content.decode()
    response = staff_client.post(
        reverse("enterprises:activity_new") + f"?request={request.pk}",
        {
            "request": request.pk,
            "organizations": [organization.pk],
            "date": "2025-03-10",
            "kind": "consulting",
            "title": "Tư vấn xây dựng ISO 9001",
            "solutions": [solution("iso-9001").pk],
            "participants": 5,
            "state_budget": 50_000_000,
            "own_contribution": 20_000_000,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "fulfilled"
    assert request.activities.get().title == "Tư vấn xây dựng ISO 9001"
    # The representative sees the support received.
    page = rep_client.get(reverse("enterprises:my_detail", args=[organization.pk])).content.decode()
    assert "Tư vấn xây dựng ISO 9001" in page
    assert "50.000.000" in page


def test_pending_organization_cannot_request_support(rep_client, organization):
    organization.status = "pending"
    organization.save()
    url = reverse("enterprises:my_request_new", args=[organization.pk])
    response = rep_client.post(url, {"need": "x", "solutions": [solution("5s").pk]})
    assert "sau khi đăng ký được phê duyệt" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_withdraw_request(rep_client, organization):
    request = SupportRequest.objects.create(organization=organization, need="x")
    rep_client.post(reverse("enterprises:request_withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_cancelled_support_is_hidden_from_the_organization(rep_client, organization):
    SupportActivityFactory(
        organization=organization, title="Hỗ trợ đã hủy", status="cancelled", cancel_reason="Nhầm"
    )
    SupportActivityFactory(organization=organization, title="Hỗ trợ hợp lệ")
    page = rep_client.get(reverse("enterprises:my_detail", args=[organization.pk])).content.decode()
    assert "Hỗ trợ hợp lệ" in page
    assert "Hỗ trợ đã hủy" not in page


def test_timeline_collects_entries_from_other_apps(organization, monkeypatch):
    """Another app's `<app>/timeline.py` adds its entries without enterprises importing it."""
    SupportActivityFactory(
        organization=organization, title="Đào tạo Kaizen", date=dt.date(2023, 4, 1)
    )
    fake = types.SimpleNamespace(
        entries=lambda org: [
            timeline.TimelineEntry(
                date=dt.date(2024, 6, 1), title=f"Khóa học Lean — {org.name}", category="course"
            )
        ]
    )
    real = timeline.app_hook_modules

    def modules(name):
        yield from real(name)
        if name == "timeline":
            yield fake

    monkeypatch.setattr(timeline, "app_hook_modules", modules)
    entries = timeline.organization_timeline(organization)
    titles = [e.title for e in entries]
    assert titles.index(f"Khóa học Lean — {organization.name}") < titles.index("Đào tạo Kaizen")
    assert {e.category for e in entries} >= {"course", "support"}


def test_enterprise_home_lists_open_requests(rep_client, organization):
    SupportRequest.objects.create(organization=organization, need="x")
    content = rep_client.get(reverse("portal:enterprise_home")).content.decode()
    assert "Đề nghị hỗ trợ đang chờ xử lý" in content


def test_navigation_for_each_role(rep_client, staff_client, client, organization):
    staff_page = staff_client.get(reverse("portal:staff_home")).content.decode()
    for name in [
        "registry",
        "review_queue",
        "ledger",
        "staff_requests",
        "pilot_list",
        "solution_list",
        "import",
    ]:
        assert reverse(f"enterprises:{name}") in staff_page, name
    rep_page = rep_client.get(reverse("portal:enterprise_home")).content.decode()
    assert reverse("enterprises:my_list") in rep_page
    assert reverse("enterprises:my_requests", args=[organization.pk]) in rep_page
    client.logout()
    assert reverse("enterprises:register") in client.get("/").content.decode()


def test_organization_without_membership_is_invisible(client, db):
    from tests.conftest import make_user

    org = OrganizationFactory()
    user = make_user("enterprise", "lonely@example.vn")
    client.force_login(user)
    assert client.get(reverse("enterprises:my_detail", args=[org.pk])).status_code == 404
