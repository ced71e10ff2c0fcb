"""The enterprise area: my courses and certificates, and certificate downloads."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.permissions import enterprise_required

from .. import certificates
from ..models import Course, Enrollment
from ..permissions import certificates_visible_to, enrollments_visible_to
from .common import pdf_response

S = Enrollment.Status


@enterprise_required
def my_courses(request):
    enrollments = (
        enrollments_visible_to(request.user)
        .exclude(status=S.CANCELLED)
        .select_related("course", "organization")
        .order_by("-course__starts_on", "full_name")
    )
    today = timezone.localdate()
    upcoming = enrollments.filter(
        course__ends_on__gte=today, status__in=(S.REGISTERED, S.WAITLISTED, S.CONFIRMED)
    ).exclude(course__status=Course.Status.CANCELLED)
    past = enrollments.filter(~Q(pk__in=upcoming.values("pk")))
    return render(
        request,
        "trainings/my_courses.html",
        {"upcoming": upcoming, "past": past},
    )


@login_required
def certificate_pdf(request, pk):
    enrollment = get_object_or_404(
        certificates_visible_to(request.user).select_related("course"), pk=pk
    )
    return pdf_response(
        certificates.render_certificate(enrollment),
        certificates.certificate_filename(enrollment),
    )
