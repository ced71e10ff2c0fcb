"""Picker endpoints (portal/pickers.py) for courses and experts: staff only, as are the forms
that use them."""

from django.urls import path
from django.utils import formats

from portal.permissions import can_use_staff_workspace
from portal.pickers import PickerView
from portal.text import search_key, search_terms

from .models import Course, Expert


def course_label(course: Course) -> str:
    date = formats.date_format(course.starts_on, "SHORT_DATE_FORMAT")
    return f"{course.code} · {course.title} ({date})"


class CoursePicker(PickerView):
    """Courses, newest first, by code or title, accents ignored. `?exclude=<status>` (may be
    repeated) leaves out drafts or cancelled courses, as the form that asks does."""

    permission = can_use_staff_workspace

    def get_queryset(self):
        excluded = [s for s in self.request.GET.getlist("exclude") if s in Course.Status.values]
        courses = (
            Course.objects.exclude(status__in=excluded)
            .only("id", "code", "title", "starts_on")
            .order_by("-starts_on", "-pk")
        )
        terms = search_terms(self.q)
        if not terms:
            return courses
        # A province runs some hundreds of courses: matched here, accents ignored.
        return [
            course
            for course in courses
            if all(term in search_key(course.code, course.title) for term in terms)
        ]

    def get_result_label(self, result):
        return course_label(result)


class ExpertPicker(PickerView):
    """The province's experts by name, workplace or e-mail, accents ignored; active ones
    unless `?inactive=1`."""

    permission = can_use_staff_workspace

    def base_queryset(self):
        experts = Expert.objects.only("id", "full_name", "workplace").order_by("full_name", "pk")
        if self.request.GET.get("inactive") != "1":
            experts = experts.filter(is_active=True)
        return experts

    def get_result_label(self, result):
        return f"{result.full_name} – {result.workplace}" if result.workplace else result.full_name


urlpatterns = [
    path("pick/courses/", CoursePicker.as_view(), name="pick_course"),
    path("pick/experts/", ExpertPicker.as_view(), name="pick_expert"),
]
