"""Django admin for superusers; staff work through the portal's own pages (and services)."""

from django.contrib import admin
from django.db import transaction

from portal.admin import HistoryAdmin, YearLockAdminMixin

from . import persons, supported
from .models import (
    Consultant,
    Contract,
    ContractDocument,
    ContractLogEntry,
    Course,
    Enrollment,
    Expert,
    ExpertAssignment,
)

# A superuser's edit here passes the services by: the tables kept from the courses and their
# enrollments follow it as they follow the services (`supported.courses_changed`: the
# organizations supported each year, their counts and their kinds of support and solution
# groups; `persons.store`: the persons trained each year), for what the rows were before the
# edit and what they are after it. `_PLACE` names what each enrollment brings to them.
_PLACE = ("course_id", "course__ends_on", "organization_id", "email")


def _places(enrollments) -> list[tuple]:
    """(course, course's end, organization, e-mail) of each enrollment, as stored."""
    return list(enrollments.order_by().values_list(*_PLACE))


def _enrollments_moved(places, *, years=()) -> None:
    """The kept tables of the courses, organizations and persons of `places` (and `years`,
    e.g. a course's end before the edit) equal the rules again."""
    by_course: dict[int, tuple[set, set]] = {}
    emails, ends = set(), set(years)
    for course_id, ends_on, organization_id, email in places:
        organizations, course_years = by_course.setdefault(course_id, (set(), set()))
        if organization_id:
            organizations.add(organization_id)
        course_years.add(ends_on)
        ends.add(ends_on)
        emails.add(email)
    for course in Course.objects.filter(pk__in=by_course).order_by("pk"):
        organizations, course_years = by_course[course.pk]
        supported.courses_changed(
            course, years=[*course_years, *years], organization_ids=organizations
        )
    persons.store(emails, {end.year for end in ends if end})


@admin.register(Course)
class CourseAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("ends_on",)
    list_display = ["code", "title", "kind", "starts_on", "capacity", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "title"]

    # A course's kind, end or solutions decide what its completions count for.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            ended = Course.objects.filter(pk=obj.pk).values_list("ends_on", flat=True).first()
            super().save_model(request, obj, form, change)
            _enrollments_moved(_places(obj.enrollments.all()), years=[ended] if ended else [])

    def save_related(self, request, form, formsets, change):
        # The form's solutions are saved here, after `save_model`: the kept solution groups
        # of its organizations' support (SupportPair) follow them.
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            course = form.instance
            _enrollments_moved(_places(course.enrollments.all()), years=[course.ends_on])

    # Enrollments protect their course: only a course nobody enrolled in can be deleted, and
    # it counted for nobody; its enrollments' places are still read, should that change.
    def delete_model(self, request, obj):
        with transaction.atomic():
            previous = _places(obj.enrollments.all())
            super().delete_model(request, obj)
            _enrollments_moved(previous)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            previous = _places(Enrollment.objects.filter(course__in=queryset))
            super().delete_queryset(request, queryset)
            _enrollments_moved(previous)


@admin.register(Enrollment)
class EnrollmentAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("course__ends_on",)
    list_display = ["full_name", "email", "course", "status", "certificate_number"]
    list_filter = ["status", "course__kind"]
    search_fields = ["full_name", "email", "certificate_number", "verification_code"]
    raw_id_fields = ["course", "organization", "user"]

    # Its status, organization, course and e-mail decide whom it counts, where and when: the
    # kept tables follow it from where it was to where it is.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            previous = _places(Enrollment.objects.filter(pk=obj.pk)) if change else []
            super().save_model(request, obj, form, change)
            _enrollments_moved([*previous, *_places(Enrollment.objects.filter(pk=obj.pk))])

    def delete_model(self, request, obj):
        with transaction.atomic():
            previous = _places(Enrollment.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)
            _enrollments_moved(previous)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            previous = _places(queryset)
            super().delete_queryset(request, queryset)
            _enrollments_moved(previous)


@admin.register(Expert)
class ExpertAdmin(HistoryAdmin):
    list_display = ["full_name", "email", "source", "is_active"]
    search_fields = ["full_name", "email"]


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(HistoryAdmin):
    list_display = ["expert", "role", "date", "course", "support_activity"]


@admin.register(Consultant)
class ConsultantAdmin(HistoryAdmin):
    list_display = ["name", "tax_code"]
    search_fields = ["name", "tax_code"]


class LogInline(admin.TabularInline):
    model = ContractLogEntry
    extra = 0


class DocumentInline(admin.TabularInline):
    model = ContractDocument
    extra = 0


@admin.register(Contract)
class ContractAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("signed_on", "accepted_on", "settled_on", "terminated_on")
    list_display = ["contract_number", "title", "consultant", "value", "status"]
    list_filter = ["status", "selection_method"]
    search_fields = ["title", "contract_number", "decision_number"]
    inlines = [LogInline, DocumentInline]
