"""A nomination's pages: its dossier (organization), checks and assignment (staff), the
provincial decision and the result (staff), and the ranking (staff and council)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import fragments
from portal.permissions import staff_required
from portal.uploads import private_download
from portal.views.helpers import add_service_errors, flash_errors, int_param, paginate, require_post

from .. import permissions, selectors, services
from ..filters import NominationFilter
from ..forms import (
    AssignForm,
    CheckForm,
    DecisionForm,
    DocumentForm,
    ResultForm,
    ScoresForm,
    WithdrawForm,
)
from ..models import AwardCycle, Nomination, Review
from ..permissions import awards_user_required


def _visible_nomination(request, pk) -> Nomination:
    try:
        return selectors.nomination_detail(permissions.nominations_visible_to(request.user), pk)
    except Nomination.DoesNotExist as exc:
        raise Http404 from exc


# The nominations, their files and reviews, and their organizations' names (portal.areas).
NOMINATION_LIST_AREAS = ("awards", "organizations")
# The list's sorts by a count of files or reviews (awards.filters.NominationFilter).
NOMINATION_COUNT_SORTS = ("files", "reviews")


@staff_required
def nomination_list(request):
    def build():
        # The files and reviews are counted for the page's rows only, unless the list is
        # sorted by them (selectors.nominations_list).
        by_count = request.GET.get("o", "").lstrip("-") in NOMINATION_COUNT_SORTS
        filterset = NominationFilter(
            request.GET,
            queryset=selectors.nominations_list(Nomination.objects.all(), counted=by_count),
        )
        page = paginate(request, filterset.qs, per_page=30)
        page.object_list = list(page.object_list)
        selectors.add_nomination_counts(page.object_list)
        context = {"filter": filterset, "page": page, "query": request.GET}
        return {"content": fragments.render_fragment("awards/_nomination_list.html", context)}

    # The filter form, the count and the rows, as of the last change of the nominations.
    key = "awards:nominations|" + request.get_full_path()
    return fragments.render_page(
        request, "awards/nomination_list.html", key, build, depends_on=NOMINATION_LIST_AREAS
    )


@awards_user_required
def nomination_detail(request, pk):
    nomination = _visible_nomination(request, pk)
    user = request.user
    criteria = list(nomination.cycle.criteria.all())
    can_edit, edit_reason = permissions.can_edit_dossier(user, nomination)
    is_member = permissions.is_member(user, nomination)
    see_all, see_reason = permissions.can_see_all_scores(user, nomination)
    self_scores = {s.criterion_id: s for s in nomination.self_scores.all()}
    context = {
        "nomination": nomination,
        "criteria": criteria,
        "documents": nomination.documents.all(),
        "is_member": is_member,
        "is_staff": user.is_program_staff,
        "can_edit": can_edit,
        "edit_reason": edit_reason,
        "see_all_scores": see_all,
        "see_scores_reason": see_reason,
        "self_rows": [(c, self_scores.get(c.pk)) for c in criteria],
        "statuses": _progress(nomination),
        "today": timezone.localdate(),
        "moves": Nomination.WORKFLOW.available(nomination.status),
    }
    if can_edit:
        context["document_form"] = DocumentForm()
    if is_member and nomination.is_withdrawable:
        context["withdraw_form"] = WithdrawForm()
    if user.is_council_member:
        context["own_review"] = next(
            (r for r in nomination.reviews.all() if r.reviewer_id == user.pk), None
        )
    if see_all or permissions.can_see_summary(user, nomination):
        summary = selectors.review_summary(nomination)
        averages = selectors.criterion_averages(nomination)
        context["summary"] = summary
        context["averages"] = [(c, averages.get(c.pk)) for c in criteria]
        if summary["mean"] is not None:
            context["suggested_level"] = services.level_for_points(
                nomination.cycle, summary["mean"]
            )
    if see_all:
        context["reviews"] = nomination.reviews.all()
    if user.is_program_staff:
        context["check_form"] = CheckForm()
    return render(request, "awards/nomination_detail.html", context)


def _progress(nomination: Nomination) -> list[tuple[str, str, str]]:
    """The steps of the nomination with done/current/todo, for the status tracker."""
    steps: list[str] = [
        Nomination.Status.ENCOURAGED,
        Nomination.Status.REGISTERED,
        Nomination.Status.DOSSIER_SUBMITTED,
        Nomination.Status.UNDER_REVIEW,
        Nomination.Status.FORWARDED,
    ]
    final = nomination.status
    if final in (Nomination.Status.AWARDED, Nomination.Status.NOT_AWARDED):
        steps.append(final)
    else:
        steps.append(Nomination.Status.AWARDED)
    if nomination.not_forwarded:
        steps.remove(Nomination.Status.FORWARDED)
    if final != Nomination.Status.ENCOURAGED and nomination.encouraged_by_id is None:
        steps.remove(Nomination.Status.ENCOURAGED)
    if final == Nomination.Status.WITHDRAWN:
        return [(Nomination.Status.WITHDRAWN, str(Nomination.Status.WITHDRAWN.label), "current")]
    current = steps.index(final) if final in steps else 0
    return [
        (
            step,
            str(Nomination.Status(step).label),
            "done" if i < current else ("current" if i == current else "todo"),
        )
        for i, step in enumerate(steps)
    ]


@awards_user_required
def document_download(request, pk):
    document = get_object_or_404(
        permissions.documents_visible_to(request.user).select_related("nomination"), pk=pk
    )
    return private_download(document.file, stem="ho-so", pk=document.pk)


@awards_user_required
def document_upload(request, pk):
    nomination = _visible_nomination(request, pk)
    if not_allowed := require_post(request):
        return not_allowed
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.nomination_document_add(
                nomination=nomination,
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        messages.success(request, _("The file was added to the dossier."))
    return redirect("awards:nomination_detail", nomination.pk)


@awards_user_required
def document_delete(request, pk):
    document = get_object_or_404(
        permissions.documents_visible_to(request.user).select_related("nomination__cycle"), pk=pk
    )
    if not_allowed := require_post(request):
        return not_allowed
    try:
        services.nomination_document_delete(document=document, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The file was removed from the dossier."))
    return redirect("awards:nomination_detail", document.nomination_id)


@awards_user_required
def self_assessment(request, pk):
    nomination = _visible_nomination(request, pk)
    if not (permissions.is_member(request.user, nomination) or request.user.is_program_staff):
        raise PermissionDenied(_("The self-assessment belongs to the organization's dossier."))
    can_edit, reason = permissions.can_edit_dossier(request.user, nomination)
    initial = {s.criterion_id: (s.points, s.note) for s in nomination.self_scores.all()}
    form = ScoresForm(
        request.POST if request.method == "POST" and can_edit else None,
        criteria=nomination.cycle.criteria.all(),
        initial_scores=initial,
    )
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.self_assessment_save(
                nomination=nomination,
                scores=form.scores(),
                notes=form.comment_values(),
                by=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The self-assessment was saved."))
            return redirect("awards:nomination_detail", nomination.pk)
    return render(
        request,
        "awards/self_assessment.html",
        {
            "nomination": nomination,
            "form": form,
            "can_edit": can_edit,
            "read_only": not can_edit,
            "reason": reason,
        },
    )


@awards_user_required
def nomination_submit(request, pk):
    nomination = _visible_nomination(request, pk)
    if not_allowed := require_post(request):
        return not_allowed
    try:
        services.nomination_submit(nomination=nomination, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, _("The dossier was submitted. Program staff will check it and tell you.")
        )
    return redirect("awards:nomination_detail", nomination.pk)


@awards_user_required
def nomination_withdraw(request, pk):
    nomination = _visible_nomination(request, pk)
    if not_allowed := require_post(request):
        return not_allowed
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the withdrawal."))
        return redirect("awards:nomination_detail", nomination.pk)
    try:
        services.nomination_withdraw(
            nomination=nomination, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The nomination was withdrawn."))
    return redirect("awards:nomination_detail", nomination.pk)


@staff_required
@require_POST
def nomination_check(request, pk):
    nomination = get_object_or_404(Nomination, pk=pk)
    form = CheckForm(request.POST)
    form.is_valid()
    try:
        services.nomination_dossier_check(
            nomination=nomination, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The dossier was marked as checked."))
    return redirect("awards:nomination_detail", nomination.pk)


@staff_required
def assign(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle", "organization"), pk=pk
    )
    form = AssignForm(request.POST or None, nomination=nomination)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.reviews_assign(
                nomination=nomination, reviewers=form.cleaned_data["reviewers"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s council members were assigned.") % {"count": len(created)},
            )
            return redirect("awards:nomination_detail", nomination.pk)
    reviews = nomination.reviews.select_related("reviewer")
    return render(
        request,
        "awards/assign.html",
        {"nomination": nomination, "form": form, "reviews": reviews},
    )


@staff_required
@require_POST
def review_unassign(request, pk):
    review = get_object_or_404(Review, pk=pk)
    try:
        services.review_unassign(review=review, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The assignment was removed."))
    return redirect("awards:assign", review.nomination_id)


@staff_required
def decide(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle", "organization"), pk=pk
    )
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        initial={"decided_on": timezone.localdate(), "decision": "forward"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_decide(
                nomination=nomination,
                by=request.user,
                forward=form.cleaned_data["decision"] == "forward",
                minutes=form.cleaned_data["minutes"],
                decided_on=form.cleaned_data["decided_on"],
                minutes_file=form.cleaned_data["minutes_file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The council's decision was recorded."))
            return redirect("awards:nomination_detail", nomination.pk)
    return render(
        request,
        "awards/decision.html",
        {
            "nomination": nomination,
            "form": form,
            "summary": selectors.review_summary(nomination),
            "open": nomination.status == Nomination.Status.UNDER_REVIEW,
        },
    )


@staff_required
def result(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle", "organization", "level"), pk=pk
    )
    form = ResultForm(
        request.POST or None,
        nomination=nomination,
        initial={
            "level": nomination.level_id,
            "decision_number": nomination.decision_number,
            "decision_date": nomination.decision_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_record_result(
                nomination=nomination, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The result was recorded."))
            return redirect("awards:nomination_detail", nomination.pk)
    return render(
        request,
        "awards/result.html",
        {"nomination": nomination, "form": form, "open": nomination.result_recordable},
    )


# The ranking shows the cycle's nominations, reviews and scores, and the organizations' names.
RANKING_AREAS = ("awards", "organizations")


@awards_user_required
def ranking(request):
    user = request.user
    if not (user.is_program_staff or user.is_council_member):
        raise PermissionDenied(_("Only program staff and council members see the ranking."))
    staff = user.is_program_staff

    def build():
        cycles = AwardCycle.objects.all()
        cycle_pk = int_param(request, "cycle")
        cycle = cycles.filter(pk=cycle_pk).first() if cycle_pk is not None else None
        if cycle is None and not staff:
            # A council member's default: the latest cycle they submitted a review in.
            cycle = cycles.filter(
                nominations__reviews__reviewer=user,
                nominations__reviews__status=Review.Status.SUBMITTED,
            ).first()
        cycle = cycle or selectors.current_cycle(today)
        if cycle is None:
            raise Http404
        allowed, reason = permissions.can_see_ranking(user, cycle)
        if not allowed:
            raise PermissionDenied(reason)
        nominations = permissions.ranking_nominations_for(user, Nomination.objects.all())
        context = {
            "cycle": cycle,
            "cycles": cycles if staff else None,
            "criteria": list(cycle.criteria.all()),
            "rows": selectors.ranking(cycle, nominations),
            "levels": cycle.levels.order_by("-min_points"),
        }
        # Every part is served as HTML: the name is escaped here.
        return {
            "title": escape(cycle.name),
            "content": fragments.render_fragment("awards/_ranking.html", context),
        }

    # Staff rank every nomination: one page for all of them. A council member ranks those they
    # reviewed: their own page. The default cycle is this year's (the date is in the key).
    today = timezone.localdate()
    viewer = "staff" if staff else f"council:{user.pk}"
    key = f"awards:ranking|{request.get_full_path()}|{viewer}|{today.year}"
    return fragments.render_page(
        request, "awards/ranking.html", key, build, depends_on=RANKING_AREAS
    )
