"""Field validators every app puts on its models, so that forms, services (`full_clean`),
imports and the admin all apply them.

- `validate_name`: names and titles hold no control characters and no text-direction
  (bidi) controls: "\u202e" turned "Công ty ABC" into "CBA yt gnôC" on every page and export.
- `validate_free_text`: the same for multi-line text, where tabs and line breaks are fine.
- `FreeTextField`: a TextField with a length cap (form `maxlength` and a model validator) and
  `validate_free_text`: a support request once held 9 MB of text.
- `past_date` / `program_date`: dates within a sane range (a founding date of 0001 or 2999, a
  support activity in 1899 were saved).
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Text-direction controls: Arabic letter mark, LRM/RLM, embeddings and overrides, isolates.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


@deconstructible
class PlainTextValidator:
    """Refuse control characters and text-direction controls (tabs and line breaks are
    allowed in multi-line text)."""

    message = _(
        "Remove the control or text-direction characters (such as U+%(code)s) from this text."
    )
    code = "control_characters"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    @property
    def pattern(self) -> re.Pattern:
        """The refused characters, as one character class (the import checks a whole column
        of names with one search)."""
        return _MULTI_LINE if self.multiline else _SINGLE_LINE

    def __call__(self, value):
        match = self.pattern.search(str(value or ""))
        if match:
            raise ValidationError(
                self.message, code=self.code, params={"code": f"{ord(match.group()):04X}"}
            )

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and self.multiline == other.multiline


validate_name = PlainTextValidator()
validate_free_text = PlainTextValidator(multiline=True)

FREE_TEXT_MAX = 10_000


class FreeTextField(models.TextField):
    """Multi-line text typed by a user: capped (10,000 characters unless `cap` says otherwise)
    in the form (`maxlength`) and in `full_clean`, and free of control characters.

    In migrations it is a plain TextField: the cap and the validators change no column, and a
    changed field would make SQLite rebuild the table (with PostgreSQL-only indexes)."""

    def __init__(self, *args, cap: int | None = None, **kwargs):
        self.cap = cap or kwargs.get("max_length") or FREE_TEXT_MAX
        super().__init__(*args, **kwargs)

    @property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.cap), validate_free_text]

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": self.cap, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


@deconstructible
class DateRangeValidator:
    """A date from `earliest` on, and no later than `future_days` after today (when given)."""

    def __init__(self, earliest: dt.date, future_days: int | None = None):
        self.earliest = earliest
        self.future_days = future_days

    def __call__(self, value):
        if value is None:
            return
        if value < self.earliest:
            raise ValidationError(
                _("Enter a date from %(earliest)s onwards."),
                code="date_too_early",
                params={"earliest": date_format(self.earliest, "SHORT_DATE_FORMAT")},
            )
        if self.future_days is None:
            return
        latest = timezone.localdate() + dt.timedelta(days=self.future_days)
        if value > latest:
            if self.future_days == 0:
                raise ValidationError(_("The date cannot be in the future."), code="date_future")
            raise ValidationError(
                _("Enter a date no later than %(latest)s."),
                code="date_too_late",
                params={"latest": date_format(latest, "SHORT_DATE_FORMAT")},
            )

    def __eq__(self, other):
        return (
            isinstance(other, DateRangeValidator)
            and self.earliest == other.earliest
            and self.future_days == other.future_days
        )


# What has happened (a founding, a certificate issued): from 1900 to today.
past_date = DateRangeValidator(dt.date(1900, 1, 1), future_days=0)
# What the program did (a support given): from 2000 to today.
program_past_date = DateRangeValidator(dt.date(2000, 1, 1), future_days=0)
# The program's own records (activities, courses, contracts, cycles): from 2000 to ten years on.
program_date = DateRangeValidator(dt.date(2000, 1, 1), future_days=3653)
# Dated documents (decisions, policies in force): from the country's founding to ten years on.
document_date = DateRangeValidator(dt.date(1945, 9, 2), future_days=3653)
