"""Forms: validate input and carry their layout; the services do the work."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, ProgramSettings
from portal.pickers import MultiPicker, Picker, use_picker
from portal.uploads import ACCEPT_ATTRIBUTE, validate_document

from .industry import section_choices
from .models import (
    IndustryConcordance,
    Organization,
    PilotModel,
    SharingEvent,
    Solution,
    SupportActivity,
    SupportRequest,
)
from .services import PILOT_FIELDS, PROFILE_FIELDS, RESPONSE_STATUSES, industry_code_problem
from .taxcode import normalize_tax_code, validate_tax_code


def commune_queryset():
    qs = AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.COMMUNE, effective_to__isnull=True
    )
    province_code = ProgramSettings.load_cached().province_code
    if province_code:
        qs = qs.filter(parent__code=province_code)
    return qs.order_by("name")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganizationForm(forms.ModelForm):
    # An explicit label is not capitalised by Django as a model field's verbose name is.
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = PROFILE_FIELDS
        widgets = {
            "founded_on": DateInput(),
            "main_products": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = commune_queryset()
        self.fields["commune"].required = True
        use_picker(
            self.fields["commune"],
            Picker("portal:pick_commune", placeholder=_("Type the name of the commune or ward")),
        )
        self.fields["industry_code"].required = True
        self.fields["industry_code"].help_text = _(
            "A section letter (e.g. C) or a code of 2 to 5 digits (e.g. 2511) in the chosen "
            "classification."
        )
        self.fields["sector_group"].help_text = _(
            "Used for the size class when no industry code is given; derived from the "
            "industry code otherwise."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout_fieldsets())

    def layout_fieldsets(self):
        return [
            Fieldset(
                _("Organization"),
                Row(Column("kind"), Column("legal_form")),
                "name",
                Row(Column("short_name"), Column("tax_code")),
                Row(Column("ownership"), Column("founded_on")),
            ),
            Fieldset(
                _("Industry and size"),
                Row(Column("industry_classification"), Column("industry_code")),
                "sector_group",
                Row(Column("employees"), Column("annual_revenue"), Column("total_capital")),
                "main_products",
            ),
            Fieldset(
                _("Address and contacts"),
                Row(Column("commune"), Column("address")),
                Row(Column("phone"), Column("email"), Column("website")),
                "legal_representative",
                Row(Column("contact_name"), Column("contact_phone"), Column("contact_email")),
            ),
        ]

    def clean_tax_code(self):
        value = normalize_tax_code(self.cleaned_data.get("tax_code", ""))
        validate_tax_code(value)
        return value

    def clean(self):
        cleaned = super().clean()
        code, version = cleaned.get("industry_code"), cleaned.get("industry_classification")
        if code and version:
            problem = industry_code_problem(version, code)
            if problem:
                self.add_error("industry_code", problem)
        return cleaned

    def validate_unique(self):
        """Uniqueness is the service's job (it says what to do about a known tax code)."""


def account_fields() -> dict:
    """The representative's own account, for people without one."""
    return {
        "full_name": forms.CharField(label=_("Your full name"), max_length=200),
        "position": forms.CharField(label=_("Your position"), max_length=200, required=False),
        "account_phone": forms.CharField(label=_("Your phone"), max_length=30, required=False),
        "account_email": forms.EmailField(
            label=_("Your e-mail (you will sign in with it)"),
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        ),
        "password1": forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
        "password2": forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    }


def _account_rows() -> list:
    return [
        Row(Column("full_name"), Column("position")),
        Row(Column("account_email"), Column("account_phone")),
        Row(Column("password1"), Column("password2")),
    ]


def _personal_data_fieldset() -> Fieldset:
    return Fieldset(
        _("Personal data"),
        HTML('{% include "enterprises/_privacy_hint.html" %}'),
        "consent",
        Row(Column("homepage", css_class="honeypot")),
    )


class PublicFormMixin:
    """The public forms: a new account for people without one (`with_account`), consent to
    the privacy notice and a honeypot field that only bots fill."""

    # provided by the form class it is mixed into
    cleaned_data: dict[str, Any]
    data: Any

    def clean(self):
        cleaned = super().clean()
        if self.with_account:
            p1, p2 = cleaned.get("password1"), cleaned.get("password2")
            if p1 and p2 and p1 != p2:
                self.add_error("password2", _("The two passwords differ."))
            elif p1:
                try:
                    password_validation.validate_password(p1)
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned

    def account_data(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "email": cleaned["account_email"],
            "full_name": cleaned["full_name"],
            "phone": cleaned.get("account_phone", ""),
            "position": cleaned.get("position", ""),
            "password": cleaned["password1"],
        }

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("homepage"))


