"""Closing a year: submit (staff), approve or return (a lead), unlock with a reason (a lead)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.confirm import confirmation_page
from portal.permissions import staff_required

from .. import permissions, services
from ..figures import FigureBook
from ..models import YearClosing
from .common import selectable_years, with_indicator_ids


@staff_required
def year_list(request):
    years = selectable_years()
    closings = {
        closing.year: closing
        for closing in YearClosing.objects.select_related("submitted_by", "approved_by")
    }
    rows = [{"year": year, "closing": closings.get(year)} for year in years]
    return render(
        request,
        "reports/year_list.html",
        {"rows": rows, "is_lead": permissions.is_lead(request.user)},
    )


def _closing_or_new(year: int) -> YearClosing:
    return YearClosing.objects.filter(year=year).first() or YearClosing(year=year)


@staff_required
def year_detail(request, year: int):
    if year not in selectable_years():
        raise Http404
    closing = _closing_or_new(year)
    if closing.snapshot and closing.status != YearClosing.Status.OPEN:
        figures = with_indicator_ids([dict(entry) for entry in closing.snapshot["indicators"]])
        frozen = True
    else:
        book = FigureBook()
        figures = with_indicator_ids(book.figures(year, live=True), book.indicators)
        frozen = False
    events = closing.events.select_related("by") if closing.pk else []
    user = request.user
    return render(
        request,
        "reports/year_detail.html",
        {
            "year": year,
            "closing": closing,
            "figures": figures,
            "frozen": frozen,
            "events": events,
            "can_submit": permissions.can_submit_year(user, closing),
            "can_approve": permissions.can_approve_year(user, closing),
            "can_return": permissions.can_return_year(user, closing),
            "can_unlock": permissions.can_unlock_year(user, closing),
            "today": timezone.localdate(),
        },
    )


def _closing(year: int) -> YearClosing:
    closing = YearClosing.objects.filter(year=year).first()
    if closing is None:
        raise Http404
    return closing


def _done(request, year: int, action):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return True


@staff_required
@require_POST
def year_submit(request, year: int):
    if _done(request, year, lambda: services.year_submit(year=year, by=request.user)):
        messages.success(
            request, _("The figures of %(year)s were submitted for approval.") % {"year": year}
        )
    return redirect("reports:year_detail", year=year)


@staff_required
@require_POST
def year_approve(request, year: int):
    closing = _closing(year)
    # Ask first only someone who may approve: anyone else hears why not at once.
    if permissions.can_approve_year(request.user, closing)[0] and (
        page := confirmation_page(
            request,
            question=_("Approve and lock %(year)s? Its figures are frozen and its records locked.")
            % {"year": year},
            action_label=_("Approve and lock"),
            back_url=reverse("reports:year_detail", args=[year]),
        )
    ):
        return page
    if _done(request, year, lambda: services.year_approve(closing=closing, by=request.user)):
        messages.success(request, _("%(year)s is approved and locked.") % {"year": year})
    return redirect("reports:year_detail", year=year)


@staff_required
@require_POST
def year_return(request, year: int):
    closing = _closing(year)
    reason = request.POST.get("reason", "")
    if _done(
        request,
        year,
        lambda: services.year_return(closing=closing, by=request.user, reason=reason),
    ):
        messages.success(request, _("The figures of %(year)s were returned.") % {"year": year})
    return redirect("reports:year_detail", year=year)


@staff_required
@require_POST
def year_unlock(request, year: int):
    closing = _closing(year)
    reason = request.POST.get("reason", "")
    if _done(
        request,
        year,
        lambda: services.year_unlock(closing=closing, by=request.user, reason=reason),
    ):
        messages.success(request, _("%(year)s is unlocked; the reason is kept.") % {"year": year})
    return redirect("reports:year_detail", year=year)
