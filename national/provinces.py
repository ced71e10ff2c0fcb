"""The provinces the national dashboard lists: the administrative units in force (34 since
1/7/2025) from the portal's table, or from the `vietnam-provinces` dataset before the table
has been loaded."""

from functools import lru_cache

from portal.models import AdministrativeUnit


@lru_cache(maxsize=1)
def _dataset_provinces() -> tuple[tuple[str, str], ...]:
    from vietnam_provinces import Province

    return tuple(sorted((f"{int(p.code):02d}", p.name) for p in Province.iter_all()))


def provinces() -> list[tuple[str, str]]:
    """(code, name) of the provinces in force, by code."""
    rows = list(
        AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.PROVINCE, effective_to__isnull=True
        )
        .order_by("code")
        .values_list("code", "name")
    )
    return rows or list(_dataset_provinces())


def province_name(code: str) -> str | None:
    return dict(provinces()).get(code)
