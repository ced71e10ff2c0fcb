"""The public home block: this year's progress in plain words, cached."""

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .figures import FigureBook
from .models import Indicator

CACHE_SECONDS = 15 * 60
CACHE_KEY = "reports:home-progress:{year}:{language}"

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


def progress_sentences(year: int) -> list[str]:
    codes = list(SENTENCES)
    indicators = Indicator.objects.filter(code__in=codes, is_active=True)
    book = FigureBook(indicators=indicators)
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
    return sentences


def blocks(request) -> list[dict]:
    year = timezone.localdate().year
    key = CACHE_KEY.format(year=year, language=get_language())
    sentences = cache.get(key)
    if sentences is None:
        sentences = progress_sentences(year)
        cache.set(key, sentences, CACHE_SECONDS)
    if not sentences:
        return []
    return [{"template": "reports/_home_progress.html", "year": year, "sentences": sentences}]
