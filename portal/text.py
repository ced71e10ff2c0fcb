"""Text helpers shared by the apps: accent-insensitive search keys, slugs from Vietnamese and
dates written in words as administrative documents write them."""

import datetime as dt
import re
import unicodedata

from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
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


# The shortest word a trigram index (pg_trgm) can look up: a shorter one gives it no trigram.
TRIGRAM_LENGTH = 3


def filter_search(queryset, query: str, field: str = "search_text"):
    """Keep rows whose `field` contains every word of `query`, accents ignored.

    A word shorter than three letters ("5s", "co") is tested on the rows the longer words
    found, or on the table, never through the trigram index: PostgreSQL would read that index
    whole for it (10 s at 1,000,000 organizations, where reading the table takes 0.7 s)."""
    for term in search_terms(query):
        if len(term) < TRIGRAM_LENGTH:
            queryset = queryset.alias(
                **{f"_{field}_unindexed": Concat(F(field), Value(""), output_field=TextField())}
            ).filter(**{f"_{field}_unindexed__contains": term})
        else:
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


# --- Vietnamese alphabetical order ---------------------------------------------------------
# The alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), then the tones in
# dictionary order (none, huyền, hỏi, ngã, sắc, nặng), compared only when the letters are equal,
# as PostgreSQL's ICU collation "vi-x-icu" does. Letters outside the alphabet (f, j, w, z,
# digits) keep their place in the Latin order.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}


def _vietnamese_letters(text: str):
    """(letter, tone) for each character of `text`, letters folded to lower case."""
    for char in text.lower():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == "\u0302":
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u0306":
                base = "ă" if base == "a" else base
            elif mark == "\u031b":
                base = {"o": "ơ", "u": "ư"}.get(base, base)
        yield base, tone


def vietnamese_sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese text in dictionary order: "Ăn" after "An", "Xã Đông" after
    "Xã Dương", "Hà Hòa" before "Hạ Hòa" before "Hà Nam"."""
    letters = list(_vietnamese_letters(text or ""))
    # Spaces and punctuation sort before every letter ("Hà Nam" before "Hàm"), as in a
    # dictionary; digits after them, then the letters.
    primary = tuple(
        (2, _RANK[letter]) if letter in _RANK else (1 if letter.isdigit() else 0, ord(letter))
        for letter, _tone in letters
    )
    secondary = tuple(tone for _letter, tone in letters)
    tertiary = tuple(char.isupper() for char in (text or ""))
    return primary, secondary, tertiary
