from portal.models import Article
from portal.text import search_key, slug_base, unique_slug
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
