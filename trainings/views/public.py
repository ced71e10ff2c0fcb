"""Public pages: the course catalog, registration, cancelling by the e-mailed link, and
certificate verification."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from portal import fragments
from portal.models import ProgramSettings
from portal.views.helpers import add_service_errors, flash_errors, paginate

from .. import selectors, services
from ..forms import CatalogFilter, RegistrationForm, VerifyForm
from ..models import Enrollment
from ..permissions import active_organizations, can_register, courses_visible_to

# The open courses, their places taken and the solutions they teach (portal.areas).
CATALOG_AREAS = ("courses", "support")


def catalog(request):
    def build():
        filterset = CatalogFilter(request.GET or None, queryset=selectors.open_courses())
        page = paginate(request, filterset.qs, per_page=12)
        context = {"filter": filterset, "page": page, "query": request.GET}
        return {"content": fragments.render_fragment("trainings/_catalog.html", context)}

    # The same for every visitor: the courses open for registration (their status, not the
    # date, says so), as of the last change of the courses.
    key = "trainings:catalog|" + request.get_full_path()
    return fragments.render_page(
        request, "trainings/catalog.html", key, build, depends_on=CATALOG_AREAS
    )


def _public_course(request, pk):
    return get_object_or_404(selectors.course_list(courses_visible_to(request.user)), pk=pk)


def _my_enrollment(request, course):
    if not request.user.is_authenticated:
        return None
    return (
        course.enrollments.filter(email__iexact=request.user.email)
        .exclude(status=Enrollment.Status.CANCELLED)
        .first()
    )


def course_public(request, pk):
    course = _public_course(request, pk)
    open_for_registration, reason = can_register(course)
    organizations = active_organizations(request.user)
    return render(
        request,
        "trainings/course_public.html",
        {
            "course": course,
            "can_register": open_for_registration,
            "register_reason": reason,
            "organizations": organizations,
            "my_enrollment": _my_enrollment(request, course),
            "places_left": max(course.capacity - course.places_taken, 0),
        },
    )


def _initial_for(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "position": user.position,
    }


def _rate(group, request):
    return settings.TRAININGS_REGISTRATION_RATE


def _limited(request) -> bool:
    """Per-address limit on registrations, counted in the cache like the other public forms."""
    return is_ratelimited(
        request, group="trainings.register", key="ip", rate=_rate, method="POST", increment=True
    )


def _registered(request, course, enrollment):
    if enrollment.claimed_organization_id:
        messages.info(
            request,
            _(
                "%(organization)s will be asked to confirm that you work there; until then the "
                "registration is yours alone."
            )
            % {"organization": enrollment.claimed_organization.name},
        )
    if enrollment.status == Enrollment.Status.WAITLISTED:
        messages.warning(
            request,
            _(
                "The course is full: you are on the waiting list. We will write to you if a "
                "place frees up."
            ),
        )
    else:
        messages.success(
            request,
            _("Your registration is received. A confirmation e-mail is on its way to %(email)s.")
            % {"email": enrollment.email},
        )
    return redirect("trainings:course_public", pk=course.pk)


def register(request, pk):
    course = _public_course(request, pk)
    open_for_registration, reason = can_register(course)
    if not open_for_registration:
        messages.error(request, reason)
        return redirect("trainings:course_public", pk=course.pk)
    organizations = active_organizations(request.user)
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST" and _limited(request):
        form = RegistrationForm(request.POST, organizations=organizations if user else None)
        form.is_valid()  # keep what was typed; nothing is saved
        form.add_error(None, _("Too many registrations from your network. Try again later."))
        return render(
            request, "trainings/register.html", {"course": course, "form": form}, status=429
        )

    if request.method == "POST" and request.POST.get("quick") and user and organizations.exists():
        # One click for a signed-in enterprise user: their details and active organization.
        chosen = request.POST.get("organization", "")
        organization = (
            organizations.filter(pk=chosen).first() if chosen.isdigit() else None
        ) or organizations.first()
        try:
            enrollment = services.enrollment_register(
                course=course,
                full_name=user.full_name or user.email,
                email=user.email,
                phone=user.phone,
                position=user.position,
                participant_type=Enrollment.ParticipantType.ENTERPRISE_STAFF,
                organization=organization,
                user=user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
            return redirect("trainings:course_public", pk=course.pk)
        return _registered(request, course, enrollment)

    form = RegistrationForm(
        request.POST or None,
        initial=_initial_for(request.user),
        organizations=organizations if user else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrollment = services.enrollment_register(
                course=course,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                position=data.get("position", ""),
                workplace=data["workplace"],
                participant_type=data["participant_type"],
                # Chosen among the user's own organizations: linked at once. Named by tax
                # code: linked when the organization (or staff) confirms.
                organization=data.get("organization"),
                claimed_organization=data.get("tax_code"),
                user=user if user and user.email.lower() == data["email"].lower() else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _registered(request, course, enrollment)
    return render(request, "trainings/register.html", {"course": course, "form": form})


def enrollment_cancel_link(request, token):
    enrollment = services.enrollment_from_cancel_token(token)
    if enrollment is None:
        raise Http404(_("This cancellation link is not valid."))
    allowed, reason = services.can_cancel(enrollment)
    if request.method == "POST" and allowed:
        try:
            services.enrollment_cancel(enrollment=enrollment, by=request.user)
        except ValidationError as exc:
            reason = " ".join(exc.messages)
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect("trainings:course_public", pk=enrollment.course_id)
    return render(
        request,
        "trainings/cancel_link.html",
        {
            "enrollment": enrollment,
            "course": enrollment.course,
            "allowed": allowed,
            "reason": reason,
        },
    )


def verify_form(request):
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            reverse("trainings:verify", kwargs={"code": form.cleaned_data["code"].strip().upper()})
        )
    return render(request, "trainings/verify_form.html", {"form": form})


def verify(request, code):
    from portal import signing

    enrollment = selectors.certificate_by_code(code)
    verification = None
    if enrollment is not None and enrollment.certificate_file:
        # The electronic certificate as issued, with its digital signature checked.
        verification = signing.verify_file(
            enrollment.certificate_file,
            cache_key=f"certificate:{enrollment.pk}:{enrollment.certificate_file.name}",
        )
    context = {
        "code": code,
        "certificate": enrollment,
        "agency": ProgramSettings.load_cached(),
        "verification": verification,
    }
    status = 200 if enrollment else 404
    return render(request, "trainings/verify.html", context, status=status)
