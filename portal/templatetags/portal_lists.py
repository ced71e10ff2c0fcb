"""Column headers that sort a staff list, and its filter bar (portal.lists)."""

from django import template

from portal.lists import sort_link as _sort_link

register = template.Library()


@register.inclusion_tag("includes/sort_header.html")
def sort_header(filterset, param: str, label: str, css: str = ""):
    """A table header cell whose link sorts the list by `param` (again: the other way), keeping
    the filters; the current order is marked for the eye and for screen readers."""
    query, state = _sort_link(filterset.data, param, filterset.sort)
    return {"query": query, "state": state, "label": label, "css": css}


@register.inclusion_tag("includes/sort_link.html")
def sort_link(filterset, param: str, label: str):
    """The same as `sort_header`, as a link (for lists laid out as cards)."""
    query, state = _sort_link(filterset.data, param, filterset.sort)
    return {"query": query, "state": state, "label": label}
