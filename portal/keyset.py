"""Keyset pagination: pages by the list's sort key and the id, so page 4,000 costs what page 1
costs (OFFSET reads and throws away every row before the page).

The page after (or before) a row is found with a condition on the sort columns that an index
on them (`(name, id)`, `(date DESC, id DESC)`) answers directly. The address carries a cursor
instead of a page number: `?after=<cursor>` or `?before=<cursor>`, the sort values of the
last (first) row shown, so links stay valid while rows are added.

Any list whose queryset is ordered by concrete, non-null fields can use it: the order is read
from the queryset (`order_by(...)`, else the model's `Meta.ordering`) and the primary key is
added as the last tie-breaker, so a sortable list only has to order its queryset.

A column sorted in a collation (`Collate(F("name"), "vi-x-icu")`, the registry's Vietnamese
name order, `portal.lists.vietnamese`) pages by cursor too: the comparison with the cursor is
made in the same collation as the ORDER BY, so an index on the collated expression and the id
(`enterprises` migration 0014) answers both.

    page = keyset_page(request, queryset, per_page=25)
    {% include "includes/keyset_pagination.html" %}
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.functions import Collate
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.utils.functional import cached_property

AFTER, BEFORE = "after", "before"


class InvalidCursor(ValueError):
    pass


class Key(NamedTuple):
    """One sort column: its field name ("pk" for the primary key), its direction, and the
    collation its text is compared in (None: the column's own)."""

    name: str
    descending: bool
    collation: str | None = None

    def expression(self):
        return Collate(F(self.name), self.collation) if self.collation else F(self.name)

    def order(self):
        """The ORDER BY term, plain ASC / DESC: the columns are never empty, and the default
        NULLS placement is what an index (scanned either way) gives."""
        expression = self.expression()
        return expression.desc() if self.descending else expression.asc()


def ordering(queryset: QuerySet) -> list[Key]:
    """[Key(field name, descending, collation)] of the queryset, ending with the primary key."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    result = []
    for item in order:
        collation = None
        if isinstance(item, OrderBy) and isinstance(item.expression, F):
            # `F("date").desc(nulls_last=True)` (the lists' sort): a plain column.
            name, descending = item.expression.name, item.descending  # type: ignore[attr-defined]
        elif (
            isinstance(item, OrderBy)
            and isinstance(item.expression, Collate)
            and isinstance(item.expression.get_source_expressions()[0], F)
        ):
            # `Collate(F("name"), "vi-x-icu").asc()`: the Vietnamese name order.
            name = item.expression.get_source_expressions()[0].name
            descending, collation = item.descending, item.expression.collation  # type: ignore[attr-defined]
        elif isinstance(item, str):
            name, descending = item.lstrip("-"), item.startswith("-")
        else:
            raise TypeError(f"Keyset pagination needs field names to order by, not {item!r}")
        pk = name == queryset.model._meta.pk.name
        result.append(Key("pk" if pk else name, descending, collation))
    if not any(key.name == "pk" for key in result):
        result.append(Key("pk", result[-1].descending if result else False))
    return result


def applies(queryset: QuerySet) -> bool:
    """Whether the queryset's order is one keyset pagination can follow: the model's own
    columns (in a collation or not), none of which may be empty. A list sorted by another
    expression or by a related or nullable column pages by number instead."""
    try:
        order = ordering(queryset)
    except TypeError:
        return False
    for name, _desc, _collation in order:
        if name == "pk":
            continue
        try:
            column = queryset.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if getattr(column, "null", True) or not getattr(column, "concrete", False):
            return False
    return True


def _encode(values: list) -> str:
    plain = [v if isinstance(v, int | str) or v is None else str(v) for v in values]
    raw = json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, model, order) -> list:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor(token) from exc
    if not isinstance(values, list) or len(values) != len(order):
        raise InvalidCursor(token)
    decoded = []
    for (name, _desc, _collation), value in zip(order, values, strict=True):
        try:
            model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            decoded.append(model_field.to_python(value))
        except FieldDoesNotExist:
            decoded.append(value)  # an annotation: the JSON value as it is
        except ValidationError as exc:
            raise InvalidCursor(token) from exc
    if any(value is None for value in decoded):
        raise InvalidCursor(token)
    return decoded


def _compare(key: Key, value, lookup) -> Q:
    """`key <lookup> value`, in the key's collation when it has one (the same as the ORDER
    BY's, or the index on the collated expression is not used and the order differs)."""
    return Q(lookup(key.expression(), value))


def beyond(order: list[Key], values: list) -> Q:
    """Rows strictly after `values` in `order`: (a > x) OR (a = x AND (b > y …)), with
    `a >= x` in front so the index scan starts at the cursor."""
    condition = None
    for key, value in reversed(list(zip(order, values, strict=True))):
        strict = _compare(key, value, LessThan if key.descending else GreaterThan)
        if condition is None:
            condition = strict
        else:
            condition = strict | (_compare(key, value, Exact) & condition)
    first = order[0]
    start = _compare(first, values[0], LessThanOrEqual if first.descending else GreaterThanOrEqual)
    return start & condition  # type: ignore[operator]


@dataclass
class KeysetPage:
    object_list: list
    has_next: bool
    has_previous: bool
    next_query: str = ""
    previous_query: str = ""
    first_query: str = ""
    count_of: Callable[[], int] | None = field(default=None, repr=False)

    is_keyset = True  # templates choose the cursor links over page numbers

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @cached_property
    def paginator(self):
        """`page.paginator.count`, as with Django's pages (counted when a template asks)."""
        count = self.count_of() if self.count_of else len(self.object_list)
        return type("KeysetCount", (), {"count": count})()


def keyset_page(
    request, queryset: QuerySet, per_page: int = 25, count: Callable[[], int] | None = None
) -> KeysetPage:
    """The page the request's cursor names (the first without one). `count` gives the total
    shown above the list (e.g. a kept count); by default `queryset.count()`."""
    order = ordering(queryset)
    query = request.GET.copy()
    for name in (AFTER, BEFORE, "page"):
        query.pop(name, None)
    direction, token = None, None
    for name in (AFTER, BEFORE):
        if request.GET.get(name):
            direction, token = name, request.GET[name]
            break
    ordered = queryset.order_by(*[key.order() for key in order])
    rows = None
    if token is not None:
        try:
            values = _decode(token, queryset.model, order)
        except InvalidCursor:
            direction = None  # a damaged address shows the first page
        else:
            if direction == AFTER:
                rows = list(ordered.filter(beyond(order, values))[: per_page + 1])
            else:
                reverse = [key._replace(descending=not key.descending) for key in order]
                backwards = queryset.order_by(*[key.order() for key in reverse])
                rows = list(backwards.filter(beyond(reverse, values))[: per_page + 1])
    if rows is None:
        direction = None
        rows = list(ordered[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if direction == BEFORE:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = direction == AFTER, more

    def link(name: str, row) -> str:
        values = [getattr(row, key.name) for key in order]
        linked = query.copy()
        linked[name] = _encode(values)
        return linked.urlencode()

    return KeysetPage(
        object_list=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_query=link(AFTER, rows[-1]) if rows and has_next else "",
        previous_query=link(BEFORE, rows[0]) if rows and has_previous else "",
        first_query=query.urlencode(),
        count_of=count or queryset.count,
    )
