"""Support policies: the status flow in the service, the public pages and the staff register."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import Policy
from portal.services import policy_next_statuses, policy_save
from tests.portal.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_policy_moves_from_research_to_proposal_to_issued_to_expired(staff_user):
    policy = policy_save(
        title="Hỗ trợ chi phí chứng nhận ISO 9001", status="researching", by=staff_user
    )
    assert policy.slug == "ho-tro-chi-phi-chung-nhan-iso-9001"
    policy = policy_save(by=None, policy=policy, title=policy.title, status="proposed")
    assert policy.status == Policy.Status.PROPOSED
    policy = policy_save(
        by=None,
        policy=policy,
        title=policy.title,
        status="issued",
        decision_number="15/2026/NQ-HĐND",
        decision_date=dt.date(2026, 3, 10),
        issuing_body="Hội đồng nhân dân tỉnh",
        effective_from=dt.date(2026, 3, 20),
    )
    assert policy.status == Policy.Status.ISSUED
    policy = policy_save(
        by=None,
        policy=policy,
        title=policy.title,
        status="expired",
        decision_number="15/2026/NQ-HĐND",
        effective_from=dt.date(2026, 3, 20),
        effective_to=dt.date(2026, 10, 1),
    )
    assert policy.status == Policy.Status.EXPIRED
    assert policy.history.count() == 4
    assert policy.slug == "ho-tro-chi-phi-chung-nhan-iso-9001"


def test_issuing_needs_a_decision_number(staff_user):
    policy = policy_save(title="Chính sách A", status="proposed", by=staff_user)
    with pytest.raises(ValidationError) as error:
        policy_save(
            by=None, policy=policy, title="Chính sách A", status="issued", decision_number=""
        )
    assert error.value.message_dict["decision_number"] == [
        "Chính sách đã ban hành phải có số hiệu văn bản."
    ]
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PROPOSED


def test_expiring_needs_the_end_date():
    policy = PolicyFactory()
    with pytest.raises(ValidationError) as error:
        policy_save(
            by=None,
            policy=policy,
            title=policy.title,
            status="expired",
            decision_number="12/2022/NQ",
        )
    assert "effective_to" in error.value.message_dict


def test_an_issued_policy_cannot_go_back_to_research():
    policy = PolicyFactory(status=Policy.Status.ISSUED)
    assert policy_next_statuses(policy) == ["issued", "expired"]
    with pytest.raises(ValidationError) as error:
        policy_save(by=None, policy=policy, title=policy.title, status="researching")
    assert error.value.message_dict["status"] == [
        "Chính sách ở trạng thái “Đã ban hành” không thể chuyển sang “Đang nghiên cứu”."
    ]


def test_end_date_before_start_and_future_decision_are_refused():
    with pytest.raises(ValidationError) as error:
        policy_save(
            by=None,
            title="Chính sách B",
            status="issued",
            decision_number="1/2026/QĐ-UBND",
            decision_date=dt.date.today() + dt.timedelta(days=5),
            effective_from=dt.date(2026, 5, 1),
            effective_to=dt.date(2026, 4, 1),
        )
    assert set(error.value.message_dict) == {"decision_date", "effective_to"}
    assert not Policy.objects.exists()


def test_public_list_shows_only_public_policies_and_searches_without_accents(client):
    PolicyFactory(title="Hỗ trợ áp dụng ISO 9001", decision_number="12/2022/NQ-HĐND")
    PolicyFactory(title="Dự thảo nội bộ", is_public=False)
    page = _text(client.get(reverse("portal:policy_list")))
    assert "Hỗ trợ áp dụng ISO 9001" in page
    assert "Dự thảo nội bộ" not in page
    found = _text(client.get(reverse("portal:policy_list"), {"q": "ho tro ap dung"}))
    assert "Hỗ trợ áp dụng ISO 9001" in found
    by_number = _text(client.get(reverse("portal:policy_list"), {"q": "12/2022"}))
    assert "Hỗ trợ áp dụng ISO 9001" in by_number


def test_public_list_filters_by_status(client):
    PolicyFactory(title="Chính sách đang nghiên cứu", status="researching", decision_number="")
    PolicyFactory(title="Chính sách đã ban hành")
    page = _text(client.get(reverse("portal:policy_list"), {"status": "researching"}))
    assert "Chính sách đang nghiên cứu" in page
    assert "Chính sách đã ban hành" not in page


def test_policy_page_shows_the_decision(client):
    policy = PolicyFactory(
        title="Quy định mức chi hỗ trợ",
        decision_number="12/2022/NQ-HĐND",
        decision_date=dt.date(2022, 7, 14),
        issuing_body="Hội đồng nhân dân tỉnh",
        body="Điều 1. Phạm vi.\n\nĐiều 2. Đối tượng <áp dụng>.",
    )
    page = _text(client.get(reverse("portal:policy_detail", args=[policy.slug])))
    assert "12/2022/NQ-HĐND" in page
    assert "ngày 14/07/2022" in page
    assert "Hội đồng nhân dân tỉnh" in page
    assert "<p>Điều 2. Đối tượng &lt;áp dụng&gt;.</p>" in page


def test_hidden_policy_is_404_for_the_public(client):
    policy = PolicyFactory(is_public=False)
    assert client.get(reverse("portal:policy_detail", args=[policy.slug])).status_code == 404


def test_staff_records_a_policy_through_the_form(staff_client):
    response = staff_client.post(
        reverse("portal:staff_policy_create"),
        {
            "title": "Nghiên cứu hỗ trợ chuyển đổi số",
            "status": "researching",
            "summary": "Tóm tắt",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.slug == "nghien-cuu-ho-tro-chuyen-doi-so"
    assert policy.created_by.email == "staff@example.vn"


def test_staff_form_shows_the_missing_decision_number_next_to_the_field(staff_client):
    policy = PolicyFactory(status="proposed", decision_number="")
    response = staff_client.post(
        reverse("portal:staff_policy_update", args=[policy.pk]),
        {"title": policy.title, "status": "issued", "decision_number": "", "is_public": "on"},
    )
    assert response.status_code == 200
    assert "Chính sách đã ban hành phải có số hiệu văn bản." in _text(response)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PROPOSED


def test_staff_form_offers_only_the_allowed_next_statuses(staff_client):
    policy = PolicyFactory(status="issued")
    form = staff_client.get(reverse("portal:staff_policy_update", args=[policy.pk])).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == ["issued", "expired"]
    response = staff_client.post(
        reverse("portal:staff_policy_update", args=[policy.pk]),
        {"title": policy.title, "status": "researching", "decision_number": "12/2022/NQ-HĐND"},
    )
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.status == Policy.Status.ISSUED


def test_staff_list_counts_and_filters(staff_client):
    PolicyFactory(title="Chính sách X", status="proposed", decision_number="")
    PolicyFactory(title="Chính sách Y", is_public=False)
    page = _text(staff_client.get(reverse("portal:staff_policy_list"), {"status": "proposed"}))
    assert "Chính sách X" in page
    assert "Chính sách Y" not in page
    assert _text(staff_client.get(reverse("portal:staff_policy_list"))).count("Chính sách Y") == 1
