"""Checks of single values used by the models, forms and services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst


def validate_tax_code(value: str) -> None:
    """A Vietnamese enterprise tax code (mã số thuế): 10 digits, or 13 for a branch."""
    try:
        mst.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("Enter a valid tax code: 10 digits, or 10 digits-NNN for a branch."),
            code="invalid_tax_code",
        ) from exc


def normalize_tax_code(value: str) -> str:
    """`0100233488001` and `0100233488-001` are the same code; store the dashed form."""
    try:
        return mst.format(value)
    except StdnumValidationError:
        return value.strip()
