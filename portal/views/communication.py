"""Communication activities (press, radio/TV, seminars, leaflets) and the reach they had."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import CommunicationActivityForm
from ..models import CommunicationActivity
from ..permissions import staff_required
from .helpers import add_service_errors, choice_param, paginate, search_param, year_param


@staff_required
def staff_communication_list(request):
    year = year_param(request)
    channel = choice_param(request, "channel", CommunicationActivity.Channel.choices)
    query = search_param(request)
    activities = selectors.communication_activities(year=year, channel=channel, query=query)
    summary = selectors.communication_reach_by_year()
    return render(
        request,
        "portal/staff_communication_list.html",
        {
            "page": paginate(request, activities),
            "summary": summary,
            "years": [row["year"] for row in summary],
            "year": year,
            "channel": channel,
            "channels": CommunicationActivity.Channel.choices,
            "query": query,
        },
    )


def _activity_form(request, activity: CommunicationActivity | None):
    form = CommunicationActivityForm(
        request.POST or None, instance=copy.copy(activity) if activity else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                services.communication_activity_record(**form.cleaned_data, by=request.user)
            else:
                services.communication_activity_update(
                    activity=activity, **form.cleaned_data, by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The communication activity was saved."))
            return redirect("portal:staff_communication_list")
    return render(
        request, "portal/staff_communication_form.html", {"form": form, "activity": activity}
    )


@staff_required
def staff_communication_create(request):
    return _activity_form(request, None)


@staff_required
def staff_communication_update(request, pk):
    return _activity_form(request, get_object_or_404(CommunicationActivity, pk=pk))
