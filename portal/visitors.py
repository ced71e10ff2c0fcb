"""Visitor statistics for the public footer (online now, today, this month, total).

Counting must not add a database write to every page view, so a visit is counted in the cache
(Redis in production) and a periodic task folds the pending counts into `VisitDay` rows.
A visitor is counted once a day (a cookie remembers the day) and once per "online" window.
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

VISIT_COOKIE = "nscl_visit"
PENDING_KEY = "visits:pending:{day}"
ONLINE_KEY = "visits:online:{window}"
STATS_KEY = "visits:stats"


def _window(now: dt.datetime) -> int:
    return int(now.timestamp()) // (settings.VISITORS_ONLINE_WINDOW_MINUTES * 60)


def _incr(key: str, timeout: int) -> None:
    # add() creates the counter atomically if it is missing; incr() is atomic on Redis.
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout)


def visit_record(request, response) -> None:
    """Count this request's visitor, using a cookie to count each visitor once a day/window."""
    now = timezone.now()
    today = timezone.localdate(now).isoformat()
    window = _window(now)
    seen = request.COOKIES.get(VISIT_COOKIE, "")
    seen_day, _sep, seen_window = seen.partition(":")
    if seen_day == today and seen_window == str(window):
        return
    if seen_day != today:
        _incr(PENDING_KEY.format(day=today), timeout=3 * 24 * 3600)
    _incr(ONLINE_KEY.format(window=window), timeout=settings.VISITORS_ONLINE_WINDOW_MINUTES * 120)
    response.set_cookie(
        VISIT_COOKIE,
        f"{today}:{window}",
        max_age=24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _pending(day: dt.date) -> int:
    return int(cache.get(PENDING_KEY.format(day=day.isoformat()), 0) or 0)


def visitor_stats() -> dict[str, int]:
    """The four footer figures; cached for a minute so the footer costs nothing per view."""
    stats = cache.get(STATS_KEY)
    if stats is not None:
        return stats
    from .models import VisitDay

    now = timezone.now()
    today = timezone.localdate(now)
    yesterday = today - dt.timedelta(days=1)
    pending_today, pending_yesterday = _pending(today), _pending(yesterday)
    stored = (
        VisitDay.objects.aggregate(
            total=Sum("visits"),
        )["total"]
        or 0
    )
    month_stored = (
        VisitDay.objects.filter(date__year=today.year, date__month=today.month).aggregate(
            total=Sum("visits")
        )["total"]
        or 0
    )
    today_stored = VisitDay.objects.filter(date=today).values_list("visits", flat=True).first() or 0
    online_now = max(
        int(cache.get(ONLINE_KEY.format(window=_window(now)), 0) or 0),
        int(cache.get(ONLINE_KEY.format(window=_window(now) - 1), 0) or 0),
    )
    same_month = yesterday.month == today.month
    stats = {
        "online": max(online_now, 1),
        "today": today_stored + pending_today,
        "month": month_stored + pending_today + (pending_yesterday if same_month else 0),
        "total": stored + pending_today + pending_yesterday,
    }
    cache.set(STATS_KEY, stats, 60)
    return stats


def visit_counts_flush() -> int:
    """Move pending cache counts into VisitDay rows; returns how many visits were moved."""
    from .models import VisitDay

    moved = 0
    today = timezone.localdate()
    for day in (today - dt.timedelta(days=2), today - dt.timedelta(days=1), today):
        key = PENDING_KEY.format(day=day.isoformat())
        count = int(cache.get(key, 0) or 0)
        if not count:
            continue
        with transaction.atomic():
            VisitDay.objects.get_or_create(date=day)
            VisitDay.objects.filter(date=day).update(visits=F("visits") + count)
        # Subtract rather than delete: visits counted meanwhile stay pending.
        cache.decr(key, count)
        moved += count
    cache.delete(STATS_KEY)
    return moved
