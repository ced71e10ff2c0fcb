from portal.models import Article
from portal.text import date_in_words, search_key, slug_base, unique_slug
from tests.portal.factories import ArticleFactory


def test_search_key_drops_vietnamese_accents_and_case():
    assert search_key("Công ty Cơ khí", "Đồng Tháp") == "cong ty co khi dong thap"
    assert search_key("  Năng   suất\nchất lượng ") == "nang suat chat luong"
    assert search_key(None, "", "ISO 9001") == "iso 9001"


def test_slug_from_vietnamese_title_keeps_every_letter():
    assert slug_base("Đào tạo chuyên gia năng suất chất lượng") == (
        "dao-tao-chuyen-gia-nang-suat-chat-luong"
    )
    assert slug_base("Hội thảo 5S, Kaizen – năm 2026!") == "hoi-thao-5s-kaizen-nam-2026"


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slug_base("Chương trình quốc gia hỗ trợ doanh nghiệp " * 5, max_length=40)
    assert len(slug) <= 40
    assert not slug.endswith("-")
    assert slug == "chuong-trinh-quoc-gia-ho-tro-doanh"


def test_unique_slug_adds_a_number_when_taken(db):
    ArticleFactory(slug="tin-moi")
    ArticleFactory(slug="tin-moi-2")
    assert unique_slug(Article, "Tin mới") == "tin-moi-3"
    assert unique_slug(Article, "Tin mới nhất") == "tin-moi-nhat"


def test_unique_slug_ignores_the_row_itself(db):
    article = ArticleFactory(slug="tin-moi")
    assert unique_slug(Article, "Tin mới", instance=article) == "tin-moi"


def test_title_without_letters_falls_back(db):
    assert unique_slug(Article, "!!!", fallback="bai-viet") == "bai-viet"


def test_dates_in_words_follow_decree_30():
    """Days below 10 and the months 1 and 2 take a leading zero, other months do not."""
    import datetime as dt

    from django.utils import translation

    with translation.override("vi"):
        assert date_in_words(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
        assert date_in_words(dt.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
        assert date_in_words(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
        assert date_in_words(dt.date(2026, 12, 9)) == "ngày 09 tháng 12 năm 2026"
        assert date_in_words(dt.date(2026, 10, 10)) == "ngày 10 tháng 10 năm 2026"
        # An aware datetime is read in the portal's time zone (UTC+7): the next day here.
        late = dt.datetime(2026, 8, 31, 18, 30, tzinfo=dt.UTC)
        assert date_in_words(late) == "ngày 01 tháng 9 năm 2026"


def test_date_in_words_filter_in_templates():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load portal_format %}{{ day|date_in_words }}|{{ none|date_in_words }}")
    with translation.override("vi"):
        rendered = template.render(Context({"day": dt.date(2026, 3, 9), "none": None}))
    assert rendered == "ngày 09 tháng 3 năm 2026|"
