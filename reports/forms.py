from pathlib import Path
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Phase

from .models import Indicator, ManualActual, Target

EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".odt"}


class _Helper:
    def _helper(self, *fields):
        self.helper = FormHelper()
        self.helper.form_tag = False
        if fields:
            self.helper.layout = Layout(*fields)


class TargetTermsForm(_Helper, forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the revision, e.g. the decision that changed the plan."),
    )

    class Meta:
        model = Target
        fields = [
            "kind",
            "value",
            "minimum",
            "maximum",
            "growth_min_percent",
            "growth_max_percent",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(
            "kind",
            Row(Column("value"), Column("minimum"), Column("maximum")),
            Row(Column("growth_min_percent"), Column("growth_max_percent")),
            "note",
            Field("reason"),
        )

    def _post_clean(self):
        # The service validates the whole target (and says what is wrong); the form only
        # parses input, so nothing is saved around the service.
        pass

    def terms(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class TargetCreateForm(TargetTermsForm):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.all())
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Leave empty for a milestone at the end of the phase."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["indicator"]).queryset = Indicator.objects.filter(
            is_active=True
        )
        self._helper(
            Row(Column("indicator"), Column("phase"), Column("year")),
            "kind",
            Row(Column("value"), Column("minimum"), Column("maximum")),
            Row(Column("growth_min_percent"), Column("growth_max_percent")),
            "note",
            Field("reason"),
        )


class ManualActualForm(_Helper, forms.ModelForm):
    class Meta:
        model = ManualActual
        fields = ["indicator", "year", "value", "reason", "evidence"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "value": _("For a cumulative indicator, the cumulative figure at the end of the year."),
            "reason": _(
                "Where the figure comes from, or why it overrides the figure computed from "
                "the records."
            ),
            "evidence": _("A document proving the figure (PDF, image, Word or Excel)."),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["indicator"]).queryset = Indicator.objects.filter(
            is_active=True
        )
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        if editing:
            self.fields["indicator"].disabled = True
            self.fields["year"].disabled = True
            self.fields["evidence"].required = False
        self._helper(Row(Column("indicator"), Column("year")), "value", "reason", "evidence")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("The year has not started yet."))
        return year

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "size"):
            if Path(evidence.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
                raise ValidationError(_("Attach a PDF, an image, a Word or an Excel file."))
            if evidence.size > settings.MAX_UPLOAD_SIZE:
                raise ValidationError(_("The file is too large."))
        return evidence

    def _post_clean(self):
        pass


class ReasonForm(_Helper, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper("reason")


class ReportRequestForm(_Helper, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        self._helper("year")
