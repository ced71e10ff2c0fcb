"""Forms validate input and carry their crispy layout; the services apply the rules."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Organization, Solution, SupportActivity
from enterprises.pickers import support_activity_label
from enterprises.taxcode import normalize_tax_code
from portal.filters import YearFilter
from portal.lists import SortFilter, StaffListFilter
from portal.models import AdministrativeUnit
from portal.pickers import MultiPicker, Picker, use_picker
from portal.text import filter_search

from .models import (
    VERIFICATION_CODE,
    Consultant,
    Contract,
    ContractDocument,
    Course,
    Enrollment,
    Expert,
    ExpertAssignment,
)
from .pickers import course_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(*rows) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if rows:
        helper.layout = Layout(*rows)
    return helper


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "kind",
            "solutions",
            "description",
            "starts_on",
            "ends_on",
            "registration_deadline",
            "venue",
            "is_online",
            "capacity",
            "lecturer",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "registration_deadline": DATE,
            "solutions": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solutions"].queryset = Solution.objects.filter(is_active=True)
        self.fields["capacity"].min_value = 1
        self.helper = _helper(
            Row(Column("code", css_class="col-md-3"), Column("title", css_class="col-md-9")),
            Row(Column("kind", css_class="col-md-6"), Column("capacity", css_class="col-md-6")),
            "solutions",
            "description",
            Row(
                Column("starts_on", css_class="col-md-4"),
                Column("ends_on", css_class="col-md-4"),
                Column("registration_deadline", css_class="col-md-4"),
            ),
            Row(Column("venue", css_class="col-md-9"), Column("is_online", css_class="col-md-3")),
            "lecturer",
        )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("A course needs at least one place."))
        return capacity


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=300)
    participant_type = forms.ChoiceField(
        label=_("I take part as"), choices=Enrollment.ParticipantType.choices
    )
    tax_code = forms.CharField(
        label=_("Tax code of your organization"),
        max_length=16,
        required=False,
        help_text=_("If your organization is registered with the program, we link you to it."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None and organizations.exists():
            self.fields["organization"].queryset = organizations
            self.fields["organization"].required = True
            self.fields["organization"].empty_label = None
            del self.fields["tax_code"]
        else:
            del self.fields["organization"]
        self.helper = _helper()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if not 9 <= len(digits) <= 15 or any(c not in "0123456789 +-.()" for c in phone):
            raise forms.ValidationError(_("Enter a valid phone number."))
        return phone

    def clean_tax_code(self):
        value = self.cleaned_data.get("tax_code", "").strip()
        if not value:
            return None
        organization = Organization.objects.filter(
            tax_code=normalize_tax_code(value), status=Organization.Status.ACTIVE
        ).first()
        if organization is None:
            raise forms.ValidationError(
                _("No registered organization has this tax code. Leave it empty if unsure.")
            )
        return organization


class ResultRowForm(forms.Form):
    RESULT_CHOICES = [
        ("", _("No result")),
        ("passed", _("Passed")),
        ("failed", _("Failed")),
    ]
    enrollment = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.BooleanField(label=_("Attended"), required=False)
    result = forms.ChoiceField(label=_("Result"), choices=RESULT_CHOICES, required=False)
    score = forms.DecimalField(
        label=_("Score"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "class": "form-control-sm"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("result") and not data.get("attended"):
            self.add_error("attended", _("A result needs attendance."))
        if data.get("score") is not None and not data.get("result"):
            self.add_error("result", _("A score needs a result."))
        return data


ResultFormSet = forms.formset_factory(ResultRowForm, extra=0)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code or certificate number"),
        max_length=40,
        validators=[
            RegexValidator(
                VERIFICATION_CODE,
                _(
                    "A verification code has only letters without accents, digits and hyphens "
                    "(at most 40 characters), as printed on the certificate."
                ),
            )
        ],
    )


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = [
            "full_name",
            "email",
            "phone",
            "workplace",
            "organization",
            "commune",
            "expertise",
            "is_active",
            "notes",
        ]
        widgets = {
            "expertise": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE, effective_to__isnull=True
        )
        use_picker(
            self.fields["commune"],
            Picker(
                "portal:pick_commune",
                query={"scope": "country"},
                placeholder=_("Type the name of the commune or ward"),
            ),
        )
        self.fields["organization"].queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        )
        use_picker(
            self.fields["organization"],
            Picker("enterprises:pick_organization", placeholder=_("Type a name or a tax code")),
        )
        self.fields["expertise"].queryset = Solution.objects.filter(is_active=True)
        self.helper = _helper()

    def validate_unique(self):
        """E-mail uniqueness is checked by the service with a clear message."""


class ExpertAssignmentForm(forms.ModelForm):
    class Meta:
        model = ExpertAssignment
        fields = ["role", "date", "course", "support_activity", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.exclude(status=Course.Status.DRAFT)
        use_picker(
            self.fields["course"],
            Picker(
                "trainings:pick_course",
                query={"exclude": Course.Status.DRAFT},
                placeholder=_("Type a course code or title"),
            ),
        )
        self.fields["course"].label_from_instance = course_label
        self.fields["support_activity"].queryset = SupportActivity.objects.filter(
            status=SupportActivity.Status.RECORDED
        ).select_related("organization")
        use_picker(
            self.fields["support_activity"],
            Picker(
                "enterprises:pick_support_activity",
                placeholder=_("Type the organization's name or words of the title"),
            ),
        )
        self.fields["support_activity"].label_from_instance = support_activity_label
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("support_activity")):
            raise forms.ValidationError(
                _("Choose either a course or a support activity for the assignment.")
            )
        return data


class ConsultantForm(forms.ModelForm):
    class Meta:
        model = Consultant
        fields = [
            "name",
            "tax_code",
            "address",
            "representative",
            "phone",
            "email",
            "capabilities",
            "notes",
        ]
        widgets = {
            "capabilities": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].queryset = Solution.objects.filter(is_active=True)
        self.helper = _helper()

    def clean_tax_code(self):
        value = normalize_tax_code(self.cleaned_data["tax_code"])
        others = Consultant.objects.filter(tax_code=value)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A consultant with this tax code already exists."))
        return value


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "title",
            "consultant",
            "selection_method",
            "value",
            "ends_on",
            "scope",
            "courses",
            "support_activities",
        ]
        widgets = {
            "ends_on": DATE,
            "scope": forms.Textarea(attrs={"rows": 3}),
            "courses": MultiPicker(
                "trainings:pick_course",
                query={"exclude": "cancelled"},
                placeholder=_("Type a course code or title"),
            ),
            "support_activities": MultiPicker(
                "enterprises:pick_support_activity",
                placeholder=_("Type the organization's name or words of the title"),
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = Course.objects.exclude(status=Course.Status.CANCELLED)
        self.fields["courses"].label_from_instance = course_label
        self.fields["support_activities"].queryset = SupportActivity.objects.filter(
            status=SupportActivity.Status.RECORDED
        ).select_related("organization")
        self.fields["support_activities"].label_from_instance = support_activity_label
        self.fields["value"].help_text = _("In whole đồng, e.g. 150000000.")
        self.helper = _helper()


class ContractSignForm(forms.Form):
    decision_number = forms.CharField(label=_("Selection decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Selection decision date"), widget=DATE)
    contract_number = forms.CharField(label=_("Contract number"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)


class ContractStartForm(forms.Form):
    starts_on = forms.DateField(label=_("Work started on"), widget=DATE)


class ContractAcceptForm(forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DATE)
    accepted_amount = forms.IntegerField(label=_("Accepted amount (VND)"), min_value=1)


class ContractSettleForm(forms.Form):
    settled_on = forms.DateField(label=_("Settled on"), widget=DATE)
    settled_amount = forms.IntegerField(label=_("Settled amount (VND)"), min_value=0)


class ContractTerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Terminated on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason for termination"), widget=forms.Textarea(attrs={"rows": 3})
    )


CONTRACT_ACTION_FORMS = {
    "sign": (ContractSignForm, _("Sign the contract")),
    "start": (ContractStartForm, _("Start the work")),
    "accept": (ContractAcceptForm, _("Accept the work (nghiệm thu)")),
    "settle": (ContractSettleForm, _("Settle the contract (thanh quyết toán)")),
    "terminate": (ContractTerminateForm, _("Terminate the contract")),
}


class ContractLogForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class ContractDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContractDocument.Kind.choices)
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


# --- Filters ------------------------------------------------------------------------------


def _solutions(request=None):
    return Solution.objects.filter(is_active=True)


class CatalogFilter(StaffListFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Course.Kind.choices)
    solution = django_filters.ModelChoiceFilter(
        label=_("Solution"), field_name="solutions", queryset=_solutions
    )

    class Meta:
        model = Course
        fields = ["kind", "solution"]


class StaffCourseFilter(CatalogFilter):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Course.Status.choices)
    year = YearFilter(label=_("Year"), field_name="starts_on", lookup_expr="year")
    q = django_filters.CharFilter(label=_("Search"), method="search")
    o = SortFilter(
        {
            "code": "code",
            "title": "title",
            "kind": "kind",
            "starts": "starts_on",
            "places": "places_taken",
            "status": "status",
        },
        collated={"title"},
        default="-starts",
    )

    class Meta:
        model = Course
        fields = ["q", "kind", "status", "solution", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value))


class EnrollmentFilter(StaffListFilter):
    """Every enrollment of every course (staff)."""

    q = django_filters.CharFilter(label=_("Name or e-mail"), method="search")
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=lambda request: Course.objects.order_by("-starts_on", "-id")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Enrollment.Status.choices)
    participant_type = django_filters.ChoiceFilter(
        label=_("Participant type"), choices=Enrollment.ParticipantType.choices
    )
    year = YearFilter(label=_("Year"), field_name="course__starts_on", lookup_expr="year")
    o = SortFilter(
        {
            "name": "full_name",
            "email": "email",
            "course": "course__title",
            "starts": "course__starts_on",
            "status": "status",
            "created": "created_at",
        },
        collated={"name", "course"},
        default="-created",
    )

    class Meta:
        model = Enrollment
        fields = ["q", "course", "status", "participant_type", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(email__icontains=value)
            | Q(workplace__icontains=value)
        )


class ExpertFilter(StaffListFilter):
    q = django_filters.CharFilter(label=_("Name"), method="search")
    expertise = django_filters.ModelChoiceFilter(
        label=_("Expertise"), field_name="expertise", queryset=_solutions
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune / ward"),
        field_name="commune",
        queryset=lambda request: AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE
        ),
        widget=Picker("portal:pick_commune", query={"scope": "country"}, placeholder=_("All")),
    )
    o = SortFilter(
        {
            "name": "full_name",
            "workplace": "workplace",
            "commune": "commune__name",
            "source": "source",
        },
        collated={"name", "workplace", "commune"},
        default="name",
    )

    class Meta:
        model = Expert
        fields = ["q", "expertise", "commune"]

    def search(self, queryset, name, value):
        return filter_search(queryset, value)


class ContractFilter(StaffListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Contract.Status.choices)
    year = YearFilter(label=_("Year signed"), field_name="signed_on__year")
    consultant = django_filters.ModelChoiceFilter(
        label=_("Consultant"), queryset=Consultant.objects.all()
    )
    o = SortFilter(
        {
            "number": "contract_number",
            "consultant": "consultant__name",
            "method": "selection_method",
            "signed": "signed_on",
            "value": "value",
            "settled": "settled_amount",
            "status": "status",
        },
        collated={"consultant"},
        default="-signed",
    )

    class Meta:
        model = Contract
        fields = ["q", "status", "year", "consultant"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(contract_number__icontains=value)
            | Q(decision_number__icontains=value)
        )


class ConsultantFilter(StaffListFilter):
    q = django_filters.CharFilter(label=_("Name or tax code"), method="search")
    o = SortFilter(
        {
            "name": "name",
            "tax_code": "tax_code",
            "contracts": "contract_count",
            "total": "contract_total",
        },
        collated={"name"},
        default="name",
    )

    class Meta:
        model = Consultant
        fields = ["q"]

    def search(self, queryset, name, value):
        return filter_search(queryset, value)


class ParticipantForm(forms.ModelForm):
    """A participant staff add by hand (a course that took place, a paper registration)."""

    tax_code = forms.CharField(
        label=_("Tax code of the organization"),
        max_length=20,
        required=False,
        help_text=_("If the person works for an organization registered in the portal."),
    )

    class Meta:
        model = Enrollment
        fields = ["full_name", "email", "phone", "position", "workplace", "participant_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty means enterprise staff, as in the attendance list.
        self.fields["participant_type"].required = False
        self.fields["participant_type"].initial = Enrollment.ParticipantType.ENTERPRISE_STAFF

    def clean_participant_type(self):
        return (
            self.cleaned_data.get("participant_type") or Enrollment.ParticipantType.ENTERPRISE_STAFF
        )


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance list (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Made from the template below; at most 2,000 participants."),
    )
