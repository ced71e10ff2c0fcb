"""Model choice fields that refuse ids the database cannot hold.

Django passes a submitted id straight to the database; an integer beyond 64 bits then raises
OverflowError (SQLite) or DataError (PostgreSQL) and the user gets a 500 instead of "select a
valid choice". Installed once from PortalConfig.ready() so every form in the project is
covered, including admin and django-filter forms."""

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _out_of_range(field: ModelChoiceField, value) -> bool:
    if field.queryset is None:
        return False
    model = field.queryset.model
    key_field = (
        model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    )
    if not isinstance(key_field, models.IntegerField | models.AutoField):
        return False
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False  # Django reports non-numbers itself
    return not BIGINT_MIN <= number <= BIGINT_MAX


def install() -> None:
    if getattr(ModelChoiceField, "_nscl_range_checked", False):
        return
    original_to_python = ModelChoiceField.to_python
    # Django's private hook, typed by no stub: patched here once for every form.
    original_check_values = ModelMultipleChoiceField._check_values  # type: ignore[attr-defined]

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return original_to_python(self, value)

    def _check_values(self, value):
        for item in value or ():
            if _out_of_range(self, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return original_check_values(self, value)

    ModelChoiceField.to_python = to_python  # type: ignore[method-assign]
    ModelMultipleChoiceField._check_values = _check_values  # type: ignore[attr-defined]
    ModelChoiceField._nscl_range_checked = True  # type: ignore[attr-defined]
