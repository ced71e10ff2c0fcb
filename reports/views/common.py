from django.utils import timezone

from .. import selectors


def selectable_years() -> list[int]:
    """Years of the plan's phases up to the current year, newest first."""
    return selectors.plan_years_until(timezone.localdate().year)


def parse_year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default
