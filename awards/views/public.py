from django.core.paginator import Paginator
from django.shortcuts import render

from portal.views.helpers import int_param

from .. import selectors


def winners(request):
    years = selectors.winner_years()
    year = int_param(request, "year") or None
    page = Paginator(selectors.winners(year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/winners.html",
        {"page": page, "years": years, "year": year},
    )