def _consent_field():
    return forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree to the processing of the personal data "
            "in this form for the purposes it describes."
        ),
        required=True,
        error_messages={"required": _("Your consent is needed to process this registration.")},
    )


def _honeypot_field():
    # Hidden from people by CSS; bots fill every field they find.
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class RegistrationForm(PublicFormMixin, OrganizationForm):
    consent = _consent_field()
    homepage = _honeypot_field()

    def __init__(self, *args, with_account: bool = True, **kwargs):
        self.with_account = with_account
        super().__init__(*args, **kwargs)
        if with_account:
            self.fields.update(account_fields())
            self.helper.layout = Layout(*self.layout_fieldsets())

    def layout_fieldsets(self):
        sets = super().layout_fieldsets()
        if getattr(self, "with_account", False):
            sets.append(
                Fieldset(
                    _("Your account (the organization's representative)"),
                    *_account_rows(),
                )
            )
        sets.append(_personal_data_fieldset())
        return sets

    def organization_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in PROFILE_FIELDS}


class JoinForm(PublicFormMixin, forms.Form):
    tax_code = forms.CharField(
        label=_("Tax code of the registered organization"),
        max_length=20,
        help_text=_(
            "10 digits, 10 digits-NNN for a branch, or 12 digits for a household business."
        ),
    )
    message = forms.CharField(
        label=_("Message to program staff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your role in the organization, so staff can check it."),
    )
    consent = _consent_field()
    homepage = _honeypot_field()

    def __init__(self, *args, with_account: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_account = with_account
        if with_account:
            self.fields.update(account_fields())
        self.helper = FormHelper()
        self.helper.form_tag = False
        parts = [Fieldset(_("Organization"), "tax_code", "message")]
        if with_account:
            parts.append(
                Fieldset(
                    _("Your account"),
                    *_account_rows(),
                )
            )
        parts.append(_personal_data_fieldset())
        self.helper.layout = Layout(*parts)

    def clean_tax_code(self):
        value = normalize_tax_code(self.cleaned_data["tax_code"])
        validate_tax_code(value)
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ProfileForm(OrganizationForm):
    """The representative's profile form; a new name or tax code goes to staff review."""

    change_note = forms.CharField(
        label=_("Why the name or tax code changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when you change the name or the tax code (staff review it)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(*self.layout_fieldsets(), "change_note")


class SolutionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def grouped_solution_choices(queryset) -> list:
    groups: dict[str, list] = {}
    for solution in queryset:
        groups.setdefault(solution.get_group_display(), []).append((solution.pk, solution.name))
    return list(groups.items())


class SupportRequestForm(forms.ModelForm):
    solutions = SolutionChoiceField(
        label=_("Solutions you need help with"),
        queryset=Solution.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )

    document = forms.FileField(
        label=_("Attached document (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_(
            "For example a plan, a quotation or a description of the process: PDF, Word, "
            "Excel, PNG or JPEG. Only your organization and program staff can open it."
        ),
    )

    class Meta:
        model = SupportRequest
        fields = ["solutions", "need"]
        widgets = {"need": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solutions"].choices = grouped_solution_choices(
            self.fields["solutions"].queryset
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class SupportResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(s.value, s.label) for s in RESPONSE_STATUSES],
    )
    response = forms.CharField(
        label=_("Response to the organization"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SupportActivityForm(forms.ModelForm):
    solutions = SolutionChoiceField(
        label=_("Solutions"),
        queryset=Solution.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = SupportActivity
        fields = [
            "date",
            "kind",
            "title",
            "description",
            "solutions",
            "participants",
            "state_budget",
            "own_contribution",
            "outcome",
            "certificate_number",
            "certificate_body",
            "certificate_date",
        ]
        widgets = {
            "date": DateInput(),
            "certificate_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solutions"].choices = grouped_solution_choices(
            self.fields["solutions"].queryset
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("A support activity cannot be dated in the future."))
        return date

    def activity_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "solutions"}


class OrganizationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.tax_code}"


class SupportActivityRecordForm(SupportActivityForm):
    """One activity for one organization or many at once (rows sharing a batch)."""

    organizations = OrganizationChoiceField(
        label=_("Organizations"),
        queryset=Organization.objects.filter(
            status__in=[Organization.Status.ACTIVE, Organization.Status.INACTIVE]
        ).only("id", "name", "tax_code"),
        required=False,
        widget=MultiPicker(
            "enterprises:pick_organization",
            query={"inactive": "1"},
            placeholder=_("Type a name or a tax code"),
        ),
        help_text=_("Type part of a name or a tax code; choose as many as you need."),
    )
    tax_codes = forms.CharField(
        label=_("Or paste tax codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas, e.g. the attendance list of a seminar."),
    )

    field_order = ["organizations", "tax_codes"]

    def clean(self):
        cleaned = super().clean()
        organizations = list(cleaned.get("organizations") or [])
        raw = (cleaned.get("tax_codes") or "").replace(",", "\n").replace(";", "\n")
        codes = [normalize_tax_code(c) for c in raw.splitlines() if c.strip()]
        if codes:
            found = {o.tax_code: o for o in Organization.objects.filter(tax_code__in=codes)}
            missing = [c for c in codes if c not in found]
            if missing:
                self.add_error(
                    "tax_codes",
                    _("No registered organization has these tax codes: %(codes)s")
                    % {"codes": ", ".join(missing)},
                )
            organizations += [found[c] for c in codes if c in found]
        if not organizations and not self.has_error("tax_codes"):
            self.add_error("organizations", _("Choose at least one organization."))
        cleaned["all_organizations"] = list(dict.fromkeys(organizations))
        return cleaned

    def activity_data(self) -> dict:
        skip = {"solutions", "organizations", "tax_codes", "all_organizations"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image, Word or Excel; checked by its content."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_document(file)
        return file


class PilotModelForm(forms.ModelForm):
    solutions = SolutionChoiceField(
        label=_("Solutions applied together"),
        queryset=Solution.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = PilotModel
        fields = ["organization", *PILOT_FIELDS[:2], "solutions", *PILOT_FIELDS[2:]]
        widgets = {"selected_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        )
        use_picker(
            self.fields["organization"],
            Picker("enterprises:pick_organization", placeholder=_("Type a name or a tax code")),
        )
        if self.instance.pk:
            del self.fields["organization"]
        self.fields["solutions"].choices = grouped_solution_choices(
            self.fields["solutions"].queryset
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def pilot_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in PILOT_FIELDS}


class PilotTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=PilotModel.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    recognition_decision = forms.CharField(
        label=_("Recognition decision (number)"), max_length=100, required=False
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        if allowed:
            self.fields["to"].choices = [(s, PilotModel.Status(s).label) for s in allowed]


class SharingEventForm(forms.ModelForm):
    class Meta:
        model = SharingEvent
        fields = ["kind", "date", "title", "participants", "organizations_attending", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class PilotReplicationForm(forms.Form):
    """An organization that replicated a pilot model, found by its tax code (the service
    checks the rules)."""

    tax_code = forms.CharField(
        label=_("Tax code of the organization that replicated the model"), max_length=20
    )
    replicated_on = forms.DateField(label=_("Replicated on"), widget=DateInput())
    notes = forms.CharField(
        label=_("What was replicated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_tax_code(self):
        code = normalize_tax_code(self.cleaned_data["tax_code"])
        organization = Organization.objects.filter(tax_code=code).first()
        if organization is None:
            raise ValidationError(_("No registered organization has this tax code."))
        self.cleaned_data["organization"] = organization
        return code


class SolutionForm(forms.ModelForm):
    class Meta:
        model = Solution
        fields = ["group", "code", "name", "description", "is_active", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndustryConcordanceForm(forms.ModelForm):
    """Staff correct where a code of one VSIC version goes in the other."""

    class Meta:
        model = IndustryConcordance
        fields = ["target_section", "target_code", "exact", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_section"] = forms.ChoiceField(
            label=self.fields["target_section"].label,
            choices=section_choices(self.instance.target_version),
        )

    def _post_clean(self):
        # The service checks the row (full_clean) and says why next to the field.
        pass


class ImportForm(forms.Form):
    KIND_CHOICES = [
        ("organizations", _("Organizations")),
        ("activities", _("Support activities")),
    ]
    kind = forms.ChoiceField(label=_("What the file contains"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        name = file.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
        if file.size > 10 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 10 MB: split it."))
        return file
