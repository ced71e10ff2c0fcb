"""Staff review queue: approve, reject with a reason, ask for changes and resubmission;
decisions are e-mailed and kept in the organization's history."""

import re

import pytest
from django.urls import reverse

from enterprises.models import Organization, OrganizationChangeRequest, ReviewDecision

from .factories import valid_tax_code


@pytest.fixture
def pending(organization, representative):
    organization.status = Organization.Status.PENDING
    organization.save()
    return organization


def test_queue_lists_pending_registrations(staff_client, pending):
    content = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    assert pending.name in content
    assert reverse("enterprises:review_decide", args=[pending.pk, "approve"]) in content


def test_the_queue_shows_a_page_of_registrations_oldest_first(staff_client):
    """Thousands may wait at a province's scale: a page of 25 at a time, the oldest first,
    the number waiting in the heading, the next page by its link."""
    from .factories import OrganizationFactory

    waiting = [
        OrganizationFactory(
            status=Organization.Status.PENDING, submitted_at=f"2025-01-{day:02d}T08:00Z"
        )
        for day in range(28, 0, -1)
    ]
    oldest_first = list(reversed(waiting))
    html = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    cards = re.findall(r'data-testid="pending-(\d+)"', html)
    assert [int(pk) for pk in cards] == [o.pk for o in oldest_first[:25]]
    assert '<span class="badge text-bg-primary">28</span>' in html
    found = re.search(r'href="\?([^"]*)" rel="next"|rel="next" href="\?([^"]*)"', html)
    next_query = next(group for group in found.groups() if group).replace("&amp;", "&")
    html = staff_client.get(reverse("enterprises:review_queue") + "?" + next_query).content.decode()
    cards = re.findall(r'data-testid="pending-(\d+)"', html)
    assert [int(pk) for pk in cards] == [o.pk for o in oldest_first[25:]]


def test_approve(staff_client, pending, staff_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("enterprises:review_decide", args=[pending.pk, "approve"])
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organization.Status.ACTIVE
    assert pending.decided_by == staff_user
    assert pending.decided_at
    decision = pending.decisions.get()
    assert decision.action == ReviewDecision.Action.APPROVED
    assert decision.by == staff_user
    assert mailoutbox[0].to == ["daidien@cokhi.vn"]
    assert "được phê duyệt" in mailoutbox[0].subject
    # The change is in the model history too.
    assert pending.history.first().status == "active"
    assert pending.history.first().history_user == staff_user


def test_reject_needs_a_reason(
    staff_client, pending, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("enterprises:review_decide", args=[pending.pk, "reject"])
    response = staff_client.post(url, {"reason": ""}, follow=True)
    assert "Vui lòng nêu lý do" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"reason": "Không thuộc địa bàn tỉnh.", "confirmed": "1"})
    pending.refresh_from_db()
    assert pending.status == Organization.Status.REJECTED
    assert pending.status_reason == "Không thuộc địa bàn tỉnh."
    assert "Không thuộc địa bàn tỉnh." in mailoutbox[0].body


def test_changes_requested_then_resubmitted(
    staff_client,
    client,
    pending,
    representative,
    mailoutbox,
    django_capture_on_commit_callbacks,
    commune,
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("enterprises:review_decide", args=[pending.pk, "changes"]),
            {"reason": "Bổ sung mã ngành chính xác."},
        )
    pending.refresh_from_db()
    assert pending.status == Organization.Status.CHANGES_REQUESTED
    assert "Bổ sung mã ngành chính xác." in mailoutbox[-1].body

    client.force_login(representative)
    page = client.get(reverse("enterprises:my_detail", args=[pending.pk])).content.decode()
    assert "Bổ sung mã ngành chính xác." in page
    # While changes are requested, the representative edits name and tax code directly.
    new_code = valid_tax_code(900)
    data = {
        "kind": "enterprise",
        "name": "Công ty TNHH Cơ khí Việt Trì (sửa)",
        "tax_code": new_code,
        "legal_form": "llc_multi",
        "ownership": "private",
        "industry_classification": "vsic2018",
        "industry_code": "2592",
        "sector_group": "aic",
        "employees": "12",
        "annual_revenue": "4000000000",
        "commune": commune.pk,
    }
    response = client.post(reverse("enterprises:my_edit", args=[pending.pk]), data)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.name, pending.tax_code) == ("Công ty TNHH Cơ khí Việt Trì (sửa)", new_code)
    assert pending.size_class == "small"
    assert not OrganizationChangeRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enterprises:my_resubmit", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    actions = list(pending.decisions.order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["changes_requested", "resubmitted"]
    # Staff see the whole story on the organization page.
    page = staff_client.get(
        reverse("enterprises:organization_detail", args=[pending.pk])
    ).content.decode()
    assert "Yêu cầu bổ sung, sửa đổi" in page
    assert "Đã nộp lại đăng ký" in page


