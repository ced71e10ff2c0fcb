"""Text helpers shared by the apps: accent-insensitive search keys, slugs from Vietnamese and
dates written in words as administrative documents write them."""

import datetime as dt
import re

from django.utils.text import slugify
from django.utils.translation import gettext as _
from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_key(*parts) -> str:
    """Lower-case ASCII text for accent-insensitive search ("Công ty Cơ khí" -> "cong ty co khi").

    Vietnamese đ/Đ become d; runs of white space and control characters (a NUL byte, which
    PostgreSQL refuses in a query) become one space."""
    text = " ".join(str(part) for part in parts if part)
    return _SPACES.sub(" ", _CONTROL.sub(" ", unidecode(text)).lower()).strip()


def search_terms(query: str) -> list[str]:
    """The words of a search box, normalized like `search_key` (empty list for a blank query)."""
    return [term for term in search_key(query).split(" ") if term]


def filter_search(queryset, query: str, field: str = "search_text"):
    """Keep rows whose `field` contains every word of `query`, accents ignored."""
    for term in search_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def slug_base(title: str, max_length: int = 80) -> str:
    """An ASCII slug from a Vietnamese title, cut at a word boundary."""
    slug = slugify(unidecode(title or ""))
    if len(slug) > max_length:
        slug = slug[: max_length + 1]
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:max_length]
    return slug.strip("-")


def unique_slug(
    model, title: str, *, instance=None, field: str = "slug", fallback: str = "bai-viet"
):
    """A slug for `title` not used by another row of `model` (suffixes -2, -3, ... when taken)."""
    base = slug_base(title) or fallback
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def date_in_words(value: dt.date | dt.datetime) -> str:
    """A date in words as Decree 30/2020/NĐ-CP writes it on administrative documents (the
    PDFs' place-and-date lines): "ngày 05 tháng 01 năm 2026", "ngày 15 tháng 3 năm 2026".

    Days below 10 and the months 1 and 2 take a leading zero; other months do not. A
    datetime is read in the current time zone."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return _("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{value.day:02d}",
        "month": month,
        "year": value.year,
    }
