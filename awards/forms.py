from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises.models import Organization
from enterprises.pickers import organization_label
from portal.models import Role
from portal.pickers import MultiPicker, use_picker

from .models import (
    AwardCycle,
    AwardLevel,
    Criterion,
    EntryCategory,
    NominationDocument,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class CycleForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Entry categories"),
        choices=EntryCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AwardCycle
        fields = [
            "year",
            "name",
            "legal_basis",
            "categories",
            "registration_opens",
            "registration_closes",
            "dossier_deadline",
            "review_deadline",
        ]
        widgets = {
            "registration_opens": DateInput(),
            "registration_closes": DateInput(),
            "dossier_deadline": DateInput(),
            "review_deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty for “National Quality Award <year>”.")
        self.fields["legal_basis"].help_text = _("For example the decree the cycle follows.")
        if self.instance.pk:
            self.fields["year"].disabled = True
        self.helper = _helper(
            Row(Column("year", css_class="col-md-3"), Column("name", css_class="col-md-9")),
            "legal_basis",
            "categories",
            Row(
                Column("registration_opens", css_class="col-md-3"),
                Column("registration_closes", css_class="col-md-3"),
                Column("dossier_deadline", css_class="col-md-3"),
                Column("review_deadline", css_class="col-md-3"),
            ),
        )

    def _post_clean(self):
        # The service validates the row (dates in order, year unique) and says why.
        pass


class _OrderedRowForm(forms.ModelForm):
    """An empty extra row stays empty (the order is filled in when left blank)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            self.fields["order"].initial = None

    def _post_clean(self):
        # The replace services validate the rows together (codes, totals) and say why.
        pass


class CriterionForm(_OrderedRowForm):
    class Meta:
        model = Criterion
        fields = ["order", "group", "code", "name", "max_points", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 1})}


class LevelForm(_OrderedRowForm):
    class Meta:
        model = AwardLevel
        fields = ["order", "code", "name", "min_points"]


class BaseRowsFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            css = "form-check-input" if name == "DELETE" else "form-control"
            field.widget.attrs.update({"class": css, "aria-label": str(field.label)})

    def lock(self) -> None:
        for form in self.forms:
            for field in form.fields.values():
                field.disabled = True

    def rows(self) -> list[dict]:
        result: list[dict] = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            row = dict(form.cleaned_data)
            row.pop("DELETE", None)
            row.pop("id", None)
            row["id"] = form.instance.pk
            if row.get("order") is None:
                row["order"] = len(result) + 1
            result.append(row)
        return result


CriterionFormSet = forms.modelformset_factory(
    Criterion, form=CriterionForm, formset=BaseRowsFormSet, extra=1, can_delete=True
)
LevelFormSet = forms.modelformset_factory(
    AwardLevel, form=LevelForm, formset=BaseRowsFormSet, extra=1, can_delete=True
)


class EncourageForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations"),
        queryset=Organization.objects.none(),
        help_text=_("Active organizations not yet in this cycle: type a name or a tax code."),
    )
    support_given = forms.CharField(
        label=_("Support offered for the dossier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cycle: AwardCycle, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = cast(forms.ModelMultipleChoiceField, self.fields["organizations"])
        organizations.queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        ).exclude(nominations__cycle=cycle)
        use_picker(
            self.fields["organizations"],
            MultiPicker(
                reverse("awards:pick_cycle_candidate", kwargs={"pk": cycle.pk}),
                placeholder=_("Type a name or a tax code"),
            ),
        )
        organizations.label_from_instance = organization_label  # type: ignore[assignment]
        self.helper = _helper("organizations", "support_given")


class ApplyForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects)
    category = forms.ChoiceField(label=_("Entry category"))

    def __init__(self, *args, cycle: AwardCycle, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
        cast(forms.ChoiceField, self.fields["category"]).choices = cycle.category_choices()
        self.helper = _helper("organization", "category")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (NominationDocument.Kind.DOSSIER, NominationDocument.Kind.DOSSIER.label),
            (
                NominationDocument.Kind.SELF_ASSESSMENT,
                NominationDocument.Kind.SELF_ASSESSMENT.label,
            ),
        ],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("kind", css_class="col-md-3"),
                Column("file", css_class="col-md-5"),
                Column("description", css_class="col-md-4"),
            )
        )


class ScoresForm(forms.Form):
    """One points field (and a comment) per criterion, bounded by its maximum."""

    def __init__(self, *args, criteria, initial_scores=None, comments=True, required=False, **kw):
        super().__init__(*args, **kw)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        self.comments = comments
        for criterion in self.criteria:
            points, comment = initial_scores.get(criterion.pk, (None, ""))
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_points,
                required=required,
                initial=points,
                help_text=_("0 to %(max)s points") % {"max": criterion.max_points},
            )
            if comments:
                self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                    label=_("Comment"),
                    required=False,
                    initial=comment,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def rows(self):
        for criterion in self.criteria:
            yield (
                criterion,
                self[f"points_{criterion.pk}"],
                self[f"comment_{criterion.pk}"] if self.comments else None,
            )

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"points_{c.pk}") for c in self.criteria}

    def comment_values(self) -> dict[int, str]:
        if not self.comments:
            return {}
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class ReviewForm(ScoresForm):
    overall = forms.CharField(
        label=_("Overall comments"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Council members"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.COUNCIL_MEMBER, is_active=True)
            .exclude(award_reviews__nomination=nomination)
            .order_by("full_name", "email")
        )
        self.helper = _helper("reviewers")


class CheckForm(forms.Form):
    note = forms.CharField(
        label=_("Note on the dossier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class DecisionForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[
            ("forward", _("Forward to the national council")),
            ("reject", _("Do not forward (not awarded)")),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Meeting date"), widget=DateInput())
    minutes = forms.CharField(
        label=_("Minutes of the council meeting"), widget=forms.Textarea(attrs={"rows": 6})
    )
    minutes_file = forms.FileField(
        label=_("Signed minutes (file)"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("decision", "decided_on", "minutes", "minutes_file")


class ResultForm(forms.Form):
    level = forms.ModelChoiceField(
        label=_("Level won"),
        queryset=AwardLevel.objects.none(),
        required=False,
        empty_label=_("Not awarded"),
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = nomination.cycle.levels.all()
        self.helper = _helper(
            "level",
            Row(
                Column("decision_number", css_class="col-md-6"),
                Column("decision_date", css_class="col-md-6"),
            ),
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
