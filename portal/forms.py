from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .clients import normalize_login
from .models import Article, CommunicationActivity, Policy, ProgramSettings, PublicationStatus
from .services import PROGRAM_SETTINGS_FIELDS


class EmailAuthenticationForm(AuthenticationForm):
    # 254 as the account's address: a longer one cannot be an account, and would otherwise
    # reach the failed-login record (255 characters) and end in a database error.
    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    # Set when the password was right but the account still waits for its e-mail confirmation:
    # a signed token the page's "send the link again" button posts.
    resend_token = ""

    def clean_username(self):
        # One spelling of the address for the look-up and the lock-out's count alike.
        return normalize_login(self.cleaned_data["username"])

    def get_invalid_login_error(self):
        """Only someone who gave the right password learns that the account waits for its
        e-mail confirmation; for anyone else the message stays the one for a wrong password,
        whether or not the address has an account."""
        from .signup import awaiting_confirmation_user, resend_token_for

        user = awaiting_confirmation_user(
            self.cleaned_data.get("username", ""), self.cleaned_data.get("password", "")
        )
        if user is None:
            return super().get_invalid_login_error()
        self.resend_token = resend_token_for(user)
        return forms.ValidationError(
            _(
                "Your e-mail address is not confirmed yet. Open the link in the message we "
                "sent you, or have the link sent again."
            ),
            code="unconfirmed",
        )


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form already answers the same whether or not the address exists."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


# --- Staff forms for the public site and the program data ---------------------------------
# Forms validate input and carry their crispy layout; the services do the rest.


def _buttons(*buttons):
    return Div(*buttons, css_class="d-flex gap-2 mt-3")


def _row(*fields: str) -> Row:
    """Fields side by side in equal columns on medium screens and up."""
    width = 12 // len(fields)
    return Row(*(Column(name, css_class=f"col-md-{width}") for name in fields))


