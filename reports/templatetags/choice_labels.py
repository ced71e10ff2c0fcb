"""`{{ record|label:"status" }}`: a choice field's label, as `get_status_display` gives it.

Django's `get_FOO_display` hashes every choice's lazy label on each call; a list of 25–50
rows with two such columns spent a fifth of its rendering there. The labels are looked up
once per model, field and language, then read from a dict."""

from functools import lru_cache

from django import template
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=256)
def _labels(model, field_name: str, language: str | None) -> dict:
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def label(record, field_name: str):
    value = getattr(record, field_name)
    try:
        return _labels(type(record), field_name, get_language()).get(value, value)
    except TypeError:  # an unhashable value: no choice has it
        return value
