"""Form widgets rendered in Python, to the byte what Django's own widget templates render.

Every `<select>` Django renders goes through three templates per option (`select.html`
including `select_option.html` including `attrs.html`), about 0.2 ms an option: a staff list's
filter bar with its status, kind, size, industry section, solution and year choices spent more
time there than in its queries, and the review queue's 150 communes took a third of the page.
The markup these templates produce is small and fixed, so this renderer writes it directly for
the plain widgets (text-like inputs, textareas, selects and their options) and hands anything
else (checkbox lists, multi-widgets, form and field layouts, error lists, templates a project
or an app overrides) to Django's template renderer unchanged.

`tests/portal/test_form_renderer.py` renders every form of the apps and a set of edge cases
(option groups, safe and unsafe text, lazy labels, numbers, dates, boolean attributes) both
ways and requires the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
OPTION = WIDGETS + "select_option.html"
# The widget templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(
    WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "hidden",
        "number",
        "email",
        "url",
        "password",
        "search",
        "tel",
        "color",
        "date",
        "datetime",
        "time",
        "checkbox",
        "file",
    )
)
_DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
# What `{{ value }}` does in a template rendered by a form renderer (autoescape on, the active
# time zone and formats).
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps safe text safe)."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - exactly what the stringformat filter does
    except (ValueError, TypeError):
        text = ""
    return _text(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict) -> str:
    """`{% include "django/forms/widgets/attrs.html" %}`."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _text(name))
        if value is not True:
            parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 - as the template
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None  # another option template: rendered by the template
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with the plain widgets written in Python."""

    @cached_property
    def _fast(self) -> dict[str, Callable[[dict], str | None]]:
        """The templates written here, unless a project or an app overrides one of them (then
        that template renders it, as Django would)."""
        candidates: dict[str, Callable[[dict], str | None]] = {
            **dict.fromkeys(INPUTS, _input),
            WIDGETS + "textarea.html": _textarea,
            WIDGETS + "select.html": _select,
        }
        templates = (*candidates, OPTION, WIDGETS + "attrs.html")
        for name in templates:
            origin = Path(self.get_template(name).origin.name)
            if _DJANGO_TEMPLATES not in origin.parents:
                return {}
        return candidates

    def render(self, template_name, context, request=None):
        fast = self._fast.get(template_name)
        if fast is not None and request is None:
            html = fast(context["widget"])
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
