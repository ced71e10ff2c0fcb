"""The public home block: this year's progress in plain words, from the dashboard's reused
actuals (`FigureBook(cached=True)`), with the moment they were counted on the page."""

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .figures import FigureBook
from .models import Indicator

# Indicator code → the sentence that says it in plain words.
SENTENCES = {
    "SUPPORTED_ORGS": lambda n: (
        _(
            "%(n)s organizations supported to apply standards, management systems and productivity tools"
        )
        % {"n": n}
    ),
    "EXPERTS_TRAINED": lambda n: (
        _("%(n)s officials and experts trained in depth since the start of the phase") % {"n": n}
    ),
    "PILOT_MODELS": lambda n: _("%(n)s enterprises building pilot models") % {"n": n},
    "NQA_WINNERS": lambda n: (
        _("%(n)s winners of the National Quality Award in the phase") % {"n": n}
    ),
    "AWARENESS_REACH": lambda n: _("%(n)s people reached by communication and seminars") % {"n": n},
}


def progress_sentences(year: int) -> tuple[list[str], object]:
    """(the sentences, when the oldest figure in them was counted, or None if just now)."""
    codes = list(SENTENCES)
    indicators = Indicator.objects.filter(code__in=codes, is_active=True)
    book = FigureBook(indicators=indicators, cached=True)
    book.prefetch([year])
    by_code = {indicator.code: indicator for indicator in book.indicators}
    sentences = []
    for code in codes:
        indicator = by_code.get(code)
        if indicator is None:
            continue
        actual = book.actual(indicator, year)["value"]
        if actual is None:
            continue
        sentences.append(SENTENCES[code](number_format(actual, force_grouping=True)))
    return sentences, book.computed_at


def blocks(request) -> list[dict]:
    year = timezone.localdate().year
    sentences, computed_at = progress_sentences(year)
    if not sentences:
        return []
    return [
        {
            "template": "reports/_home_progress.html",
            "year": year,
            "sentences": sentences,
            "computed_at": computed_at or timezone.now(),
        }
    ]
