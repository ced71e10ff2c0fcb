"""Accounts: sign-in by e-mail, sign-out, password change and reset, per-role navigation and
the error pages, all in Vietnamese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.conftest import make_user
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Secret-pass-123"  # the factory's default


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def lan(db):
    return make_user("program_staff", "lan.nguyen@example.vn", full_name="Nguyễn Thị Lan")


# --- Sign in and out ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["lan.nguyen@example.vn", "Lan.Nguyen@Example.VN"])
def test_sign_in_with_the_email_in_any_case(client, lan, typed):
    response = client.post(reverse("login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:after_login")
    assert client.get(reverse("portal:after_login"))["Location"] == reverse("portal:staff_home")
    assert "Nguyễn Thị Lan" in _text(client.get(reverse("portal:staff_home")))


def test_new_accounts_store_the_email_in_lower_case():
    user = get_user_model().objects.create_user("Mai.Tran@Example.VN", "x-Secret-1")
    assert user.email == "mai.tran@example.vn"


def test_wrong_password_is_refused_in_vietnamese(client, lan):
    response = client.post(
        reverse("login"), {"username": "lan.nguyen@example.vn", "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert "Vui lòng điền vào" in _text(response)
    assert "_auth_user_id" not in client.session


def test_sign_in_page_is_in_vietnamese(client):
    page = _text(client.get(reverse("login")))
    assert "Đăng nhập" in page
    assert "Địa chỉ e-mail" in page
    assert "Quên mật khẩu?" in page


def test_sign_out_needs_a_post(client, lan):
    client.force_login(lan)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:staff_home")).status_code == 302


def test_every_page_offers_a_sign_out_form_to_signed_in_users(client, lan):
    client.force_login(lan)
    page = _text(client.get("/"))
    assert f'action="{reverse("logout")}"' in page
    assert "Đăng xuất" in page


# --- Passwords ---------------------------------------------------------------------------


def test_password_change(client, lan):
    client.force_login(lan)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nang-suat-2026!",
            "new_password2": "Nang-suat-2026!",
        },
        follow=True,
    )
    assert "Mật khẩu của bạn đã được thay đổi." in _text(response)
    lan.refresh_from_db()
    assert lan.check_password("Nang-suat-2026!")
    # Still signed in after the change.
    assert client.get(reverse("portal:staff_home")).status_code == 200


def test_password_change_with_a_wrong_old_password(client, lan):
    client.force_login(lan)
    response = client.post(
        reverse("password_change"),
        {"old_password": "khong-dung", "new_password1": "Moi-123456!", "new_password2": "x"},
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Mật khẩu cũ không chính xác." in page
    lan.refresh_from_db()
    assert lan.check_password(PASSWORD)


def _without_tokens(html: str) -> str:
    # CSRF tokens are masked differently on every response (64 letters and digits).
    return re.sub(r"[A-Za-z0-9]{64}", "", html)


def test_password_reset_mails_a_known_address_and_looks_the_same_for_an_unknown_one(client, lan):
    known = client.post(reverse("password_reset"), {"email": "LAN.NGUYEN@example.vn"}, follow=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan.nguyen@example.vn"]
    assert message.subject == "Đặt lại mật khẩu trên Cổng thông tin năng suất chất lượng"
    assert "Xin chào," in message.body

    unknown = client.post(reverse("password_reset"), {"email": "khong-ai@example.vn"}, follow=True)
    assert len(mail.outbox) == 1  # nothing sent for an unknown address
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(_text(known)) == _without_tokens(_text(unknown))
    assert "Kiểm tra hộp thư của bạn" in _text(unknown)


def test_password_reset_link_sets_a_new_password(client, lan):
    client.post(reverse("password_reset"), {"email": "lan.nguyen@example.vn"})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in _text(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "Chat-luong-2030!", "new_password2": "Chat-luong-2030!"},
        follow=True,
    )
    assert "Mật khẩu mới đã được thiết lập." in _text(done)
    lan.refresh_from_db()
    assert lan.check_password("Chat-luong-2030!")
    # The link works once.
    assert "không hợp lệ hoặc đã được sử dụng" in _text(client.get(link, follow=True))


def test_inactive_accounts_get_no_reset_mail(client):
    UserFactory(email="nghi@example.vn", is_active=False)
    client.post(reverse("password_reset"), {"email": "nghi@example.vn"})
    assert mail.outbox == []


# --- Navigation per role -----------------------------------------------------------------


def _sections(client) -> set[str]:
    return set(re.findall(r'data-nav-section="(\w+)"', _text(client.get("/"))))


def test_anonymous_visitors_see_only_the_public_menu(client):
    assert _sections(client) == set()
    page = _text(client.get("/"))
    assert reverse("portal:article_list") in page
    assert reverse("portal:policy_list") in page
    assert reverse("portal:staff_article_list") not in page
    assert "Đăng nhập" in page


def test_staff_see_the_staff_menu_and_nothing_of_other_roles(staff_client):
    assert _sections(staff_client) == {"staff"}
    page = _text(staff_client.get("/"))
    for name in (
        "portal:staff_article_list",
        "portal:staff_communication_list",
        "portal:staff_policy_list",
        "portal:program_settings",
        "portal:administrative_unit_list",
    ):
        assert reverse(name) in page, name
    # The workspace's entries are grouped by area, one dropdown each (issue 14, item 5).
    for area in ("Doanh nghiệp", "Đào tạo", "Giải thưởng", "Báo cáo", "Hệ thống"):
        assert f">{area}</a>" in page, area


def test_enterprise_users_do_not_see_the_staff_menu(client, enterprise_user):
    client.force_login(enterprise_user)
    assert _sections(client) == {"enterprise"}
    page = _text(client.get("/"))
    assert reverse("portal:staff_article_list") not in page
    assert "Doanh nghiệp của tôi" in page


def test_officials_and_council_members_see_only_their_sections(client, official_user, council_user):
    client.force_login(official_user)
    assert _sections(client) == {"official"}
    client.force_login(council_user)
    assert _sections(client) == {"council"}


def test_admin_link_only_for_superusers(client, lan):
    client.force_login(lan)
    assert reverse("admin:index") not in _text(client.get("/"))
    root = UserFactory(email="root@example.vn", is_staff=True, is_superuser=True)
    client.force_login(root)
    page = _text(client.get("/"))
    assert reverse("admin:index") in page
    assert "staff" in _sections(client)  # superusers run the program too


# --- Error pages -------------------------------------------------------------------------


def test_403_page_is_in_vietnamese_and_says_why(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get(reverse("portal:staff_article_list"))
    assert response.status_code == 403
    page = _text(response)
    assert "Bạn không có quyền mở trang này." in page
    assert "Chỉ cán bộ quản lý Chương trình mới sử dụng được khu vực cán bộ." in page
    assert '<html lang="vi">' in page


def test_404_page_is_in_vietnamese(client):
    response = client.get("/trang-khong-ton-tai/")
    assert response.status_code == 404
    page = _text(response)
    assert "Không tìm thấy trang" in page
    assert "Về trang chủ" in page
