from django.utils import timezone

from .. import selectors
from ..models import Indicator


def selectable_years() -> list[int]:
    """Years of the plan's phases up to the current year, newest first."""
    return selectors.plan_years_until(timezone.localdate().year)


def parse_year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def with_indicator_ids(figures: list[dict], indicators=None) -> list[dict]:
    """Give each figure (live, or frozen in a snapshot, which keeps only the code) its
    indicator's id: pages link to an indicator by id, so its code never reaches a user."""
    if indicators is None:
        ids = dict(Indicator.objects.values_list("code", "pk"))
    else:
        ids = {indicator.code: indicator.pk for indicator in indicators}
    for figure in figures:
        figure["indicator_id"] = ids.get(figure["code"])
    return figures
