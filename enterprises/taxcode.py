"""Vietnamese tax codes (mã số thuế).

- 10 digits with a check digit (python-stdnum `vn.mst`);
- a branch: the parent's 10 digits, a dash and 3 digits (`0100233488-001`);
- since 1/7/2025 a household business uses its owner's 12-digit personal identification
  number, which has no check digit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.vn import mst

PERSONAL_ID_RE = re.compile(r"^\d{12}$")


@lru_cache(maxsize=8192)
def normalize_tax_code(value: str) -> str:
    """The stored form: `0100233488`, `0100233488-001` or a 12-digit personal ID. (Cached: an
    import normalizes each row's code when reading, validating and writing it.)"""
    if value and (len(value) == 10 or len(value) == 12) and value.isascii() and value.isdigit():
        # Already the stored form (the usual case): what the rules below return unchanged. An
        # import of more codes than the cache holds would otherwise miss on every one of them.
        return value
    raw = (value or "").strip()
    compact = re.sub(r"[\s.\-]", "", raw)
    if PERSONAL_ID_RE.match(compact):
        return compact
    if compact.isdigit() and len(compact) in (10, 13):
        return mst.format(compact)
    return raw


def is_personal_id(value: str) -> bool:
    return bool(PERSONAL_ID_RE.match(value or ""))


_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)  # `mst.calc_check_digit`'s
_ZEROS = ord("0") * sum(_WEIGHTS)


def _check_digit(digits: str) -> str:
    """`mst.calc_check_digit(digits)` for ASCII digits, summed in C: the weighted sum of the
    character codes less that of nine zeros is the weighted sum of the digits (stdnum's
    generator expression was two thirds of an import's tax-code checks)."""
    return str(10 - (sum(map(mul, _WEIGHTS, digits[:9].encode())) - _ZEROS) % 11)


def validate_tax_code(value: str) -> None:
    value = normalize_tax_code(value)
    if is_personal_id(value):
        return
    try:
        if len(value) == 10 and value.isascii() and value.isdigit():
            # The usual code: `mst.validate`'s own checks for ten digits, without its
            # separator-stripping pass (a third of an import's tax-code validation).
            if value[2:9] == "0000000":
                raise stdnum_exceptions.InvalidComponent()
            if value[9] != _check_digit(value):
                raise stdnum_exceptions.InvalidChecksum()
        else:
            mst.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The tax code's check digit is wrong: please check the number."),
            code="tax_code_checksum",
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _(
                "Enter a tax code of 10 digits, 10 digits-NNN for a branch, or a 12-digit "
                "personal ID for a household business."
            ),
            code="tax_code_format",
        ) from None


def mst_check_digit(first_nine: str) -> str | None:
    """The check digit for nine digits, or None when no digit fits (the sum gives 10)."""
    digit = mst.calc_check_digit(first_nine)
    return digit if len(digit) == 1 else None
