"""The public home page: the program in plain Vietnamese, the plan's goals and targets, the
latest news and the policies in force."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import hooks
from portal.models import PublicationStatus
from tests.portal.factories import ArticleFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_states_the_plan_goals_as_the_provincial_plan_does(client):
    page = _home(client)
    assert "Mục tiêu của Kế hoạch" in page
    # The goals read as in the provincial plan article.
    for sentence in (
        "Đào tạo nghiệp vụ chuyên sâu về năng suất chất lượng cho khoảng từ 10 đến 20 cán bộ",
        "hằng năm tăng từ 5–10%.",
        "Lựa chọn ít nhất 02 doanh nghiệp để hướng dẫn áp dụng đồng bộ các giải pháp",
        "phấn đấu có ít nhất 03 doanh nghiệp tham gia và đạt giải",
        "hằng năm tăng từ 10–15%.",
        "Có ít nhất 05 doanh nghiệp đã xây dựng mô hình điểm để chia sẻ, nhân rộng.",
        "Xây dựng chính sách khuyến khích hỗ trợ doanh nghiệp trên địa bàn tỉnh",
    ):
        assert sentence in page, sentence
    assert "%%" not in page


def test_home_shows_the_key_targets_and_the_current_phase(client):
    page = _home(client)
    assert "Chỉ tiêu chủ yếu" in page
    for figure in ("5–10%", "10–20", "≥ 2 · ≥ 5", "≥ 3"):
        assert figure in page
    year = timezone.localdate().year
    phase = "Giai đoạn 2021–2025" if year <= 2025 else "Giai đoạn 2026–2030"
    assert f"Năm {year} thuộc {phase}" in page
    assert "giai đoạn hiện tại" in page


def test_home_lists_the_latest_public_articles_only(client):
    now = timezone.now()
    for number in range(5):
        ArticleFactory(title=f"Tin mới số {number}", published_at=now - dt.timedelta(days=number))
    ArticleFactory(title="Bản nháp trang chủ", status=PublicationStatus.DRAFT, published_at=None)
    ArticleFactory(title="Tin hẹn giờ trang chủ", published_at=now + dt.timedelta(days=1))
    page = _home(client)
    for number in range(4):
        assert f"Tin mới số {number}" in page
    assert "Tin mới số 4" not in page  # four at most
    assert "Bản nháp trang chủ" not in page
    assert "Tin hẹn giờ trang chủ" not in page


def test_home_lists_issued_public_policies(client):
    PolicyFactory(title="Nghị quyết hỗ trợ năng suất", decision_number="12/2022/NQ-HĐND")
    PolicyFactory(title="Chính sách đang nghiên cứu", status="researching", decision_number="")
    PolicyFactory(title="Chính sách nội bộ", is_public=False)
    page = _home(client)
    assert "Chính sách hỗ trợ đang có hiệu lực" in page
    assert "Nghị quyết hỗ trợ năng suất" in page
    assert "Chính sách đang nghiên cứu" not in page
    assert "Chính sách nội bộ" not in page


def test_other_apps_add_blocks_to_the_home_page(client, monkeypatch, tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "test").mkdir(parents=True)
    (template_dir / "test" / "block.html").write_text(
        '<section data-testid="app-block">{{ block.heading }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}
    ]

    class FakeHome:
        @staticmethod
        def blocks(request):
            return [{"template": "test/block.html", "heading": "Tiến độ năm nay"}]

    monkeypatch.setattr(
        hooks, "app_hook_modules", lambda name: [FakeHome] if name == "home" else []
    )
    from portal.views import public

    monkeypatch.setattr(public, "app_hook_modules", hooks.app_hook_modules)
    assert '<section data-testid="app-block">Tiến độ năm nay</section>' in _home(client)


def test_home_queries_do_not_grow_with_content(client):
    client.get("/")
    cache.clear()  # measure the page as built, not as served from the cache
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    ArticleFactory.create_batch(8)
    PolicyFactory.create_batch(5)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_staff_home_shows_the_drafts_waiting(staff_client):
    ArticleFactory.create_batch(2, status=PublicationStatus.DRAFT, published_at=None)
    ArticleFactory()
    page = staff_client.get("/staff/").content.decode()
    assert "Bài viết nháp chờ đăng" in page
    item = page[page.index("Bài viết nháp chờ đăng") :]
    assert '?status=draft"' in page
    assert ">2</span>" in item[:300]
