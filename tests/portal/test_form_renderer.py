"""The Python widget renderer writes exactly what Django's widget templates write."""

import datetime as dt
import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from enterprises.models import Solution
from portal.form_renderer import FastWidgetRenderer
from tests.enterprises.factories import CommuneFactory, ProvinceFactory

TEMPLATES = DjangoTemplates()
FAST = FastWidgetRenderer()
APPS = ("portal", "enterprises", "trainings", "awards", "reports", "api", "national")


def both(form: forms.BaseForm) -> tuple[str, str]:
    """The form rendered by Django's templates, then by the fast renderer."""
    rendered = []
    for renderer in (TEMPLATES, FAST):
        form.renderer = renderer
        rendered.append(str(form.render()) + "".join(str(field) for field in form))
    return rendered[0], rendered[1]


def test_the_portal_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FastWidgetRenderer)


class EdgeCases(forms.Form):
    text = forms.CharField(
        initial='a "quoted" <b>value</b> & more',
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("All"), "data-x": 0}),
    )
    number = forms.DecimalField(initial=Decimal("1234.50"))
    whole = forms.IntegerField(initial=1234567, widget=forms.NumberInput(attrs={"step": 1}))
    when = forms.DateField(initial=dt.date(2026, 1, 5))
    at = forms.DateTimeField(initial=dt.datetime(2026, 1, 5, 7, 30, tzinfo=dt.UTC))
    flag = forms.BooleanField(initial=True, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<safe>&amp;"))
    empty = forms.CharField(required=False, widget=forms.TextInput(attrs={"autofocus": True}))
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": False}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x<y")
    email = forms.EmailField(initial="an@example.vn")
    note = forms.CharField(widget=forms.Textarea, initial='line 1\nline <2> & "3"')
    blank_note = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("All")),
            ("a&b", mark_safe("<i>A</i>")),
            ("Nhóm <1>", [("x", "Xê"), ("y", 'Y "quoted"')]),
            (3, 2026),
            (Decimal("1.5"), dt.date(2026, 3, 1)),
        ],
        initial="y",
    )
    many = forms.MultipleChoiceField(
        choices=[("1", "Một"), ("2", "Hai"), ("3", "Ba")], initial=["1", "3"]
    )
    year = forms.TypedChoiceField(choices=[(2026, "2026"), (2025, "2025")], coerce=int)
    nullable = forms.NullBooleanField()
    upload = forms.FileField(required=False, widget=forms.FileInput)
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), initial="#ff0000")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_edge_cases_render_the_same(language):
    with override(language):
        unbound = EdgeCases()
        bound = EdgeCases(
            data={
                "text": "<script>x</script>",
                "number": "12,5",
                "choice": "a&b",
                "many": ["2", "9"],
                "year": "2025",
                "nullable": "true",
            }
        )
        bound.is_valid()
        for form in (unbound, bound):
            templates, fast = both(form)
            assert fast == templates
    assert "&lt;script&gt;" in fast
    assert '<optgroup label="Nhóm &lt;1&gt;">' in fast


def _project_forms():
    """Every form class of the project's apps (their forms and filters modules)."""
    found = {}
    for app in APPS:
        for module_name in (f"{app}.forms", f"{app}.filters"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for name, value in vars(module).items():
                if inspect.isclass(value) and value.__module__ == module_name:
                    found[f"{module_name}.{name}"] = value
    return found


@pytest.mark.django_db
def test_every_form_and_filter_of_the_apps_renders_the_same():
    import django_filters

    province = ProvinceFactory()
    CommuneFactory(code="08290", name="Phường <Việt> Trì", parent=province)
    Solution.objects.create(
        code="thu-nghiem", name="ISO 9001 & <5S>", group=Solution.Group.PRODUCTIVITY_TOOLS
    )
    rendered = 0
    for path, klass in _project_forms().items():
        if issubclass(klass, django_filters.FilterSet):
            if klass._meta.model is None:
                continue
            data = QueryDict("q=c%C3%B4ng+ty&status=active&o=-name&year=2025")
            forms_to_check = [klass(QueryDict()).form, klass(data).form]
        elif issubclass(klass, forms.BaseForm) and not inspect.isabstract(klass):
            try:
                forms_to_check = [klass()]
            except Exception:  # noqa: BLE001, S112 - forms that need arguments are skipped
                continue
        else:
            continue
        for form in forms_to_check:
            form.is_bound and form.is_valid()
            templates, fast = both(form)
            assert fast == templates, path
            rendered += 1
    # The registry's, the ledger's and the review queue's filters at least, and most forms.
    assert rendered > 20
