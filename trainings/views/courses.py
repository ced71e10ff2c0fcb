"""Staff pages for courses: list, create and edit, status changes, registrations in bulk,
attendance and results for a whole course, certificates."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import fragments, spreadsheets
from portal.confirm import confirmation_page
from portal.permissions import staff_required
from portal.views.helpers import add_service_errors, around_pk, flash_errors, paginate

from .. import attendance, certificates, selectors, services
from ..forms import (
    AttendanceImportForm,
    CourseForm,
    EnrollmentFilter,
    ParticipantForm,
    ResultFormSet,
    RevokeForm,
    StaffCourseFilter,
)
from ..models import Contract, Course, Enrollment
from ..permissions import can_record_results
from .common import PAGE_SIZE, pdf_response

S = Enrollment.Status


# What the staff list of courses shows (portal.areas): the courses, their enrollments (places
# taken) and the solutions they teach; a write to the registry or the awards keeps it.
COURSE_LIST_AREAS = ("courses", "support")


@staff_required
def course_list(request):
    def build():
        filterset = StaffCourseFilter(request.GET, queryset=selectors.course_list())
        page = paginate(request, filterset.qs, per_page=PAGE_SIZE)
        context = {
            "filter": filterset,
            "page": page,
            "query": request.GET,
            "course_url": around_pk("trainings:course_detail"),
        }
        return {"content": fragments.render_fragment("trainings/staff/_course_list.html", context)}

    # The filter form, the count and the rows, as of the last change of the courses.
    key = "trainings:courses|" + request.get_full_path()
    return fragments.render_page(
        request, "trainings/staff/course_list.html", key, build, depends_on=COURSE_LIST_AREAS
    )


@staff_required
def enrollment_list(request):
    """Every enrollment of every course, filtered and sorted (staff)."""
    filterset = EnrollmentFilter(request.GET, queryset=selectors.enrollment_list())
    page = paginate(request, filterset.qs)
    return render(
        request, "trainings/staff/enrollment_list.html", {"filter": filterset, "page": page}
    )


def _course_fields(form) -> dict:
    data = dict(form.cleaned_data)
    solutions = data.pop("solutions")
    return {"solutions": solutions, **data}


@staff_required
def course_create(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(by=request.user, **_course_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course is saved as a draft."))
            return redirect("trainings:course_detail", pk=course.pk)
    return render(request, "trainings/staff/form.html", {"form": form, "title": _("New course")})


@staff_required
def course_edit(request, pk):
    course = get_object_or_404(Course, pk=pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(course=course, by=request.user, **_course_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("trainings:course_detail", pk=course.pk)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": _("Edit course"),
            "back_url": reverse("trainings:course_detail", args=[course.pk]),
        },
    )


@staff_required
def course_detail(request, pk):
    course = get_object_or_404(
        selectors.course_list().prefetch_related(
            Prefetch("contracts", queryset=Contract.objects.select_related("consultant"))
        ),
        pk=pk,
    )
    enrollments = selectors.course_enrollments(course)
    results_allowed, results_reason = can_record_results(course)
    return render(
        request,
        "trainings/staff/course_detail.html",
        {
            "course": course,
            "enrollments": enrollments,
            "results_allowed": results_allowed,
            "results_reason": results_reason,
            "certificate_count": sum(1 for e in enrollments if e.certificate_is_valid),
            "took_place": course.ends_on < timezone.localdate(),
            "moves": Course.WORKFLOW.available(course.status),
        },
    )


@staff_required
def participant_add(request, pk):
    """Add a participant by hand (a course that took place, a paper registration)."""
    course = get_object_or_404(Course, pk=pk)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.participant_add(
                course=course, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is added to the participants.") % {"name": enrollment.full_name},
            )
            if "another" in request.POST:
                return redirect("trainings:participant_add", pk=course.pk)
            return redirect("trainings:course_detail", pk=course.pk)
    return render(
        request,
        "trainings/staff/participant_form.html",
        {"course": course, "form": form},
    )


@staff_required
def attendance_import(request, pk):
    """Add the participants of an Excel attendance list, all or nothing."""
    course = get_object_or_404(Course, pk=pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.MAX_UPLOAD_SIZE:
                raise ValidationError(
                    _("The file is too large; the limit is %(limit)s MB.")
                    % {"limit": settings.MAX_UPLOAD_SIZE // (1024 * 1024)}
                )
            rows = attendance.read_rows(upload.read())
            added = services.attendance_import(course=course, by=request.user, rows=rows)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s participant is added from the attendance list.",
                    "%(count)s participants are added from the attendance list.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("trainings:course_detail", pk=course.pk)
    return render(
        request,
        "trainings/staff/attendance_import.html",
        {"course": course, "form": form, "errors": errors},
    )


@staff_required
def attendance_template(request):
    stamp = timezone.localdate().strftime("%Y%m%d")
    return spreadsheets.xlsx_response(
        attendance.template_workbook(), f"danh-sach-hoc-vien-{stamp}.xlsx"
    )


@staff_required
@require_POST
def course_transition(request, pk, action):
    course = get_object_or_404(Course, pk=pk)
    service = services.COURSE_TRANSITIONS.get(action)
    if service is None:
        raise Http404
    if action == "cancel" and (
        page := confirmation_page(
            request,
            question=_("Cancel this course? Everyone registered is told by e-mail."),
            action_label=_("Cancel course"),
            back_url=reverse("trainings:course_detail", args=[course.pk]),
        )
    ):
        return page
    try:
        service(course=course, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The course status is updated."))
    return redirect("trainings:course_detail", pk=course.pk)


@staff_required
@require_POST
def enrollment_bulk(request, pk):
    course = get_object_or_404(Course, pk=pk)
    try:
        ids = [int(value) for value in request.POST.getlist("enrollment")]
    except ValueError:
        ids = []
    action = request.POST.get("action")
    try:
        if action == "confirm":
            count = services.enrollments_confirm(course=course, enrollment_ids=ids, by=request.user)
            messages.success(request, _("%(count)d registrations confirmed.") % {"count": count})
        elif action == "cancel":
            count = services.enrollments_cancel_bulk(
                course=course, enrollment_ids=ids, by=request.user
            )
            messages.success(request, _("%(count)d registrations cancelled.") % {"count": count})
        else:
            messages.error(request, _("Choose an action."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("trainings:course_detail", pk=course.pk)


@staff_required
def course_results(request, pk):
    course = get_object_or_404(Course, pk=pk)
    allowed, reason = can_record_results(course)
    if not allowed:
        messages.error(request, reason)
        return redirect("trainings:course_detail", pk=course.pk)
    enrollments = list(
        selectors.course_enrollments(course).filter(status__in=services.RESULT_STATUSES)
    )
    by_pk = {e.pk: e for e in enrollments}
    initial = [
        {
            "enrollment": e.pk,
            "attended": e.status in (S.ATTENDED, S.PASSED, S.FAILED),
            "result": e.status if e.status in (S.PASSED, S.FAILED) else "",
            "score": e.score,
        }
        for e in enrollments
    ]
    formset = ResultFormSet(request.POST or None, initial=initial, prefix="rows")
    errors = []
    if request.method == "POST":
        if formset.is_valid():
            rows = []
            for form in formset.forms:
                enrollment = by_pk.get(form.cleaned_data["enrollment"])
                if enrollment is None:
                    errors.append(_("The list of participants changed: reload the page."))
                    break
                rows.append({**form.cleaned_data, "enrollment": enrollment})
            if not errors:
                try:
                    summary = services.course_results_record(
                        course=course, results=rows, by=request.user
                    )
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    messages.success(
                        request,
                        _(
                            "Results saved: %(passed)d passed, %(failed)d failed, "
                            "%(certificates)d new certificates."
                        )
                        % summary,
                    )
                    return redirect("trainings:course_detail", pk=course.pk)
        else:
            errors = [_("Please correct the rows marked below.")]
    rows = [(form, by_pk.get(form.initial.get("enrollment"))) for form in formset.forms]
    return render(
        request,
        "trainings/staff/course_results.html",
        {"course": course, "formset": formset, "rows": rows, "errors": errors},
    )


@staff_required
def course_certificates_pdf(request, pk):
    course = get_object_or_404(Course, pk=pk)
    holders = list(
        course.enrollments.filter(
            status=S.PASSED, certificate_number__isnull=False, certificate_revoked_at__isnull=True
        )
        .select_related("course")
        .order_by("full_name")
    )
    if not holders:
        messages.error(request, _("No certificates have been issued for this course."))
        return redirect("trainings:course_detail", pk=course.pk)
    return pdf_response(
        certificates.render_certificates(holders), f"{course.code}-certificates.pdf"
    )


@staff_required
def certificate_revoke(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("course"), pk=pk, certificate_number__isnull=False
    )
    form = RevokeForm(request.POST or None)
    question = _(
        "Revoke certificate %(number)s? It is shown as revoked to anyone who checks it."
    ) % {"number": enrollment.certificate_number}
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            page := confirmation_page(
                request,
                question=question,
                action_label=_("Revoke the certificate"),
                back_url=reverse("trainings:course_detail", args=[enrollment.course_id]),
            )
        )
    ):
        return page
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                enrollment=enrollment, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("trainings:course_detail", pk=enrollment.course_id)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": _("Revoke certificate %(number)s") % {"number": enrollment.certificate_number},
            "intro": _("%(name)s, %(course)s")
            % {"name": enrollment.full_name, "course": enrollment.course},
            "back_url": reverse("trainings:course_detail", args=[enrollment.course_id]),
            "danger": True,
            "confirm": question,
        },
    )
