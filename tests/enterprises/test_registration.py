"""Public self-registration, e-mail confirmation, consent, join requests, bots and floods."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from enterprises.models import (
    ConsentRecord,
    Membership,
    Organization,
    ReviewDecision,
)
from enterprises.privacy import PRIVACY_NOTICE_VERSION
from portal.models import User

from .factories import valid_tax_code


def registration_data(commune, **overrides):
    data = {
        "kind": "enterprise",
        "name": "Công ty TNHH Gốm Sứ Thanh Ba",
        "short_name": "Gốm Thanh Ba",
        "tax_code": valid_tax_code(4242),
        "legal_form": "llc_multi",
        "ownership": "private",
        "industry_classification": "vsic2025",
        "industry_code": "2393",
        "sector_group": "aic",
        "employees": "45",
        "annual_revenue": "30000000000",
        "total_capital": "15000000000",
        "commune": commune.pk,
        "address": "Khu 3",
        "phone": "0210 3 888 999",
        "email": "gom@thanhba.vn",
        "full_name": "Trần Thị Hoa",
        "position": "Giám đốc",
        "account_email": "hoa@thanhba.vn",
        "account_phone": "0912 000 111",
        "password1": "Mat-khau-rat-manh-2026",
        "password2": "Mat-khau-rat-manh-2026",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def confirmation_link(mail) -> str:
    return re.search(r"http://\S+/register/confirm/\S+/", mail.body).group(0)


def test_registration_is_draft_until_the_email_is_confirmed(
    client, commune, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enterprises:register"), registration_data(commune))
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:register_done")

    organization = Organization.objects.get(name="Công ty TNHH Gốm Sứ Thanh Ba")
    assert organization.status == Organization.Status.DRAFT
    assert organization.size_class == "small"  # 45 employees, 30 billion: small (industry)
    assert organization.industry_section == "C"
    assert organization.search_text.startswith("cong ty tnhh gom su thanh ba")
    user = User.objects.get(email="hoa@thanhba.vn")
    assert not user.is_active
    assert user.is_enterprise_user is False
    assert user.groups.filter(name="enterprise").exists()
    membership = Membership.objects.get(user=user, organization=organization)
    assert (membership.role, membership.status) == ("representative", "active")

    consent = ConsentRecord.objects.get(user=user)
    assert consent.notice_version == PRIVACY_NOTICE_VERSION
    assert consent.purpose == "registration"
    assert consent.given_at is not None
    assert consent.ip_address == "127.0.0.1"

    # Staff do not see a draft.
    assert not ReviewDecision.objects.filter(organization=organization).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["hoa@thanhba.vn"]
    link = confirmation_link(mailoutbox[0])
    path = link.split("testserver", 1)[-1].replace("http://127.0.0.1:8000", "")

    # Opening the link shows a button; confirming is a POST (mail scanners only GET).
    assert client.get(path).status_code == 200
    organization.refresh_from_db()
    assert organization.status == Organization.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 200
    assert "Gốm Sứ Thanh Ba" in response.content.decode()
    organization.refresh_from_db()
    user.refresh_from_db()
    assert organization.status == Organization.Status.PENDING
    assert organization.submitted_at
    assert user.is_active
    assert organization.decisions.get().action == ReviewDecision.Action.SUBMITTED
    # "We received your registration" e-mail.
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "Đã nộp đăng ký: Công ty TNHH Gốm Sứ Thanh Ba"
    assert "Chúng tôi đã nhận được đăng ký" in mailoutbox[1].body


def test_a_bad_confirmation_link_is_refused(client, db):
    response = client.post(reverse("enterprises:register_confirm", args=["forged:token"]))
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_known_tax_code_is_refused_with_the_way_to_join(client, organization, commune):
    data = registration_data(commune, tax_code=organization.tax_code)
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "đã được đăng ký" in content
    assert reverse("enterprises:join") in content
    assert not User.objects.filter(email="hoa@thanhba.vn").exists()
    assert Organization.objects.count() == 1


def test_invalid_tax_code_and_missing_consent_are_explained(client, commune):
    data = registration_data(commune, tax_code="0100233480")
    data.pop("consent")
    response = client.post(reverse("enterprises:register"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Chữ số kiểm tra của mã số thuế không đúng" in content
    assert "đồng ý" in content
    assert not Organization.objects.exists()


def test_personal_id_only_for_household_businesses(client, commune):
    data = registration_data(commune, tax_code="001085012345")
    response = client.post(reverse("enterprises:register"), data)
    assert "hộ kinh doanh" in response.content.decode()
    assert not Organization.objects.exists()
    data["legal_form"] = "household"
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 302
    assert Organization.objects.get().tax_code == "001085012345"


def test_honeypot_silently_drops_bots(client, commune, mailoutbox):
    data = registration_data(commune, homepage="http://spam.example")
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 302
    assert not Organization.objects.exists()
    assert not mailoutbox


def test_registrations_are_rate_limited_per_ip(client, commune, settings):
    settings.ENTERPRISES_REGISTRATION_RATE = "2/h"
    for n in range(2):
        data = registration_data(
            commune, tax_code=valid_tax_code(5000 + n), account_email=f"r{n}@example.vn"
        )
        assert client.post(reverse("enterprises:register"), data).status_code == 302
    data = registration_data(commune, tax_code=valid_tax_code(5100), account_email="r9@example.vn")
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 429
    assert "Quá nhiều" in response.content.decode()
    assert Organization.objects.count() == 2
    # Another address is not affected.
    response = client.post(reverse("enterprises:register"), data, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_signed_in_enterprise_user_registers_without_confirmation(
    client, representative, commune, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(representative)
    data = {
        k: v
        for k, v in registration_data(commune, tax_code=valid_tax_code(6000)).items()
        if k
        not in ("full_name", "position", "account_email", "account_phone", "password1", "password2")
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enterprises:register"), data)
    organization = Organization.objects.get(tax_code=valid_tax_code(6000))
    assert response["Location"] == reverse("enterprises:my_detail", args=[organization.pk])
    assert organization.status == Organization.Status.PENDING
    assert mailoutbox[0].to == [representative.email]


def test_join_request_flow(
    client, organization, staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    anonymous = client.__class__()
    data = {
        "tax_code": organization.tax_code,
        "message": "Tôi là phó giám đốc",
        "full_name": "Lê Văn Cường",
        "account_email": "cuong@cokhi.vn",
        "password1": "Mat-khau-rat-manh-2026",
        "password2": "Mat-khau-rat-manh-2026",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(reverse("enterprises:join"), data)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="cuong@cokhi.vn")
    assert membership.status == Membership.Status.PENDING
    assert ConsentRecord.objects.get(user=membership.user).purpose == "join_request"

    # Not shown to staff before the e-mail is confirmed.
    queue = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    assert "cuong@cokhi.vn" not in queue
    path = "/" + confirmation_link(mailoutbox[0]).split("/", 3)[3]
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(path)
    queue = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    assert "cuong@cokhi.vn" in queue

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("enterprises:membership_decide", args=[membership.pk, "approve"])
        )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert mailoutbox[-1].to == ["cuong@cokhi.vn"]
    # The new member now reaches the organization's pages.
    anonymous.force_login(membership.user)
    assert (
        anonymous.get(reverse("enterprises:my_detail", args=[organization.pk])).status_code == 200
    )


def test_join_unknown_tax_code(client, db):
    data = {
        "tax_code": valid_tax_code(7777),
        "full_name": "X",
        "account_email": "x@example.vn",
        "password1": "Mat-khau-rat-manh-2026",
        "password2": "Mat-khau-rat-manh-2026",
        "consent": "on",
    }
    response = client.post(reverse("enterprises:join"), data)
    assert response.status_code == 200
    assert "Không có tổ chức" in response.content.decode()
    assert not User.objects.filter(email="x@example.vn").exists()


def test_privacy_notice_shows_its_version(client, db):
    response = client.get(reverse("enterprises:privacy"))
    assert PRIVACY_NOTICE_VERSION in response.content.decode()
    assert "13/2023/NĐ-CP" in response.content.decode()


@pytest.mark.parametrize("url_name", ["enterprises:register", "enterprises:join"])
def test_public_forms_link_the_privacy_notice(client, db, url_name):
    content = client.get(reverse(url_name)).content.decode()
    assert reverse("enterprises:privacy") in content
    assert f"thông báo xử lý dữ liệu cá nhân</a> (phiên bản {PRIVACY_NOTICE_VERSION})" in content
    assert 'class="col-md honeypot"' in content
    assert 'name="homepage"' in content


def test_home_page_invites_registration(client, db):
    content = client.get("/").content.decode()
    assert reverse("enterprises:register") in content


def test_signed_in_enterprise_user_asks_to_join(client, organization, other_org_user):
    client.force_login(other_org_user)
    response = client.post(
        reverse("enterprises:join"),
        {"tax_code": organization.tax_code, "message": "Kế toán trưởng", "consent": "on"},
    )
    assert response["Location"] == reverse("enterprises:my_list")
    membership = Membership.objects.get(user=other_org_user, organization=organization)
    assert membership.status == "pending"
    page = client.get(reverse("enterprises:my_list")).content.decode()
    assert "Chờ phê duyệt" in page
    # Still no access before staff approve.
    assert client.get(reverse("enterprises:my_detail", args=[organization.pk])).status_code == 404
    response = client.post(
        reverse("enterprises:join"), {"tax_code": organization.tax_code, "consent": "on"}
    )
    assert "Bạn đã đề nghị tham gia" in response.content.decode()


def _same_answer_for_known_and_unknown_emails(
    url, data_for, known_email, django_capture_on_commit_callbacks, mailoutbox
):
    """Post the form once with a new address and once with an address that has an account:
    both get the same answer, so the form reveals nothing about who has an account."""
    answers = []
    for email in ("moi-hoan-toan@example.vn", known_email):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(url, data_for(email))
        answers.append((response.status_code, response.get("Location")))
    assert answers[0] == answers[1] == (302, reverse("enterprises:register_done"))
    # The owner of the existing account hears of it, by e-mail, and nobody else does.
    notice = [m for m in mailoutbox if m.to == [known_email]]
    assert len(notice) == 1
    assert reverse("login") in notice[0].body
    assert "không có gì được lưu" in notice[0].body


def test_registration_does_not_reveal_that_an_email_has_an_account(
    commune, representative, django_capture_on_commit_callbacks, mailoutbox
):
    def data_for(email):
        tax_code = valid_tax_code(4242 if email == representative.email else 4243)
        return registration_data(commune, account_email=email, tax_code=tax_code)

    _same_answer_for_known_and_unknown_emails(
        reverse("enterprises:register"),
        data_for,
        representative.email,
        django_capture_on_commit_callbacks,
        mailoutbox,
    )
    # Nothing was saved for the known address: no organization, no second account.
    assert not Organization.objects.filter(tax_code=valid_tax_code(4242)).exists()
    assert User.objects.filter(email=representative.email).count() == 1


def test_join_form_does_not_reveal_that_an_email_has_an_account(
    organization, representative, django_capture_on_commit_callbacks, mailoutbox
):
    def data_for(email):
        return {
            "tax_code": organization.tax_code,
            "full_name": "Lê Văn Cường",
            "account_email": email,
            "password1": "Mat-khau-rat-manh-2026",
            "password2": "Mat-khau-rat-manh-2026",
            "consent": "on",
        }

    memberships = Membership.objects.filter(user=representative).count()
    _same_answer_for_known_and_unknown_emails(
        reverse("enterprises:join"),
        data_for,
        representative.email,
        django_capture_on_commit_callbacks,
        mailoutbox,
    )
    assert Membership.objects.filter(user=representative).count() == memberships
    assert ConsentRecord.objects.filter(user=representative).count() == 0


def test_tasks_are_late_acknowledged_with_limits():
    from enterprises import tasks

    for task in (
        tasks.send_email_confirmation_task,
        tasks.send_review_decision_task,
        tasks.send_membership_decision_task,
    ):
        assert task.acks_late is True
        assert task.time_limit == 60
        assert task.autoretry_for
