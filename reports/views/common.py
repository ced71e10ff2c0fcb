from django.utils import timezone

from portal.models import Phase


def selectable_years() -> list[int]:
    """Years of the plan's phases up to the current year, newest first."""
    current = timezone.localdate().year
    years = {year for phase in Phase.objects.all() for year in phase.years if year <= current}
    return sorted(years, reverse=True)


def parse_year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default
