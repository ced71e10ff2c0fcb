"""Filters the apps' list pages share (django-filter)."""

import django_filters
from django import forms

from .views.helpers import YEAR_MAX, YEAR_MIN


class YearFilter(django_filters.NumberFilter):
    """A year, 1900–2100: anything else is a form error next to the field, never a year the
    database or Python's date cannot hold (`?year=99999999999999999999` was a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
