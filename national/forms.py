from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProvincialPortal
from .provinces import provinces


class ProvincialPortalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    province_code = forms.ChoiceField(label=_("Province"))
    base_url = forms.URLField(
        label=_("Portal address"),
        max_length=300,
        assume_scheme="https",
        help_text=ProvincialPortal._meta.get_field("base_url").help_text,
    )
    token = forms.CharField(
        label=_("API token"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    active = forms.BooleanField(
        label=_("Pulled on schedule"),
        required=False,
        initial=True,
        help_text=ProvincialPortal._meta.get_field("active").help_text,
    )

    def __init__(self, *args, portal: ProvincialPortal | None = None, **kwargs):
        if portal is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": portal.name,
                    "province_code": portal.province_code,
                    "base_url": portal.base_url,
                    "active": portal.active,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (code, f"{code} – {name}") for code, name in provinces()
        ]
        if portal is not None and portal.token_hint:
            self.fields["token"].help_text = _(
                "A token ending in …%(hint)s is stored (never shown). Leave empty to keep it, "
                "or paste a new one."
            ) % {"hint": portal.token_hint}
        else:
            self.fields["token"].required = True
            self.fields["token"].help_text = _(
                "The token the province's staff issued for the national office. It is stored "
                "encrypted and never shown again."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Save")))

    def clean_name(self):
        return self.cleaned_data["name"].strip()
