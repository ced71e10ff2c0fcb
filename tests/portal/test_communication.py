"""Communication activities: recording them, their reach per year, the staff pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import CommunicationActivity, PublicationStatus
from portal.selectors import communication_reach, communication_reach_by_year
from portal.services import communication_activity_record, communication_activity_update
from tests.portal.factories import CommunicationActivityFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_record_an_activity_with_its_reach(staff_user):
    activity = communication_activity_record(
        title="Phóng sự Năng suất xanh",
        channel="radio_tv",
        date=dt.date(2025, 5, 12),
        partner="Đài Phát thanh và Truyền hình tỉnh",
        people_reached=12000,
        organizations_reached=85,
        cost=18_500_000,
        link="https://example.vn/phong-su",
        by=staff_user,
    )
    activity.refresh_from_db()
    assert activity.created_by == staff_user
    assert (activity.people_reached, activity.organizations_reached, activity.cost) == (
        12000,
        85,
        18_500_000,
    )
    assert "phong su nang suat xanh" in activity.search_text


def test_an_activity_must_have_reached_someone():
    with pytest.raises(ValidationError) as error:
        communication_activity_record(
            by=None, title="Tờ rơi", channel="leaflet", date=dt.date(2025, 1, 5), people_reached=0
        )
    assert error.value.messages == [
        "Nhập số người hoặc số tổ chức được tiếp cận (ít nhất một trong hai)."
    ]
    assert not CommunicationActivity.objects.exists()


def test_an_activity_cannot_be_recorded_before_it_happens():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        communication_activity_record(
            by=None, title="Hội thảo sắp tới", channel="seminar", date=tomorrow, people_reached=50
        )
    assert "date" in error.value.message_dict


def test_update_changes_the_reach():
    activity = CommunicationActivityFactory(people_reached=100)
    communication_activity_update(
        by=None, activity=activity, people_reached=250, organizations_reached=None
    )
    activity.refresh_from_db()
    assert (activity.people_reached, activity.organizations_reached) == (250, 0)


def test_reach_per_year_sums_people_organizations_and_cost():
    CommunicationActivityFactory(
        date=dt.date(2024, 3, 1), people_reached=1000, organizations_reached=20, cost=5_000_000
    )
    CommunicationActivityFactory(
        date=dt.date(2024, 9, 1), people_reached=500, organizations_reached=10, cost=2_000_000
    )
    CommunicationActivityFactory(
        date=dt.date(2025, 2, 1), people_reached=700, organizations_reached=15, cost=0
    )
    # A withdrawn record does not count, nor a draft (the same rule as the reports').
    CommunicationActivityFactory(
        date=dt.date(2025, 2, 2), people_reached=9999, status=PublicationStatus.ARCHIVED
    )
    CommunicationActivityFactory(
        date=dt.date(2024, 5, 2), people_reached=8888, status=PublicationStatus.DRAFT
    )
    assert communication_reach_by_year() == [
        {"year": 2025, "activities": 1, "people": 700, "organizations": 15, "cost": 0},
        {"year": 2024, "activities": 2, "people": 1500, "organizations": 30, "cost": 7_000_000},
    ]
    assert communication_reach(2024) == {"activities": 2, "people": 1500, "organizations": 30}
    assert communication_reach(2023) == {"activities": 0, "people": 0, "organizations": 0}


def test_staff_list_shows_the_yearly_summary(staff_client):
    CommunicationActivityFactory(
        date=dt.date(2024, 3, 1), people_reached=1200, organizations_reached=20, cost=5_000_000
    )
    CommunicationActivityFactory(
        date=dt.date(2024, 9, 1), people_reached=300, organizations_reached=5, cost=1_234_567
    )
    response = staff_client.get(reverse("portal:staff_communication_list"))
    page = _text(response)
    assert "Kết quả tiếp cận theo năm" in page
    summary = page[page.index('data-year="2024"') :]
    summary = summary[: summary.index("</tr>")]
    assert ">1.500<" in summary
    assert ">25<" in summary
    assert "6.234.567\u00a0đ" in summary


def test_staff_list_filters_by_year_channel_and_search(staff_client):
    CommunicationActivityFactory(
        title="Bản tin truyền hình", channel="radio_tv", date=dt.date(2024, 1, 1)
    )
    CommunicationActivityFactory(title="Tờ rơi ISO", channel="leaflet", date=dt.date(2025, 1, 1))
    url = reverse("portal:staff_communication_list")
    by_year = _text(staff_client.get(url, {"year": 2025}))
    assert "Tờ rơi ISO" in by_year
    assert "Bản tin truyền hình" not in by_year
    by_channel = _text(staff_client.get(url, {"channel": "radio_tv"}))
    assert "Bản tin truyền hình" in by_channel
    assert "Tờ rơi ISO" not in by_channel
    found = _text(staff_client.get(url, {"q": "to roi"}))
    assert "Tờ rơi ISO" in found
    assert "Bản tin truyền hình" not in found
    # Rubbish in the filters is ignored, not a 500.
    assert staff_client.get(url, {"year": "abc", "channel": "zzz"}).status_code == 200


def test_staff_list_queries_do_not_grow(staff_client, staff_user):
    url = reverse("portal:staff_communication_list")
    CommunicationActivityFactory.create_batch(2, created_by=staff_user)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    CommunicationActivityFactory.create_batch(12, created_by=staff_user, date=dt.date(2023, 6, 1))
    staff_client.get(url)  # the page's kept count is rebuilt once after the writes
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)


def test_staff_records_an_activity_through_the_form(staff_client):
    response = staff_client.post(
        reverse("portal:staff_communication_create"),
        {
            "title": "Hội thảo phổ biến ISO 50001",
            "channel": "seminar",
            "date": "15/04/2025",
            "partner": "Hiệp hội Doanh nghiệp tỉnh",
            "people_reached": "120",
            "organizations_reached": "45",
            "cost": "25000000",
            "link": "",
            "description": "",
        },
        follow=True,
    )
    assert "Đã lưu hoạt động thông tin, tuyên truyền." in _text(response)
    activity = CommunicationActivity.objects.get()
    assert activity.date == dt.date(2025, 4, 15)
    assert activity.cost == 25_000_000


def test_bad_input_gets_messages_next_to_the_fields(staff_client):
    response = staff_client.post(
        reverse("portal:staff_communication_create"),
        {
            "title": "Hoạt động lỗi",
            "channel": "seminar",
            "date": "31/02/2025",
            "people_reached": "-5",
            "organizations_reached": "nhiều",
            "cost": "",
            "link": "khong phai url",
        },
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Nhập một ngày hợp lệ." in page
    assert "Nhập một URL hợp lệ." in page
    assert "Nhập một số tổng thể." in page
    assert not CommunicationActivity.objects.exists()


def test_zero_reach_from_the_form_is_explained(staff_client):
    response = staff_client.post(
        reverse("portal:staff_communication_create"),
        {
            "title": "Không ai xem",
            "channel": "online",
            "date": "01/03/2025",
            "people_reached": "0",
            "organizations_reached": "0",
            "cost": "0",
        },
    )
    assert response.status_code == 200
    assert "ít nhất một trong hai" in _text(response)
    assert not CommunicationActivity.objects.exists()


def test_staff_edits_an_activity(staff_client):
    activity = CommunicationActivityFactory(title="Bài báo cũ", channel="press")
    response = staff_client.post(
        reverse("portal:staff_communication_update", args=[activity.pk]),
        {
            "title": "Bài báo đã sửa",
            "channel": "press",
            "date": "01/05/2024",
            "people_reached": "5000",
            "organizations_reached": "0",
            "cost": "0",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.people_reached) == ("Bài báo đã sửa", 5000)
