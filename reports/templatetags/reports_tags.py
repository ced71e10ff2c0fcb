"""Formatting of figures for the dashboard and the PDF (numbers in the active language's
format: 1.234.567 in Vietnamese, money with the portal's `vnd`: 1.234.567 đ)."""

import datetime as dt

from django import template
from django.utils.formats import number_format

from portal.templatetags.portal_format import vnd

from ..figures import figure_display_name
from ..models import Indicator
from ..status import STATUS_COLOURS, STATUS_LABELS, Status

register = template.Library()


@register.filter
def num(value, decimals=None):
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float) and decimals is None:
        decimals = 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@register.filter
def figure_value(value, unit):
    """A figure in its unit: money with ₫, counts as plain numbers."""
    return vnd(value) if unit == Indicator.Unit.VND else num(value)


@register.filter
def status_label(code):
    try:
        return STATUS_LABELS[Status(code)]
    except ValueError:
        return code or "—"


@register.filter
def status_colour(code):
    try:
        return STATUS_COLOURS[Status(code)]
    except ValueError:
        return "secondary"


@register.filter
def unit_label(code):
    try:
        return Indicator.Unit(code).label
    except ValueError:
        return code


@register.filter
def counting_label(code):
    try:
        return Indicator.Counting(code).label
    except ValueError:
        return code


@register.filter
def isodate(value):
    """An ISO date string from a snapshot as a date (to pipe into |date)."""
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def figure_name(figure):
    return figure_display_name(figure)


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)
