"""Visitor statistics in the public footer: counted in the cache, flushed to VisitDay rows."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import visitors
from portal.models import VisitDay
from portal.tasks import flush_visit_counts_task
from portal.visitors import (
    FLUSH_LOCK_KEY,
    PENDING_KEY,
    STATS_KEY,
    VISIT_COOKIE,
    visit_counts_flush,
    visitor_stats,
)

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def fresh_stats() -> dict:
    cache.delete(STATS_KEY)
    return visitor_stats()


def pending(day: dt.date) -> int:
    return int(cache.get(PENDING_KEY.format(day=day.isoformat()), 0) or 0)


def test_first_visit_counts_today_month_and_total(client):
    before = fresh_stats()
    assert client.get("/").status_code == 200
    after = fresh_stats()
    assert after["today"] == before["today"] + 1
    assert after["month"] == before["month"] + 1
    assert after["total"] == before["total"] + 1
    assert VISIT_COOKIE in client.cookies


def test_repeat_visits_the_same_day_count_once(client):
    client.get("/")
    client.get("/news/")
    client.get("/policies/")
    client.get("/")
    assert fresh_stats()["today"] == 1
    # Another browser is another visitor.
    Client().get("/")
    assert fresh_stats()["today"] == 2


def test_a_visitor_is_counted_again_the_next_day(client):
    client.get("/")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    client.cookies[VISIT_COOKIE] = f"{yesterday}:1"
    client.get("/")
    assert fresh_stats()["today"] == 2


def test_only_html_page_views_count(client):
    client.get("/healthz")
    client.get("/news/khong-co-bai-nay/")  # 404
    assert fresh_stats()["today"] == 0
    assert VISIT_COOKIE not in client.cookies


def test_page_views_write_nothing_to_the_database(client, staff_user):
    client.get("/")  # warm the per-minute caches first
    for url in ("/", "/news/", "/policies/"):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        writes = [
            q["sql"]
            for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert writes == [], url
    client.force_login(staff_user)
    client.get("/staff/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/news/").status_code == 200
    assert not [
        q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    # Four browsers visited (the first one later signed in): all are counted in the cache,
    # none in the database.
    assert pending(timezone.localdate()) == 4
    assert not VisitDay.objects.exists()


def test_flush_moves_pending_counts_into_rows_once(client):
    today = timezone.localdate()
    client.get("/")
    Client().get("/")
    assert visit_counts_flush() == 2
    assert VisitDay.objects.get(date=today).visits == 2
    assert pending(today) == 0
    # A second run has nothing left to move: no double counting.
    assert visit_counts_flush() == 0
    assert VisitDay.objects.get(date=today).visits == 2
    # The footer figures are the same before and after a flush.
    Client().get("/")
    before = fresh_stats()
    assert before["today"] == 3
    flush_visit_counts_task.apply()  # in-process, whatever the broker
    assert fresh_stats() == before
    assert VisitDay.objects.get(date=today).visits == 3


def test_flush_covers_the_last_days_and_adds_to_existing_rows():
    today = timezone.localdate()
    VisitDay.objects.create(date=today - dt.timedelta(days=1), visits=10)
    cache.set(PENDING_KEY.format(day=(today - dt.timedelta(days=1)).isoformat()), 4, 3600)
    cache.set(PENDING_KEY.format(day=(today - dt.timedelta(days=2)).isoformat()), 3, 3600)
    assert visit_counts_flush() == 7
    assert VisitDay.objects.get(date=today - dt.timedelta(days=1)).visits == 14
    assert VisitDay.objects.get(date=today - dt.timedelta(days=2)).visits == 3


def test_visits_counted_during_a_flush_stay_pending(client, monkeypatch):
    today = timezone.localdate()
    client.get("/")
    original = VisitDay.objects.get_or_create

    def visit_meanwhile(**kwargs):
        Client().get("/")  # a visitor arrives while the flush writes
        return original(**kwargs)

    monkeypatch.setattr(VisitDay.objects, "get_or_create", visit_meanwhile)
    assert visit_counts_flush() == 1
    assert VisitDay.objects.get(date=today).visits == 1
    assert pending(today) == 1
    monkeypatch.undo()
    assert visit_counts_flush() == 1
    assert VisitDay.objects.get(date=today).visits == 2


def test_a_failed_write_gives_the_counts_back(client, monkeypatch):
    today = timezone.localdate()
    client.get("/")

    def broken(**kwargs):
        raise DatabaseError("database went away")

    monkeypatch.setattr(VisitDay.objects, "get_or_create", broken)
    with pytest.raises(DatabaseError):
        visit_counts_flush()
    assert pending(today) == 1
    assert cache.get(FLUSH_LOCK_KEY) is None
    monkeypatch.undo()
    assert visit_counts_flush() == 1
    assert VisitDay.objects.get(date=today).visits == 1


def test_a_second_flush_running_at_the_same_time_moves_nothing(client):
    client.get("/")
    cache.add(FLUSH_LOCK_KEY, 1, 60)  # another worker is flushing
    assert visit_counts_flush() == 0
    assert not VisitDay.objects.exists()
    cache.delete(FLUSH_LOCK_KEY)
    assert visit_counts_flush() == 1


def test_month_and_total_include_pending_days(monkeypatch):
    now = dt.datetime(2026, 3, 1, 8, 0, tzinfo=HCM)
    monkeypatch.setattr(timezone, "now", lambda: now)
    VisitDay.objects.create(date=dt.date(2026, 2, 10), visits=100)
    VisitDay.objects.create(date=dt.date(2026, 3, 1), visits=7)
    cache.set(PENDING_KEY.format(day="2026-03-01"), 2, 3600)
    cache.set(PENDING_KEY.format(day="2026-02-28"), 5, 3600)  # yesterday, last month
    cache.set(PENDING_KEY.format(day="2026-02-27"), 1, 3600)
    stats = fresh_stats()
    assert stats["today"] == 9
    assert stats["month"] == 9
    assert stats["total"] == 115


def test_footer_shows_the_numbers(client):
    today = timezone.localdate()
    VisitDay.objects.create(date=today.replace(day=1) - dt.timedelta(days=1), visits=12000)
    if today.day > 1:
        VisitDay.objects.create(date=today - dt.timedelta(days=1), visits=300)
    cache.set(PENDING_KEY.format(day=today.isoformat()), 25, 3600)
    page = client.get("/").content.decode()
    month = 25 + (300 if today.day > 1 else 0)
    total = 12000 + month
    assert "Thống kê truy cập" in page
    assert 'data-stat="today">25<' in page
    assert f'data-stat="month">{month:,}<'.replace(",", ".") in page
    assert f'data-stat="total">{total:,}<'.replace(",", ".") in page
    assert 'data-stat="online">1<' in page


def test_a_cache_outage_never_breaks_a_page(client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(visitors, "_incr", down)
    assert client.get("/").status_code == 200
