"""The council area: the nominations assigned to a member, and the scoring form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.permissions import council_required
from portal.views.helpers import add_service_errors

from .. import permissions, selectors
from ..forms import ReviewForm
from ..models import Review, Score
from ..permissions import reviewers_required
from ..services import review_save


@council_required
def council_reviews(request):
    reviews = (
        Review.objects.filter(reviewer=request.user)
        .select_related("nomination__organization", "nomination__cycle")
        .order_by("status", "-nomination__cycle__year", "nomination__organization__name")
    )
    return render(request, "awards/council_reviews.html", {"reviews": reviews})


@reviewers_required
def review(request, pk):
    user = request.user
    review = get_object_or_404(
        permissions.reviews_visible_to(user).select_related(
            "nomination__cycle", "nomination__organization", "reviewer"
        ),
        pk=pk,
    )
    nomination = review.nomination
    criteria = list(nomination.cycle.criteria.all())
    scores = {s.criterion_id: s for s in Score.objects.filter(review=review)}
    can_score, reason = permissions.can_score(user, review)
    form = ReviewForm(
        request.POST if request.method == "POST" and can_score else None,
        criteria=criteria,
        initial_scores={pk: (s.points, s.comment) for pk, s in scores.items()},
        initial={"overall": review.comments},
    )
    if request.method == "POST" and can_score and form.is_valid():
        submit = "submit" in request.POST
        try:
            review_save(
                review=review,
                by=user,
                scores=form.scores(),
                comments=form.comment_values(),
                overall=form.cleaned_data["overall"],
                submit=submit,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your review was submitted.") if submit else _("Your draft was saved."),
            )
            return redirect("awards:review", review.pk)
    see_all, see_reason = permissions.can_see_all_scores(user, nomination)
    context = {
        "review": review,
        "nomination": nomination,
        "criteria": criteria,
        "form": form,
        "can_score": can_score,
        "reason": reason,
        "scores": [(c, scores.get(c.pk)) for c in criteria],
        "see_all": see_all,
        "see_reason": see_reason,
    }
    if see_all:
        others = (
            Review.objects.filter(nomination=nomination, status=Review.Status.SUBMITTED)
            .exclude(pk=review.pk)
            .select_related("reviewer")
            .prefetch_related("scores")
        )
        context["others"] = [
            (
                other,
                [
                    next((s.points for s in other.scores.all() if s.criterion_id == c.pk), None)
                    for c in criteria
                ],
            )
            for other in others
        ]
        context["summary"] = selectors.review_summary(nomination)
    return render(request, "awards/review.html", context)
