"""Is a date in a locked year? The one rule every service that writes dated records calls.

The reports app owns closing a year (submit, approve and lock, unlock with a reason), but
dependencies point `portal <- enterprises <- trainings, awards <- reports`: nothing may import
from reports. So reports registers its answer here when it is ready (`ReportsConfig.ready`),
and the apps below call `ensure_year_open(date)` before they add, change or cancel a record
whose date puts it in a year's figures (support activities, pilot models, course results,
contracts, award results, communication activities).
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Each source takes a set of years and returns those of them that are locked.
_sources: list[Callable[[set[int]], set[int]]] = []


def register(source: Callable[[set[int]], set[int]]) -> None:
    """Called by the app that owns year closing (once, at start-up)."""
    if source not in _sources:
        _sources.append(source)


def _year(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().year
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str):
        # An ISO date not parsed yet; anything else is left to the model's own validation.
        try:
            return dt.date.fromisoformat(value.strip()[:10]).year
        except ValueError:
            return None
    return int(value)


def locked_years(values: Iterable) -> set[int]:
    """Of the years of `values` (dates or years), those that are locked: one query."""
    years = {y for y in (_year(v) for v in values) if y is not None}
    if not years:
        return set()
    locked: set[int] = set()
    for source in _sources:
        locked |= set(source(years))
    return locked


def is_locked(value) -> bool:
    return bool(locked_years([value]))


def locked_message(year: int) -> str:
    return _(
        "%(year)s is closed and locked: records dated in it can no longer be added, changed "
        "or cancelled. A lead must unlock the year first (with a reason)."
    ) % {"year": year}


def ensure_year_open(*values, field: str | None = None) -> None:
    """Refuse a write that touches a locked year. Pass every date the write involves: the new
    date and, on a change, the old one (moving a record out of a locked year changes it too)."""
    locked = locked_years(values)
    if not locked:
        return
    message = locked_message(min(locked))
    raise ValidationError({field: message} if field else message)
