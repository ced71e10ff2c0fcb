"""Load the two-level administrative units (in force since 1/7/2025) from the maintained
`vietnam-provinces` dataset (GPL-3.0). Units that vanish from a newer dataset are kept (records
point at them) and closed with an end date, so history stays readable."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import AdministrativeUnit

TWO_LEVEL_SYSTEM_START = dt.date(2025, 7, 1)


def _dataset():
    import vietnam_provinces
    from vietnam_provinces import Province, Ward

    source = (
        f"vietnam-provinces {vietnam_provinces.__version__} ({vietnam_provinces.__data_version__})"
    )
    provinces = [(f"{int(p.code):02d}", p.name, p.division_type.value) for p in Province.iter_all()]
    wards = [
        (f"{int(w.code):05d}", w.name, w.division_type.value, f"{int(w.province_code):02d}")
        for w in Ward.iter_all()
    ]
    return source, provinces, wards


@transaction.atomic
def administrative_units_load(*, effective_from: dt.date = TWO_LEVEL_SYSTEM_START) -> dict:
    source, provinces, wards = _dataset()
    existing = {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    created = updated = 0

    def upsert(code, name, division_type, level, parent):
        nonlocal created, updated
        unit = existing.get(code)
        if unit is None:
            unit = AdministrativeUnit(code=code, effective_from=effective_from)
            created += 1
        elif (unit.name, unit.division_type, unit.parent_id, unit.effective_to) != (
            name,
            division_type,
            parent.pk if parent else None,
            None,
        ):
            updated += 1
        else:
            return unit
        unit.name, unit.division_type, unit.level, unit.parent = name, division_type, level, parent
        unit.effective_to, unit.source = None, source
        unit.save()
        existing[code] = unit
        return unit

    province_units = {
        code: upsert(code, name, kind, AdministrativeUnit.Level.PROVINCE, None)
        for code, name, kind in provinces
    }
    for code, name, kind, province_code in wards:
        upsert(code, name, kind, AdministrativeUnit.Level.COMMUNE, province_units[province_code])

    current_codes = set(province_units) | {code for code, *_rest in wards}
    closed = (
        AdministrativeUnit.objects.filter(effective_to__isnull=True)
        .exclude(code__in=current_codes)
        .update(effective_to=timezone.localdate())
    )
    return {"created": created, "updated": updated, "closed": closed, "source": source}
