"""The staff menu grouped by area with the current page marked, and the user guide at /help/:
reached by everyone, every picture it shows committed, linked from the lists' empty states."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.views.help import SECTIONS

pytestmark = pytest.mark.django_db

GROUPS = {
    "enterprises": "Doanh nghiệp",
    "trainings": "Đào tạo",
    "awards": "Giải thưởng",
    "reports": "Báo cáo",
    "communication": "Truyền thông",
    "system": "Hệ thống",
}


def toggles(html: str) -> dict[str, str]:
    """Each staff group's dropdown toggle: its key -> its whole tag with its label."""
    pattern = r'<a class="nav-link dropdown-toggle[^"]*"[^>]*data-nav-group="(\w+)"[^>]*>[^<]*</a>'
    return {m.group(1): m.group(0) for m in re.finditer(pattern, html)}


def test_staff_menu_is_one_dropdown_per_area(staff_client):
    html = staff_client.get(reverse("portal:staff_home")).content.decode()
    found = toggles(html)
    assert list(found) == list(GROUPS)
    for key, label in GROUPS.items():
        assert f">{label}</a>" in found[key]
    # The public pages sit in one dropdown for staff, so the bar stays one line.
    assert re.search(r"data-nav-public[^>]*>Chương trình</a>", html)


def test_menu_marks_the_current_page_and_its_group(staff_client):
    html = staff_client.get(reverse("trainings:expert_list")).content.decode()
    found = toggles(html)
    assert 'aria-current="page"' in found["trainings"]
    assert " active" in found["trainings"]
    assert all('aria-current="page"' not in tag for key, tag in found.items() if key != "trainings")
    current = re.findall(
        r'<a class="dropdown-item active" aria-current="page" href="([^"]+)"', html
    )
    assert current == [reverse("trainings:expert_list")]

    # Another page of the same viewer marks another entry (the menu is cached per entry).
    html = staff_client.get(reverse("enterprises:ledger")).content.decode()
    assert 'aria-current="page"' in toggles(html)["enterprises"]
    current = re.findall(
        r'<a class="dropdown-item active" aria-current="page" href="([^"]+)"', html
    )
    assert current == [reverse("enterprises:ledger")]


def test_a_record_page_marks_its_list(staff_client):
    from tests.trainings.factories import ExpertFactory

    expert = ExpertFactory()
    html = staff_client.get(reverse("trainings:expert_detail", args=[expert.pk])).content.decode()
    current = re.findall(
        r'<a class="dropdown-item active" aria-current="page" href="([^"]+)"', html
    )
    assert current == [reverse("trainings:expert_list")]


def test_anonymous_menu_keeps_plain_links_and_the_guide(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert 'data-nav-group="' not in html
    assert f'href="{reverse("portal:help")}" data-testid="help-link"' in html
    assert re.search(r'class="nav-link active" aria-current="page" href="/">Trang chủ', html)


def test_the_guide_has_a_section_per_role_and_marks_itself_in_the_menu(client):
    response = client.get(reverse("portal:help"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html
    assert "Hướng dẫn sử dụng" in html
    for anchor, title, _shots in SECTIONS:
        assert f'<section id="{anchor}"' in html
        assert str(title) in html
    assert [a for a, _t, _s in SECTIONS] == [
        "doanh-nghiep",
        "can-bo",
        "lanh-dao",
        "hoi-dong",
        "quan-tri",
    ]
    assert re.search(r'class="nav-link active" aria-current="page" href="/help/"', html)


def test_every_screenshot_the_guide_shows_is_committed(client):
    html = client.get(reverse("portal:help")).content.decode()
    pictures = re.findall(r'src="/static/(help/[^"]+\.png)"', html)
    assert len(pictures) == sum(len(shots) for _a, _t, shots in SECTIONS) == 7
    for picture in pictures:
        path = Path(settings.BASE_DIR) / "static" / picture
        assert path.is_file(), f"{picture} is missing: run tests/e2e/test_user_guide_screenshots.py"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_empty_lists_link_to_their_section_of_the_guide(staff_client):
    html = staff_client.get(reverse("trainings:expert_list")).content.decode()
    assert f'href="{reverse("portal:help")}#can-bo" class="help-link">Xem hướng dẫn</a>' in html
    html = staff_client.get(reverse("enterprises:ledger")).content.decode()
    assert "#can-bo" in html
