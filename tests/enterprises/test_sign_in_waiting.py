"""An enterprise waiting for approval knows it (issue 14, item 7)."""

from django.urls import reverse

from enterprises.models import Membership, Organization
from portal.models import Role
from tests.conftest import make_user

from .factories import MembershipFactory, OrganizationFactory
from .test_registration import registration_data

PASSWORD = "Mat-khau-rat-manh-2026"
WRONG_LOGIN = "mật khẩu chính xác"  # the usual message for a wrong e-mail or password
NOT_CONFIRMED = "chưa được xác nhận"


def _register(client, commune, capture):
    with capture(execute=True):
        client.post(reverse("enterprises:register"), registration_data(commune))
    return Organization.objects.get(name="Công ty TNHH Gốm Sứ Thanh Ba")


def _sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_unconfirmed_account_with_right_password_is_told_and_can_resend(
    client, commune, mailoutbox, django_capture_on_commit_callbacks
):
    _register(client, commune, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    response = _sign_in(client, "hoa@thanhba.vn", PASSWORD)
    content = response.content.decode()
    assert response.status_code == 200
    assert NOT_CONFIRMED in content
    assert 'data-testid="resend-confirmation"' in content
    token = response.context["form"].resend_token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("confirmation_resend"), {"token": token}, follow=True)
    assert "Chúng tôi đã gửi lại đường dẫn xác nhận" in response.content.decode()
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["hoa@thanhba.vn"]
    assert "/register/confirm/" in mailoutbox[1].body


def test_wrong_password_and_unknown_address_get_the_usual_message(
    client, commune, django_capture_on_commit_callbacks
):
    _register(client, commune, django_capture_on_commit_callbacks)
    wrong_password = _sign_in(client, "hoa@thanhba.vn", "sai-mat-khau-2026")
    unknown = _sign_in(client, "nobody@thanhba.vn", PASSWORD)
    # The same words whether or not the address has an account.
    assert [str(e) for e in wrong_password.context["form"].non_field_errors()] == [
        str(e) for e in unknown.context["form"].non_field_errors()
    ]
    for content in (wrong_password.content.decode(), unknown.content.decode()):
        assert WRONG_LOGIN in content
        assert NOT_CONFIRMED not in content
        assert "resend-confirmation" not in content


def test_deactivated_account_is_not_offered_a_confirmation_link(client, organization):
    user = make_user(Role.ENTERPRISE, "cu@cokhi.vn", is_active=False)
    user.set_password(PASSWORD)
    user.last_login = user.date_joined
    user.save()
    MembershipFactory(user=user, organization=organization)
    content = _sign_in(client, "cu@cokhi.vn", PASSWORD).content.decode()
    assert WRONG_LOGIN in content
    assert NOT_CONFIRMED not in content


def test_resend_is_rate_limited(
    client, commune, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.CONFIRMATION_RESEND_RATE = "2/h"
    _register(client, commune, django_capture_on_commit_callbacks)
    token = _sign_in(client, "hoa@thanhba.vn", PASSWORD).context["form"].resend_token
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("confirmation_resend"), {"token": token}, follow=True)
    assert len(mailoutbox) == 1 + 2  # the registration's message, then two resends
    assert "đã được gửi nhiều lần" in response.content.decode()


def test_a_forged_token_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("confirmation_resend"), {"token": "x:y"}, follow=True)
    assert len(mailoutbox) == 0
    assert "Không gửi lại được" in response.content.decode()


def test_landing_page_shows_each_registration_status_and_next_step(client, commune):
    user = make_user(Role.ENTERPRISE, "hoa@thanhba.vn")
    pending = OrganizationFactory(
        commune=commune, name="Công ty Chờ Duyệt", status=Organization.Status.PENDING
    )
    rejected = OrganizationFactory(
        commune=commune,
        name="Công ty Bị Từ Chối",
        status=Organization.Status.REJECTED,
        status_reason="Mã số thuế không khớp giấy phép",
    )
    active = OrganizationFactory(commune=commune, name="Công ty Đã Duyệt")
    joining = OrganizationFactory(commune=commune, name="Hợp tác xã Xin Gia Nhập")
    for org in (pending, rejected, active):
        MembershipFactory(user=user, organization=org)
    MembershipFactory(user=user, organization=joining, status=Membership.Status.PENDING)
    client.force_login(user)
    content = client.get(reverse("portal:enterprise_home")).content.decode()
    assert content.count('data-testid="registration-status"') == 4
    assert "Chờ xét duyệt" in content
    assert "Cán bộ Chương trình xem xét đăng ký" in content
    assert "Mã số thuế không khớp giấy phép" in content
    assert "Đang hoạt động" in content
    assert "Xin tham gia: Chờ phê duyệt" in content
    # Signed in: never offered "Đăng nhập".
    assert ">Đăng nhập<" not in content


def test_signed_in_pages_offer_no_sign_in(client, commune):
    user = make_user(Role.ENTERPRISE, "hoa@thanhba.vn")
    client.force_login(user)
    for url in (
        reverse("portal:home"),
        reverse("trainings:catalog"),
        reverse("enterprises:join"),
        reverse("enterprises:register"),
    ):
        content = client.get(url).content.decode()
        assert reverse("login") + '"' not in content, url
