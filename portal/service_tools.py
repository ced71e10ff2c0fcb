"""Pieces every app's services share: setting fields on a row, and the reason a decision needs.

- `model_update(instance=..., fields=..., data=...)` sets the given values on a row and returns
  the names that changed (for `save(update_fields=...)`); a name outside `fields` is a bug in
  the caller and raises TypeError, unless `ignore_unknown` says the data is a form's whole
  `cleaned_data` of which only `fields` are taken. Saving stays with the service, after its
  own checks and `full_clean()`.
- `require_reason(reason, message)` trims the reason and refuses a blank one with a
  ValidationError on the `reason` field (or the field named).
- `column_values(instance)` before a service sets fields and `changed_columns(instance, before)`
  after (with the values it derives from them): the columns to write with
  `save(update_fields=...)` and to tell which kept tallies and checks the edit concerns.
- `record_actor(instance, by)` names the acting user on the history row the next save writes
  (django-simple-history takes it from the request, but services also run from tasks and
  commands). Every service that changes a record takes `by` as a required keyword and calls
  it before saving; `by=None` is the system (see `portal.permissions.authorize`).

Status changes go through `portal.transitions.transition`, and the acting user's right to
make a change through `portal.permissions.authorize`.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _


def model_update(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: Mapping[str, Any],
    strip_text: bool = False,
    ignore_unknown: bool = False,
) -> list[str]:
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown and not ignore_unknown:
        raise TypeError(f"Unknown {type(instance).__name__} fields: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if name not in allowed:
            continue
        if strip_text and isinstance(value, str):
            value = value.strip()
        if _current(instance, name) != _comparable(instance, name, value):
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _current(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        return getattr(instance, f"{name}_id")  # the id: no query for the related row
    return getattr(instance, name)


def _comparable(instance: models.Model, name: str, value: Any) -> Any:
    field = instance._meta.get_field(name)
    if (field.many_to_one or field.one_to_one) and isinstance(value, models.Model):
        return value.pk
    return value


def column_values(instance: models.Model) -> dict[str, Any]:
    """The row's column values as they are now (by attname; deferred columns left out)."""
    deferred = instance.get_deferred_fields()
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    }


def changed_columns(instance: models.Model, before: Mapping[str, Any]) -> list[str]:
    """The columns (attnames) whose value differs from `before` (`column_values`)."""
    return [name for name, value in before.items() if getattr(instance, name) != value]


def record_actor(instance: models.Model, by: Any) -> None:
    """Name `by` as the author of the history row the next `save()` of `instance` writes."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by  # type: ignore[attr-defined]  # django-simple-history's hook


def require_reason(
    reason: str | None, message: str | Promise | None = None, *, field: str = "reason"
) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: message or _("Please give a reason.")})
    return reason
