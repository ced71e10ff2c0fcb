"""Pickers: searchable, server-side autocompletes for choices with many rows (organizations,
communes, support activities, courses, experts), built on django-autocomplete-light's Select2
widgets.

- `Picker` / `MultiPicker` are the form widgets. They carry no media of their own: the page
  loads the picker scripts once (`{% picker_assets %}` in base.html, when the page's context
  holds a form with a picker), because loading DAL's Select2 twice breaks it ("select2 has
  already been registered"). DAL initialises every picker it sees, also in content htmx
  swaps in later (it watches the page with a MutationObserver).
- `PickerView` is the endpoint's base: the same permission function as the forms that use
  it, accent-insensitive search on the model's `search_text` column (`portal.text`), 20
  results a page.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from dal import autocomplete
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .text import filter_search

PAGE_SIZE = 20

# The scripts and styles of the pickers, in the order they must load (jQuery first; DAL's
# own scripts after Select2). Everything is served from this site's static files.
ASSETS_JS = (
    "vendor/jquery/jquery.min.js",
    "vendor/select2/select2.full.min.js",
    "autocomplete_light/autocomplete_light.min.js",
    "autocomplete_light/select2.min.js",
    "vendor/select2/i18n/vi.js",
    "js/pickers.js",
)
ASSETS_CSS = (
    "vendor/select2/select2.min.css",
    "autocomplete_light/select2.css",
    "css/pickers.css",
)


class PickerMixin:
    """A Select2 autocomplete on `url`: type to search, arrows and Enter to choose."""

    picker = True

    def __init__(self, url=None, *, query=None, placeholder=None, attrs=None, **kwargs):
        """`url`: the endpoint's URL name (or a path); `query`: its fixed parameters."""
        self.query = query or {}
        attrs = {
            "data-placeholder": placeholder or _("Type to search…"),
            "data-minimum-input-length": 0,
            "data-allow-clear": "true",
            "data-width": "100%",
            "data-picker": "",
            **(attrs or {}),
        }
        super().__init__(url=url, attrs=attrs, **kwargs)

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        # The scripts load Select2's Vietnamese messages themselves.
        attrs.pop("data-autocomplete-light-language", None)
        attrs["data-autocomplete-light-language"] = "vi"
        return attrs

    def _get_url(self):
        url = super()._get_url()
        return f"{url}?{urlencode(self.query, doseq=True)}" if url and self.query else url

    url = property(_get_url, autocomplete.ModelSelect2._set_url)

    @property
    def media(self):
        return forms.Media()  # loaded once per page by {% picker_assets %}


class Picker(PickerMixin, autocomplete.ModelSelect2):
    """Choose one row."""


class MultiPicker(PickerMixin, autocomplete.ModelSelect2Multiple):
    """Choose several rows."""


def form_has_picker(form) -> bool:
    return any(getattr(field.widget, "picker", False) for field in form.fields.values())


class PickerView(autocomplete.Select2QuerySetView):
    """The base of every picker endpoint: who may use it, what it searches, how it pages.

    Subclasses set `permission` (a `(allowed, reason)` function of the user, the same one the
    forms' views use) and implement `base_queryset()`."""

    paginate_by = PAGE_SIZE
    permission: Callable | None = None
    search_field = "search_text"

    def dispatch(self, request, *args, **kwargs):
        if self.permission is not None:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed, reason = type(self).permission(request.user)
            if not allowed:
                raise PermissionDenied(reason)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return filter_search(self.base_queryset(), self.q, self.search_field)

    def post(self, request, *args, **kwargs):
        raise PermissionDenied  # pickers never create rows


def use_picker(field, widget):
    """Give a form's model choice field `widget` after its queryset was set (a field hands
    its choices to its widget only when they change)."""
    widget.is_required = field.required
    widget.attrs.update(field.widget_attrs(widget))
    field.widget = widget
    widget.choices = field.choices
    return widget