def test_only_pending_can_be_decided(staff_client, organization):
    response = staff_client.post(
        reverse("enterprises:review_decide", args=[organization.pk, "approve"]), follow=True
    )
    assert "Chỉ phê duyệt được đăng ký đang chờ xét duyệt" in response.content.decode()


def test_deactivate_and_reactivate(staff_client, organization):
    url = reverse("enterprises:organization_deactivate", args=[organization.pk])
    staff_client.post(url, {"reason": "Giải thể"})
    organization.refresh_from_db()
    assert organization.status == Organization.Status.INACTIVE
    assert organization.status_reason == "Giải thể"
    staff_client.post(reverse("enterprises:organization_reactivate", args=[organization.pk]))
    organization.refresh_from_db()
    assert organization.status == Organization.Status.ACTIVE
    assert list(organization.decisions.values_list("action", flat=True).order_by("id")) == [
        "deactivated",
        "reactivated",
    ]


def test_change_request_approval(
    staff_client, rep_client, organization, mailoutbox, django_capture_on_commit_callbacks, commune
):
    data = {
        "kind": "enterprise",
        "name": "Công ty Cổ phần Cơ khí Việt Trì",
        "tax_code": organization.tax_code,
        "legal_form": "jsc",
        "ownership": "private",
        "industry_classification": "vsic2025",
        "industry_code": "2511",
        "sector_group": "aic",
        "employees": "30",
        "annual_revenue": "10000000000",
        "commune": commune.pk,
        "phone": "0210 999 888",
        "change_note": "Chuyển đổi thành công ty cổ phần",
    }
    response = rep_client.post(
        reverse("enterprises:my_edit", args=[organization.pk]), data, follow=True
    )
    assert "được gửi cán bộ" in response.content.decode()
    organization.refresh_from_db()
    # Other fields saved at once, the name waits for review.
    assert organization.phone == "0210 999 888"
    assert organization.legal_form == "jsc"
    assert organization.name == "Công ty TNHH Cơ khí Việt Trì"
    change = OrganizationChangeRequest.objects.get()
    assert change.new_name == "Công ty Cổ phần Cơ khí Việt Trì"
    assert change.note == "Chuyển đổi thành công ty cổ phần"

    queue = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    assert "Công ty Cổ phần Cơ khí Việt Trì" in queue
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("enterprises:change_decide", args=[change.pk, "approve"]))
    organization.refresh_from_db()
    assert organization.name == "Công ty Cổ phần Cơ khí Việt Trì"
    assert "cong ty co phan co khi viet tri" in organization.search_text
    assert organization.decisions.get().action == "change_approved"
    assert mailoutbox
    assert mailoutbox[-1].to == ["daidien@cokhi.vn"]


