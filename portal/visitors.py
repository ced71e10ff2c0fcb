"""Visitor statistics for the public footer (online now, today, this month, total).

Counting must not add a database write to every page view, so a visit is counted in the cache
(Redis in production) and a periodic task folds the pending counts into `VisitDay` rows.
A visitor is counted once a day (a cookie remembers the day) and once per "online" window.
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

VISIT_COOKIE = "nscl_visit"
PENDING_KEY = "visits:pending:{day}"
ONLINE_KEY = "visits:online:{window}"
STATS_KEY = "visits:stats"
FLUSH_LOCK_KEY = "visits:flush-lock"
PENDING_DAYS = 3  # pending counters live this many days; the flush looks this far back


def _window(now: dt.datetime) -> int:
    return int(now.timestamp()) // (settings.VISITORS_ONLINE_WINDOW_MINUTES * 60)


def _incr(key: str, timeout: int, delta: int = 1) -> None:
    # incr() is atomic on Redis and one round trip when the counter exists (nearly always);
    # add() creates it atomically the first time, and a lost race falls back to incr().
    try:
        cache.incr(key, delta)
    except ValueError:
        if not cache.add(key, delta, timeout):
            try:
                cache.incr(key, delta)
            except ValueError:  # expired between add() and incr()
                cache.add(key, delta, timeout)


def visit_record(request, response) -> None:
    """Count this request's visitor, using a cookie to count each visitor once a day/window."""
    now = timezone.now()
    today = timezone.localdate(now).isoformat()
    window = _window(now)
    seen = request.COOKIES.get(VISIT_COOKIE, "")
    seen_day, _sep, seen_window = seen.partition(":")
    if seen_day == today and seen_window == str(window):
        return
    counters = {}
    if seen_day != today:
        counters[PENDING_KEY.format(day=today)] = PENDING_DAYS * 24 * 3600
    counters[ONLINE_KEY.format(window=window)] = settings.VISITORS_ONLINE_WINDOW_MINUTES * 120
    incr_with_expiry = getattr(cache, "incr_with_expiry", None)
    if incr_with_expiry is not None:  # Redis: one round trip for both counters
        incr_with_expiry(counters)
    else:
        for key, timeout in counters.items():
            _incr(key, timeout=timeout)
    response.set_cookie(
        VISIT_COOKIE,
        f"{today}:{window}",
        max_age=24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _pending(day: dt.date) -> int:
    return max(int(cache.get(PENDING_KEY.format(day=day.isoformat()), 0) or 0), 0)


def _pending_days(today: dt.date) -> list[dt.date]:
    return [today - dt.timedelta(days=offset) for offset in range(PENDING_DAYS)]


def visitor_stats() -> dict[str, int]:
    """The four footer figures; cached for a minute so the footer costs nothing per view."""
    stats = cache.get(STATS_KEY)
    if stats is not None:
        return stats
    from .models import VisitDay

    now = timezone.now()
    today = timezone.localdate(now)
    pending = {day: _pending(day) for day in _pending_days(today)}
    totals = VisitDay.objects.aggregate(
        total=Sum("visits"),
        month=Sum("visits", filter=Q(date__year=today.year, date__month=today.month)),
        today=Sum("visits", filter=Q(date=today)),
    )
    online_now = max(
        int(cache.get(ONLINE_KEY.format(window=_window(now)), 0) or 0),
        int(cache.get(ONLINE_KEY.format(window=_window(now) - 1), 0) or 0),
    )
    stats = {
        "online": max(online_now, 1),
        "today": (totals["today"] or 0) + pending[today],
        "month": (totals["month"] or 0)
        + sum(
            n for day, n in pending.items() if (day.year, day.month) == (today.year, today.month)
        ),
        "total": (totals["total"] or 0) + sum(pending.values()),
    }
    cache.set(STATS_KEY, stats, 60)
    return stats


def visit_counts_flush() -> int:
    """Move pending cache counts into VisitDay rows; returns how many visits were moved.

    Each day's pending count is claimed in the cache (decremented) before it is written, so a
    visit is never in both places: visits counted meanwhile stay pending for the next run, a
    failed write gives its claim back, and a lock keeps two runs (a re-delivered task) from
    claiming the same count twice."""
    from .models import VisitDay

    if not cache.add(FLUSH_LOCK_KEY, 1, 300):
        return 0
    moved = 0
    try:
        for day in reversed(_pending_days(timezone.localdate())):
            key = PENDING_KEY.format(day=day.isoformat())
            count = _pending(day)
            if not count:
                continue
            try:
                cache.decr(key, count)
            except ValueError:  # the counter expired meanwhile: nothing left to move
                continue
            try:
                with transaction.atomic():
                    VisitDay.objects.get_or_create(date=day)
                    VisitDay.objects.filter(date=day).update(visits=F("visits") + count)
            except Exception:
                _incr(key, timeout=PENDING_DAYS * 24 * 3600, delta=count)
                raise
            moved += count
    finally:
        cache.delete(FLUSH_LOCK_KEY)
        cache.delete(STATS_KEY)
    return moved
