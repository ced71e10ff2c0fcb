import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Requests leave their language active in the thread (LocaleMiddleware does not reset it),
    so a test that switched to English would leak into the next one: start each test in the
    site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