def test_change_request_rejection_and_duplicate_tax_code(
    staff_client, rep_client, organization, commune
):
    other = organization.__class__.objects.create(
        name="Công ty khác", tax_code=valid_tax_code(901), status="active"
    )
    data = {
        "kind": "enterprise",
        "name": organization.name,
        "tax_code": other.tax_code,
        "legal_form": "llc_multi",
        "ownership": "private",
        "industry_classification": "vsic2025",
        "industry_code": "2511",
        "sector_group": "aic",
        "commune": commune.pk,
    }
    response = rep_client.post(reverse("enterprises:my_edit", args=[organization.pk]), data)
    assert response.status_code == 200
    assert "đã được đăng ký" in response.content.decode()
    assert not OrganizationChangeRequest.objects.exists()

    data["tax_code"] = valid_tax_code(902)
    rep_client.post(reverse("enterprises:my_edit", args=[organization.pk]), data)
    change = OrganizationChangeRequest.objects.get()
    staff_client.post(
        reverse("enterprises:change_decide", args=[change.pk, "reject"]), {"reason": "Sai mã"}
    )
    change.refresh_from_db()
    organization.refresh_from_db()
    assert change.status == "rejected"
    assert change.response == "Sai mã"
    assert organization.tax_code != valid_tax_code(902)


def test_workspace_counts(staff_client, pending):
    content = staff_client.get(reverse("portal:staff_home")).content.decode()
    assert "Đăng ký chờ xét duyệt" in content
    assert reverse("enterprises:review_queue") in content


def _waiting(n: int, start: int) -> None:
    """`n` registrations, requests to join and changes of name waiting for review."""
    from tests.conftest import make_user

    from .factories import MembershipFactory, OrganizationFactory

    for i in range(start, start + n):
        organization = OrganizationFactory(
            status=Organization.Status.PENDING, submitted_at=f"2025-02-01T08:{i % 60:02d}Z"
        )
        MembershipFactory(
            organization=organization,
            user=make_user(None, f"join{i}@example.vn", full_name=f"Người xin {i}"),
            status="pending",
        )
        OrganizationChangeRequest.objects.create(
            organization=organization,
            old_name=organization.name,
            old_tax_code=organization.tax_code,
            new_name=f"Công ty mới {i}",
            new_tax_code=organization.tax_code,
        )


def test_the_queue_costs_the_same_queries_however_many_wait(
    staff_client, django_assert_max_num_queries
):
    url = reverse("enterprises:review_queue")
    _waiting(1, 0)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(url)
    _waiting(30, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = staff_client.get(url).content.decode()
    # A page of registrations, the first 25 requests to join and changes, the totals in full.
    assert len(re.findall(r'data-testid="pending-\d+"', html)) == 25
    assert html.count("Người xin ") == 25
    assert html.count("Công ty mới ") == 25
    assert html.count('<span class="badge text-bg-primary">31</span>') == 3


def test_a_card_shows_the_registration_and_reads_no_contact_columns(staff_client, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import OrganizationFactory

    waiting = OrganizationFactory(
        name='Công ty <b>"Hưng & Thịnh"</b>',
        status=Organization.Status.PENDING,
        commune=commune,
        legal_form=Organization.LegalForm.JSC,
        phone="0210 111 222",
    )
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    card = html[html.index(f'data-testid="pending-{waiting.pk}"') :]
    card = card[: card.index("</details>\n    </div>")]
    name = "Công ty &lt;b&gt;&quot;Hưng &amp; Thịnh&quot;&lt;/b&gt;"
    assert (
        f'<a href="{reverse("enterprises:organization_detail", args=[waiting.pk])}">{name}</a>'
        in card
    )
    assert (
        f"{waiting.tax_code} · {waiting.get_kind_display()} · {waiting.get_legal_form_display()}"
        in card
    )
    assert commune.name in card
    assert waiting.get_size_class_display() in card
    for decision in ("approve", "changes", "reject"):
        assert (
            f'action="{reverse("enterprises:review_decide", args=[waiting.pk, decision])}"' in card
        )
    assert f'data-confirm="Từ chối đăng ký của {name}?' in card
    registrations = [
        q["sql"] for q in queries if '"enterprises_organization"."submitted_at"' in q["sql"]
    ]
    assert registrations
    assert all('"enterprises_organization"."phone"' not in sql for sql in registrations)
