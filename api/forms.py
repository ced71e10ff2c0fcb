import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Scope


class ApiTokenForm(forms.Form):
    client_name = forms.CharField(
        label=_("Client"),
        max_length=200,
        help_text=_("Who will use the token, e.g. the national program office (STAMEQ)."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The closed years' figures, the indicators, the reports list and the award "
            "winners are public; a token opens what is ticked here."
        ),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("dd/mm/yyyy; at most three years ahead."),
    )
    note = ApiToken._meta.get_field("note").formfield(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "expires_on": timezone.localdate() + dt.timedelta(days=365),
                "scopes": [Scope.PROVISIONAL, Scope.REPORTS],
            },
        )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "client_name",
            "scopes",
            "expires_on",
            "note",
            Submit("issue", _("Issue the token"), css_class="btn-primary"),
        )

    def clean_client_name(self):
        name = self.cleaned_data["client_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter who will use the token."))
        return name
