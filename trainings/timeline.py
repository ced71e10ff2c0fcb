"""An organization's history, trainings part: the courses its staff attended."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Enrollment
from .selectors import ATTENDED_STATUSES


def entries(organization) -> list[dict]:
    """One entry per course attended by the organization's staff: date, title, url, kind."""
    rows: dict[int, dict] = {}
    for enrollment in (
        Enrollment.objects.filter(organization=organization, status__in=ATTENDED_STATUSES)
        .select_related("course")
        .order_by("course__ends_on", "course_id", "full_name")
    ):
        course = enrollment.course
        entry = rows.setdefault(
            course.pk,
            {
                "date": course.ends_on,
                "kind": "training",
                "url": reverse("trainings:course_public", kwargs={"pk": course.pk}),
                "course": course,
                "people": [],
                "passed": 0,
            },
        )
        entry["people"].append(enrollment.full_name)
        entry["passed"] += enrollment.status == Enrollment.Status.PASSED
    result = []
    for entry in rows.values():
        course = entry.pop("course")
        entry["title"] = _("%(course)s: %(count)d staff attended (%(names)s)") % {
            "course": course.title,
            "count": len(entry["people"]),
            "names": ", ".join(entry["people"]),
        }
        entry["detail"] = course.get_kind_display()
        result.append(entry)
    return result
