"""The enterprise area: my courses and certificates, confirming the registrations that name
the organization, and certificate downloads."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import enterprise_required
from portal.queueing import enqueue

from .. import certificates, services
from ..models import Course, Enrollment
from ..permissions import certificates_visible_to, claims_awaiting, enrollments_visible_to
from ..tasks import sign_certificate_task

S = Enrollment.Status
SIGNED_FILE_WAIT_SECONDS = 4


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
    claims = claims_awaiting(request.user).select_related("course", "claimed_organization")
    return render(
        request,
        "trainings/my_courses.html",
        {"upcoming": upcoming, "past": past, "claims": claims.order_by("course__starts_on", "pk")},
    )


@login_required
@require_POST
def enrollment_claim(request, pk):
    """A member of the named organization, or program staff, confirms or declines that the
    person works there (another organization's ids give a 404)."""
    enrollment = get_object_or_404(claims_awaiting(request.user), pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.enrollment_claim_decide(enrollment=enrollment, by=request.user, confirm=confirm)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s is linked to the organization.") % {"name": enrollment.full_name}
            if confirm
            else _("%(name)s is not linked to the organization.") % {"name": enrollment.full_name},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "trainings:my_courses"
    return redirect(target)


@login_required
def certificate_pdf(request, pk):
    """The certificate as issued: the PDF signed with the Department's certificate. One not
    signed yet (issued before signing existed, or still queued) is queued for signing; with
    eager tasks (development) it is signed at once, else the page says to come back shortly."""
    enrollment = get_object_or_404(
        certificates_visible_to(request.user).select_related("course"), pk=pk
    )
    if not enrollment.certificate_file:
        # Queued when it was issued; asking again is harmless (the job is idempotent). A worker
        # signs in a second or two, so wait that long before saying "come back later".
        enqueue(sign_certificate_task, enrollment.pk)
        eager = sign_certificate_task.app.conf.task_always_eager  # then it has already run
        deadline = time.monotonic() + (0 if eager else SIGNED_FILE_WAIT_SECONDS)
        while True:
            enrollment.refresh_from_db(fields=["certificate_file", "certificate_signed_at"])
            if enrollment.certificate_file or time.monotonic() >= deadline:
                break
            time.sleep(0.25)
    if not enrollment.certificate_file:
        return render(request, "trainings/certificate_pending.html", {"enrollment": enrollment})
    try:
        handle = enrollment.certificate_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=certificates.certificate_filename(enrollment),
        content_type="application/pdf",
    )
