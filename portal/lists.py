"""What every staff list shares: filters that apply only when chosen, the active filters named
on the page with a one-click reset, sorting by a column header, and Vietnamese name order.

A list's filter set derives from `StaffListFilter` and declares a `SortFilter` named `o`:

    class ThingFilter(StaffListFilter):
        status = django_filters.ChoiceFilter(choices=..., label=_("Status"))
        o = SortFilter({"name": "name", "created": "created_at"}, collated={"name"})

Every choice starts with an empty "All" choice that filters nothing; the filter set is always
bound to the request's query (never to invented defaults), so what the page shows is exactly
what its address says, and an export started from the page (`portal.exports`) reads the same
address.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

ALL_LABEL = _("All")
SORT_PARAM = "o"
PAGE_PARAM = "page"
# PostgreSQL's ICU collation for Vietnamese: a ă â b c d đ e ê … with the tones after the
# letter, not code point order (where "Đ" sorts after "Z").
VIETNAMESE_COLLATION = settings.VIETNAMESE_COLLATION


def vietnamese(field: str):
    """An expression ordering `field` in Vietnamese order on PostgreSQL; the field itself on
    other databases (SQLite in the quick tests: code point order)."""
    if connection.vendor == "postgresql":
        return Collate(F(field), VIETNAMESE_COLLATION)
    return F(field)


class SortFilter(django_filters.ChoiceFilter):
    """The list's order, `?o=name` or `?o=-name`, one column at a time, always followed by the
    primary key so that equal values keep one order across pages and in the export.

    `fields` maps the parameter to a model field path (or a tuple of them, sorted in turn);
    parameters in `collated` sort in Vietnamese order. `default` is the order without a parameter (a parameter, with or without "-")."""

    def __init__(
        self, fields: dict[str, str | tuple[str, ...]], *, collated=(), default: str = "", **kwargs
    ):
        self.sort_fields = dict(fields)
        self.collated = set(collated)
        self.default = default
        choices = []
        for param in self.sort_fields:
            choices += [(param, param), (f"-{param}", f"-{param}")]
        kwargs.setdefault("label", _("Sort by"))
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(choices=choices, **kwargs)

    def filter(self, qs, value):
        value = value or self.default
        if not value:
            return qs.order_by(*qs.query.order_by, "pk") if qs.query.order_by else qs
        descending = value.startswith("-")
        param = value.lstrip("-")
        fields = self.sort_fields[param]
        fields = (fields,) if isinstance(fields, str) else fields
        terms = []
        for index, name in enumerate((*fields, "pk")):
            # The parameter's first field is the text sorted in Vietnamese order.
            expression = vietnamese(name) if param in self.collated and index == 0 else F(name)
            terms.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*terms)


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_query: str  # the address's query without this filter (and without the page)


class StaffListFilter(django_filters.FilterSet):
    """A staff list's filters: small Bootstrap widgets laid out in one row, every choice with
    an empty "All" that filters nothing, and what is active named for the page."""

    def __init__(self, data=None, *args, **kwargs):
        # Always bound, to the query as it is: an empty query filters nothing and the default
        # order still applies; nothing is ever filtered by a value the user did not choose.
        if data is None:
            data = QueryDict()
        super().__init__(data, *args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = ALL_LABEL  # model choices and django-filter's choices
                field.widget.choices = field.choices  # the widget may hold the old label
            elif isinstance(field, forms.ChoiceField):
                choices = [choice for choice in field.choices if choice[0] not in ("", None)]
                field.choices = [("", ALL_LABEL), *choices]
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm"
            )
            widget.attrs.setdefault("class", css)

    @property
    def sort(self) -> str:
        """The order the list is in, as its parameter ("name", "-name" or "")."""
        value = self.form.cleaned_data.get(SORT_PARAM) if self.form.is_valid() else ""
        if not value and SORT_PARAM in self.filters:
            value = self.filters[SORT_PARAM].default
        return value or ""

    def applied(self) -> dict:
        """The filters the address applies, {name: cleaned value} (the sort is not a filter):
        what the chips above a list name, and what a kept total is looked up by."""
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {
            name: value
            for name, value in cleaned.items()
            if name != SORT_PARAM and value not in (None, "", [], ())
        }

    def active(self) -> list[ActiveFilter]:
        """The filters the address applies, each with the query that drops it (hidden ones,
        such as the ledger's batch, are named too: nothing is filtered out of sight)."""
        applied = self.applied()
        found = []
        for name, field in self.form.fields.items():
            if name not in applied:
                continue
            value = applied[name]
            query = self.data.copy()
            query.pop(name, None)
            query.pop(PAGE_PARAM, None)
            found.append(ActiveFilter(str(field.label), _shown(field, value), query.urlencode()))
        return found

    def reset_query(self) -> str:
        """The address without any filter, keeping the order."""
        sort = self.data.get(SORT_PARAM)
        return f"{SORT_PARAM}={sort}" if sort else ""


def _shown(field, value) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        for key, label in field.choices:  # type: ignore[union-attr,misc]
            if str(key) == str(value):
                return str(label)
    return str(value)


def sort_link(query: QueryDict, param: str, current: str) -> tuple[str, str]:
    """The query that sorts by `param` (ascending, or descending when it is already ascending)
    and the column's state: "asc", "desc" or ""."""
    state = "asc" if current == param else "desc" if current == f"-{param}" else ""
    target = f"-{param}" if state == "asc" else param
    query = query.copy()
    query.pop(PAGE_PARAM, None)
    query[SORT_PARAM] = target
    return query.urlencode(), state
