"""The empty choice of every select reads "— Choose —" ("— Chọn —"), not Django's "---------".

Django writes "---------" in two places: the blank choice of a model field with choices
(`BLANK_CHOICE_DASH`, used by every ModelForm) and the default `empty_label` of a
ModelChoiceField (foreign keys). Installed once from PortalConfig.ready(), like
`portal.form_safety`, so every form of the project (about 22 edit forms, the admin too) is
covered without each declaring it. The staff lists' filters say "All" instead
(`portal.lists.StaffListFilter`)."""

from django.db.models import fields
from django.forms.models import ModelChoiceField
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE_LABEL = _("— Choose —")


def install() -> None:
    # The list object itself is the default argument of Field.get_choices and friends:
    # changed in place, every caller sees the new label.
    fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]  # type: ignore[list-item]
    ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE_LABEL  # type: ignore[index]
