"""Formatting shared by the portal's templates: money in whole đồng, dates in words."""

from decimal import Decimal

from django import template

from portal import text

register = template.Library()


@register.filter
def vnd(value) -> str:
    """Money the Vietnamese way, whatever the page's language: 1234567 -> "1.234.567 đ"
    (dots between thousands, whole đồng, a no-break space before "đ"); "—" when there is no
    amount. The project's one money filter."""
    if value is None or value == "":
        return "—"
    try:
        amount = int(round(Decimal(str(value))))
    except (ArithmeticError, TypeError, ValueError):
        return str(value)
    return f"{amount:,}".replace(",", ".") + "\u00a0đ"


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
