"""Change history that people can read.

django-simple-history compares versions field by field (``diff_against``) and gives raw values:
``status`` "pending", ``commune`` 4127, ``decided_by`` 12. Every page that shows history (and the
admin's history, `portal.admin.HistoryAdmin`) goes through :func:`readable_history`, which gives
the field's label, choice labels, related records and people by their names, dates and yes/no
as people write them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager

EMPTY = "—"
# Bookkeeping fields nobody needs to read in a history.
ALWAYS_EXCLUDED = ("updated_at", "search_text", "created_at")


class KeptClassHistoryManager(HistoryManager):
    """django-simple-history's manager, its class made once: the library's descriptor calls
    `from_queryset` on every `instance.history`, which builds a new class (inspecting every
    queryset method) each time, and it reads `instance.history` for every history row it
    writes: a sixth of the Python of a staff edit of an organization (issue 18's write
    stream). Pass it as `HistoricalRecords(history_manager=KeptClassHistoryManager)`."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


@dataclass
class FieldChange:
    field: str  # the field's label (verbose_name)
    old: str
    new: str


@dataclass
class HistoryRow:
    record: object  # the historical record
    date: dt.datetime
    person: str  # who made the change, by name ("" when unknown: a task, the system)
    action: str  # "Created", "Changed", "Deleted"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def person_name(user) -> str:
    """A person's name as people write it: the full name, else the e-mail address."""
    if user is None:
        return ""
    full_name = (user.get_full_name() if hasattr(user, "get_full_name") else "") or ""
    return full_name.strip() or getattr(user, "email", "") or str(user)


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the version was written
        return None


class _Resolver:
    """Formats raw values of one model's fields, loading related records in one query each."""

    def __init__(self, model):
        self.model = model
        self.wanted: dict[type, set] = defaultdict(set)
        self.loaded: dict[type, dict] = {}

    def want(self, name: str, value) -> None:
        model_field = _model_field(self.model, name)
        if model_field is None or not model_field.is_relation:
            return
        related = model_field.related_model
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            key = self._key(model_field, item)
            if key is not None:
                self.wanted[related].add(key)

    @staticmethod
    def _key(model_field, item):
        if isinstance(item, dict):  # many-to-many: {"<model>": pk, "<other>": pk}
            target = model_field.m2m_target_field_name() if model_field.many_to_many else None
            names = [model_field.m2m_reverse_field_name()] if model_field.many_to_many else []
            for name in names + ([target] if target else []):
                if name in item:
                    return item[name]
            return next(iter(item.values()), None)
        if isinstance(item, models.Model):
            return item.pk
        return item

    def load(self) -> None:
        for related, keys in self.wanted.items():
            manager = getattr(related, "_base_manager", related.objects)  # type: ignore[attr-defined]
            self.loaded[related] = {obj.pk: obj for obj in manager.filter(pk__in=keys)}  # type: ignore[union-attr]

    def label(self, name: str) -> str:
        model_field = _model_field(self.model, name)
        if model_field is None:
            return name
        return str(capfirst(getattr(model_field, "verbose_name", name)))

    def display(self, name: str, value) -> str:
        model_field = _model_field(self.model, name)
        if value is None or value == "" or value == []:
            return EMPTY
        if model_field is None:
            return str(value)
        if model_field.is_relation:
            related = model_field.related_model
            values = value if isinstance(value, list | tuple) else [value]
            shown = []
            for item in values:
                key = self._key(model_field, item)
                obj = (
                    item
                    if isinstance(item, models.Model)
                    else self.loaded.get(related, {}).get(key)
                )
                if obj is None:
                    shown.append(_("(removed record %(id)s)") % {"id": key})
                elif hasattr(obj, "get_full_name") and hasattr(obj, "email"):
                    shown.append(person_name(obj))
                else:
                    shown.append(str(obj))
            return ", ".join(shown) or EMPTY
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, dt.datetime):
            return formats.date_format(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        if hasattr(value, "name") and hasattr(value, "url"):  # a file
            return value.name.rsplit("/", 1)[-1] if value.name else EMPTY
        return str(value)


def _action(record) -> str:
    return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}.get(
        record.history_type, str(record.history_type)
    )


def readable_history(
    records: Iterable, *, excluded_fields: Sequence[str] = (), keep_empty: bool = False
) -> list[HistoryRow]:
    """Rows for historical records listed newest first, each with its changes from the one
    before. Versions without a visible change are left out unless ``keep_empty``."""
    records = list(records)
    if not records:
        return []
    model = records[0].instance_type
    excluded = [*ALWAYS_EXCLUDED, *excluded_fields]
    resolver = _Resolver(model)
    deltas: list = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if older is None:
            deltas.append([])
            continue
        delta = newer.diff_against(older, excluded_fields=excluded, foreign_keys_are_objs=False)
        deltas.append(delta.changes)
        for change in delta.changes:
            resolver.want(change.field, change.old)
            resolver.want(change.field, change.new)
    resolver.load()
    rows = []
    for record, changes in zip(records, deltas, strict=True):
        readable = [
            FieldChange(
                field=resolver.label(c.field),
                old=resolver.display(c.field, c.old),
                new=resolver.display(c.field, c.new),
            )
            for c in changes
        ]
        readable = [c for c in readable if c.old != c.new]
        if not readable and record.history_type == "~" and not keep_empty:
            continue
        rows.append(
            HistoryRow(
                record=record,
                date=record.history_date,
                person=person_name(record.history_user),
                action=_action(record),
                reason=record.history_change_reason or "",
                changes=readable,
            )
        )
    return rows
