"""News and guidance: the services that write articles, the public pages, the staff pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import Article, PublicationStatus
from portal.services import article_archive, article_create, article_publish, article_update
from tests.portal.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# --- Services ----------------------------------------------------------------------------


def test_article_create_saves_a_draft_with_a_slug_from_the_vietnamese_title(staff_user):
    article = article_create(
        title="Đào tạo chuyên gia năng suất chất lượng",
        body="Đoạn một.\n\nĐoạn hai.",
        category=Article.Category.ANNOUNCEMENT,
        by=staff_user,
    )
    article.refresh_from_db()
    assert article.status == PublicationStatus.DRAFT
    assert article.published_at is None
    assert article.slug == "dao-tao-chuyen-gia-nang-suat-chat-luong"
    assert article.created_by == staff_user
    assert "dao tao chuyen gia" in article.search_text
    assert article.history.first().history_user == staff_user


def test_same_title_twice_gets_two_addresses(staff_user):
    first = article_create(title="Tin năng suất", body="Một", by=staff_user)
    second = article_create(title="Tin năng suất", body="Hai", by=staff_user)
    assert (first.slug, second.slug) == ("tin-nang-suat", "tin-nang-suat-2")


def test_article_create_refuses_an_empty_body_and_saves_nothing(staff_user):
    with pytest.raises(ValidationError) as error:
        article_create(title="Tiêu đề", body="", by=staff_user)
    assert "body" in error.value.message_dict
    assert not Article.objects.exists()


def test_article_create_and_publish_at_once(staff_user):
    before = timezone.now()
    article = article_create(title="Tin đăng ngay", body="Nội dung", publish=True, by=staff_user)
    assert article.status == PublicationStatus.PUBLISHED
    assert before <= article.published_at <= timezone.now()


def test_draft_address_follows_the_title_until_first_published(staff_user):
    article = article_create(title="Bản nháp đầu", body="Nội dung", by=staff_user)
    article = article_update(
        article=article, title="Tiêu đề đã sửa", body="Nội dung", category="news", by=staff_user
    )
    assert article.slug == "tieu-de-da-sua"
    article_publish(article=article, by=staff_user)
    article.refresh_from_db()
    article = article_update(
        by=None, article=article, title="Tiêu đề sửa lần hai", body="Nội dung", category="news"
    )
    assert article.slug == "tieu-de-da-sua"
    assert article.title == "Tiêu đề sửa lần hai"
    assert article.search_text.startswith("tieu de sua lan hai")


def test_editing_a_published_article_without_a_date_keeps_its_date(staff_user):
    article = ArticleFactory()
    published_at = article.published_at
    article = article_update(
        by=None,
        article=article,
        title=article.title,
        body="Mới",
        category="news",
        published_at=None,
    )
    assert article.published_at == published_at


def test_publish_twice_is_refused_with_a_translated_message(staff_user):
    article = ArticleFactory()
    with pytest.raises(ValidationError) as error:
        article_publish(article=article, by=staff_user)
    assert error.value.messages == ["Bài viết này đã được đăng."]


def test_only_published_articles_can_be_withdrawn(staff_user):
    draft = ArticleFactory(status=PublicationStatus.DRAFT, published_at=None)
    with pytest.raises(ValidationError):
        article_archive(article=draft, by=staff_user)


def test_withdrawn_article_published_again_keeps_its_first_date(staff_user):
    article = ArticleFactory()
    first_date = article.published_at
    article_archive(article=article, by=staff_user)
    article.refresh_from_db()
    assert article.status == PublicationStatus.ARCHIVED
    article = article_publish(article=article, by=staff_user)
    assert article.status == PublicationStatus.PUBLISHED
    assert article.published_at == first_date


# --- Public pages ------------------------------------------------------------------------


def test_public_list_shows_only_published_articles_whose_time_has_come(client):
    now = timezone.now()
    ArticleFactory(title="Tin đã đăng", published_at=now - dt.timedelta(hours=1))
    ArticleFactory(title="Tin bản nháp", status=PublicationStatus.DRAFT, published_at=None)
    ArticleFactory(title="Tin đã gỡ", status=PublicationStatus.ARCHIVED)
    ArticleFactory(title="Tin hẹn giờ", published_at=now + dt.timedelta(hours=1))
    page = _text(client.get(reverse("portal:article_list")))
    assert "Tin đã đăng" in page
    for hidden in ("Tin bản nháp", "Tin đã gỡ", "Tin hẹn giờ"):
        assert hidden not in page


def test_public_list_filters_by_category(client):
    ArticleFactory(title="Hướng dẫn hồ sơ", category=Article.Category.GUIDANCE)
    ArticleFactory(title="Tin hội thảo", category=Article.Category.NEWS)
    page = _text(client.get(reverse("portal:article_list"), {"category": "guidance"}))
    assert "Hướng dẫn hồ sơ" in page
    assert "Tin hội thảo" not in page
    # An unknown category is ignored rather than an error.
    page = _text(client.get(reverse("portal:article_list"), {"category": "xyz"}))
    assert "Hướng dẫn hồ sơ" in page
    assert "Tin hội thảo" in page


def test_public_search_ignores_accents_and_case(staff_user, client):
    article_create(
        title="Hội thảo cải tiến năng suất", body="Công cụ 5S", publish=True, by=staff_user
    )
    article_create(title="Giải thưởng Chất lượng", body="Hồ sơ", publish=True, by=staff_user)
    for query in ("nang suat", "NĂNG SUẤT", "hoi thao 5s", "cải tiến"):
        page = _text(client.get(reverse("portal:article_list"), {"q": query}))
        assert "Hội thảo cải tiến năng suất" in page, query
        assert "Giải thưởng Chất lượng" not in page, query
    page = _text(client.get(reverse("portal:article_list"), {"q": "khong co gi"}))
    assert "Không có bài viết nào phù hợp" in page


def test_public_list_is_paginated_by_ten(client):
    now = timezone.now()
    for number in range(12):
        ArticleFactory(
            title=f"Bản tin số {number:02d}", published_at=now - dt.timedelta(hours=number)
        )
    first = _text(client.get(reverse("portal:article_list")))
    assert "Bản tin số 00" in first
    assert "Bản tin số 09" in first
    assert "Bản tin số 10" not in first
    second = _text(client.get(reverse("portal:article_list"), {"page": 2}))
    assert "Bản tin số 10" in second
    assert "Bản tin số 11" in second
    assert "Bản tin số 00" not in second
    # A page out of range shows the last page instead of an error.
    assert client.get(reverse("portal:article_list"), {"page": 99}).status_code == 200


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_public_list_queries_do_not_grow_with_articles(client):
    url = reverse("portal:article_list")
    ArticleFactory.create_batch(2)
    client.get(url)  # warm the per-minute caches (settings, footer)
    few = _count_queries(client, url)
    ArticleFactory.create_batch(9)
    assert _count_queries(client, url) == few


def test_article_page_renders_plain_text_paragraphs_and_escapes_html(client):
    article = ArticleFactory(
        title="Tin có mã",
        body="<script>alert('x')</script> Đoạn một.\n\nĐoạn <b>hai</b>.",
        author_name="Thủy Loan",
    )
    page = _text(client.get(reverse("portal:article_detail", args=[article.slug])))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Đoạn một.</p>" in page
    assert "<p>Đoạn &lt;b&gt;hai&lt;/b&gt;.</p>" in page
    assert "Thủy Loan" in page


def test_draft_is_404_for_the_public_and_a_preview_for_staff(client, staff_user):
    draft = ArticleFactory(
        title="Bản nháp bí mật", status=PublicationStatus.DRAFT, published_at=None
    )
    url = reverse("portal:article_detail", args=[draft.slug])
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    page = _text(client.get(url))
    assert "Bản nháp bí mật" in page
    assert "không hiển thị công khai" in page


# --- Staff pages -------------------------------------------------------------------------


def test_staff_writes_a_draft_then_publishes_it(staff_client, client):
    response = staff_client.post(
        reverse("portal:staff_article_create"),
        {
            "title": "Hội nghị năng suất xanh",
            "category": "news",
            "summary": "Tóm tắt",
            "body": "Nội dung hội nghị.",
            "author_name": "Phòng TĐC",
            "published_at": "",
            "save": "1",
        },
        follow=True,
    )
    assert "Đã lưu bài viết." in _text(response)
    article = Article.objects.get(title="Hội nghị năng suất xanh")
    assert article.status == PublicationStatus.DRAFT
    assert article.slug == "hoi-nghi-nang-suat-xanh"

    staff_client.post(reverse("portal:staff_article_publish", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == PublicationStatus.PUBLISHED
    staff_client.logout()
    public = _text(client.get(reverse("portal:article_list")))
    assert "Hội nghị năng suất xanh" in public


def test_staff_save_and_publish_button(staff_client):
    staff_client.post(
        reverse("portal:staff_article_create"),
        {"title": "Đăng ngay", "category": "guidance", "body": "Nội dung", "publish": "1"},
    )
    assert Article.objects.get(title="Đăng ngay").status == PublicationStatus.PUBLISHED


def test_scheduling_an_article_in_the_future(staff_client, client):
    when = timezone.localtime() + dt.timedelta(days=2)
    staff_client.post(
        reverse("portal:staff_article_create"),
        {
            "title": "Tin hẹn giờ đăng",
            "category": "news",
            "body": "Nội dung",
            "published_at": when.strftime("%d/%m/%Y %H:%M"),
            "publish": "1",
        },
    )
    article = Article.objects.get(title="Tin hẹn giờ đăng")
    assert article.status == PublicationStatus.PUBLISHED
    assert timezone.localtime(article.published_at).date() == when.date()
    staff_list = _text(
        staff_client.get(reverse("portal:staff_article_list"), {"status": "scheduled"})
    )
    assert "Tin hẹn giờ đăng" in staff_list
    client.logout()
    assert client.get(reverse("portal:article_detail", args=[article.slug])).status_code == 404


def test_invalid_article_form_shows_vietnamese_errors_and_saves_nothing(staff_client):
    response = staff_client.post(
        reverse("portal:staff_article_create"),
        {"title": "", "category": "news", "body": "", "published_at": "31/02/2026 10:00"},
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Trường này là bắt buộc." in page
    assert "Nhập một ngày/thời gian hợp lệ." in page
    assert not Article.objects.exists()


def test_staff_edits_an_article(staff_client):
    article = ArticleFactory(title="Tiêu đề cũ")
    response = staff_client.post(
        reverse("portal:staff_article_update", args=[article.pk]),
        {"title": "Tiêu đề mới", "category": "guidance", "body": "Nội dung mới", "save": "1"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.category, article.body) == (
        "Tiêu đề mới",
        "guidance",
        "Nội dung mới",
    )
    assert article.status == PublicationStatus.PUBLISHED


def test_withdrawing_hides_the_article_from_the_public(staff_client, client):
    article = ArticleFactory(title="Tin sẽ gỡ")
    response = staff_client.post(
        reverse("portal:staff_article_archive", args=[article.pk]), follow=True
    )
    assert "đã được gỡ khỏi trang công khai" in _text(response)
    staff_client.logout()
    assert client.get(reverse("portal:article_detail", args=[article.slug])).status_code == 404


def test_publishing_twice_shows_a_message_instead_of_an_error(staff_client):
    article = ArticleFactory()
    response = staff_client.post(
        reverse("portal:staff_article_publish", args=[article.pk]), follow=True
    )
    assert response.status_code == 200
    assert "Bài viết này đã được đăng." in _text(response)


def test_staff_list_filters_by_status_and_searches(staff_client):
    ArticleFactory(title="Tin đã đăng A")
    ArticleFactory(title="Bản nháp B", status=PublicationStatus.DRAFT, published_at=None)
    drafts = _text(staff_client.get(reverse("portal:staff_article_list"), {"status": "draft"}))
    assert "Bản nháp B" in drafts
    assert "Tin đã đăng A" not in drafts
    found = _text(staff_client.get(reverse("portal:staff_article_list"), {"q": "ban nhap"}))
    assert "Bản nháp B" in found
    assert "Tin đã đăng A" not in found


def test_staff_list_queries_do_not_grow_with_articles(staff_client, staff_user):
    url = reverse("portal:staff_article_list")
    ArticleFactory.create_batch(2, created_by=staff_user)
    staff_client.get(url)
    few = _count_queries(staff_client, url)
    ArticleFactory.create_batch(10, created_by=staff_user)
    ArticleFactory.create_batch(3, status=PublicationStatus.DRAFT, published_at=None)
    staff_client.get(url)  # the page's kept count is rebuilt once after the writes
    assert _count_queries(staff_client, url) == few
