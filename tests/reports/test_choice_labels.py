"""`{{ record|label:"field" }}` gives what `get_FOO_display` gives, in each language."""

from django.utils import translation

from reports.templatetags.choice_labels import label
from trainings.models import Course


def test_the_label_filter_matches_get_display_in_each_language():
    course = Course(kind=Course.Kind.AWARENESS, status=Course.Status.OPEN)
    for language in ("vi", "en"):
        with translation.override(language):
            assert label(course, "kind") == course.get_kind_display()
            assert label(course, "status") == course.get_status_display()
    with translation.override("vi"), translation.override("en"):
        assert label(course, "kind") == "Awareness seminar"


def test_a_value_without_a_choice_is_shown_as_is():
    course = Course(kind="unknown")
    assert label(course, "kind") == course.get_kind_display() == "unknown"
