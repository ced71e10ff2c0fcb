"""Checks of single values used by the models."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst


def validate_tax_code(value: str) -> None:
    """A Vietnamese enterprise tax code (mã số thuế): 10 digits, or 13 for a branch.

    Stricter than `enterprises.taxcode.validate_tax_code`: a consultant is a company, so the
    12-digit personal ID of a household business is refused. Values are normalized with
    `enterprises.taxcode.normalize_tax_code` before they get here."""
    try:
        mst.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("Enter a valid tax code: 10 digits, or 10 digits-NNN for a branch."),
            code="invalid_tax_code",
        ) from exc
