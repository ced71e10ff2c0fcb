"""`{{ record|label:"status" }}`: a choice field's label, as `get_status_display` gives it.

Django's `get_FOO_display` hashes every choice's lazy label on each call; a list of 25–50
rows with two such columns spent a fifth of its rendering there. The labels are looked up
once per model, field and language, then read from a dict."""

from functools import lru_cache

from django import template
from django.apps import apps
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=256)
def _labels(model_label: str, field_name: str, language: str | None) -> dict:
    field = apps.get_model(model_label)._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def label(record, field_name: str):
    value = getattr(record, field_name)
    try:
        labels = _labels(record._meta.label, field_name, get_language())
        return labels.get(value, value)
    except TypeError:  # an unhashable value: no choice has it
        return value
