from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """Whole đồng with dots between thousands: 1.234.567 ₫ (empty for None)."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".") + " ₫"


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()