class ArticleForm(forms.ModelForm):
    published_at = forms.DateTimeField(
        label=_("Publication date and time"),
        required=False,
        help_text=_(
            "dd/mm/yyyy hh:mm. Leave empty to use the moment you publish; a future date "
            "schedules the article."
        ),
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M"),
    )

    class Meta:
        model = Article
        fields = ["title", "category", "summary", "body", "author_name", "published_at"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "body": _(
                "The full text of the decision or policy, as plain text: leave an empty line "
                "between paragraphs."
            ),
            "summary": _("One or two sentences shown in lists and on the home page."),
        }

    def clean_published_at(self):
        value = self.cleaned_data.get("published_at")
        if value is None and self.instance.status == PublicationStatus.PUBLISHED:
            return self.instance.published_at  # a published article keeps its date
        return value

    def __init__(self, *args, can_publish: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        buttons = [Submit("save", _("Save"), css_class="btn-primary")]
        if can_publish:
            buttons.append(Submit("publish", _("Save and publish"), css_class="btn-success"))
        self.helper.layout = Layout(
            "title",
            _row("category", "author_name", "published_at"),
            "summary",
            "body",
            _buttons(*buttons),
        )


class CommunicationActivityForm(forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, max_length=200, assume_scheme="https")
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%d/%m/%Y"), help_text=_("dd/mm/yyyy")
    )

    class Meta:
        model = CommunicationActivity
        fields = [
            "title",
            "channel",
            "date",
            "partner",
            "people_reached",
            "organizations_reached",
            "cost",
            "link",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "cost": _("In whole đồng, without separators."),
            "people_reached": _("Readers, listeners or participants, as reported."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            _row("channel", "date", "partner"),
            _row("people_reached", "organizations_reached", "cost"),
            "link",
            "description",
            _buttons(Submit("save", _("Save"), css_class="btn-primary")),
        )


class PolicyForm(forms.ModelForm):
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("dd/mm/yyyy"),
    )
    effective_from = forms.DateField(
        label=_("Effective from"), required=False, widget=forms.DateInput(format="%d/%m/%Y")
    )
    effective_to = forms.DateField(
        label=_("In force until"),
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("Needed once the policy is no longer in force."),
    )
    # Not the model field: an upload replaces the stored file, no upload keeps it.
    decision_file = forms.FileField(
        label=_("Decision document (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("The signed decision as a PDF file; choosing a new file replaces the old one."),
    )

    class Meta:
        model = Policy
        fields = [
            "title",
            "status",
            "decision_number",
            "decision_date",
            "issuing_body",
            "effective_from",
            "effective_to",
            "summary",
            "body",
            "is_public",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "decision_number": _("Required once the policy is issued, e.g. 12/2022/NQ-HĐND."),
            "body": _("Plain text: leave an empty line between paragraphs."),
        }

    def __init__(self, *args, statuses: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses is not None:
            status_field = cast(forms.ChoiceField, self.fields["status"])  # the model's choices
            status_field.choices = [
                (value, label) for value, label in Policy.Status.choices if value in statuses
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            _row("status", "decision_number", "decision_date"),
            _row("issuing_body", "effective_from", "effective_to"),
            "decision_file",
            "summary",
            "body",
            "is_public",
            _buttons(Submit("save", _("Save"), css_class="btn-primary")),
        )


class ProgramSettingsForm(forms.ModelForm):
    plan_date = forms.DateField(
        label=_("Plan date"),
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("dd/mm/yyyy"),
    )
    province_code = forms.ChoiceField(label=_("Province"), required=False)

    class Meta:
        model = ProgramSettings
        fields = list(PROGRAM_SETTINGS_FIELDS)
        labels = {"province_name": _("Province name as printed")}
        widgets = {"plan_title": forms.Textarea(attrs={"rows": 2})}

    def clean_industry_classification(self):
        return (
            self.cleaned_data.get("industry_classification")
            or self.instance.industry_classification
        )

    def __init__(self, *args, province_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = [("", "—"), *province_choices]
        # A form posted without it (an older page) keeps the version breakdowns use.
        self.fields["industry_classification"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Province and agency"),
                Row(
                    Column("province_code", css_class="col-md-4"),
                    Column("province_name", css_class="col-md-8"),
                ),
                _row("people_committee_name", "agency_name"),
                "agency_address",
                _row("agency_phone", "agency_email"),
            ),
            Fieldset(
                _("Provincial plan"),
                _row("plan_number", "plan_date", "ministry_report_deadline"),
                "plan_title",
            ),
            Fieldset(
                _("Annual report"),
                _row("report_signer_name", "report_signer_title"),
                "industry_classification",
            ),
            Fieldset(
                _("Figures before the plan"),
                "baseline_supported_organizations",
            ),
            _buttons(Submit("save", _("Save"), css_class="btn-primary")),
        )


class DocumentVerifyForm(forms.Form):
    """The public verification page: a signed PDF to check, or the code of a document the
    portal issued (a certificate's verification code, an annual report's SHA-256)."""

    file = forms.FileField(
        label=_("Signed PDF file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    code = forms.CharField(
        label=_("or the document's code"),
        required=False,
        max_length=80,
        help_text=_(
            "The verification code under a certificate's QR code, or the SHA-256 checksum "
            "printed at the foot of every page of an annual report."
        ),
    )

    def clean_file(self):
        from django.core.exceptions import ValidationError

        from . import uploads

        file = self.cleaned_data.get("file")
        if file and uploads.validate_document(file) != uploads.PDF:
            raise ValidationError(_("Only a PDF file can carry a document signature."))
        return file

    def clean(self):
        cleaned = super().clean()
        has_file, has_code = bool(cleaned.get("file")), bool((cleaned.get("code") or "").strip())
        if not self.errors and has_file == has_code:
            raise forms.ValidationError(
                _("Choose a PDF file to check, or enter the document's code (one of the two).")
            )
        return cleaned
