"""Formatting shared by the portal's templates: money in whole đồng, dates in words."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from portal import text

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1234567 -> "1.234.567 ₫" (the separator follows the active language)."""
    if value in (None, ""):
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{intcomma(amount)}\u00a0₫"


@register.filter
def get_item(mapping, key):
    """`{{ counts|get_item:value }}`: a dictionary's value by a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def date_in_words(value) -> str:
    """`{{ issued_on|date_in_words }}` -> "ngày 05 tháng 01 năm 2026" (Decree 30/2020)."""
    if not value:
        return ""
    return text.date_in_words(value)
