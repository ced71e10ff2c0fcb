from django.core.paginator import Paginator
from django.shortcuts import render

from portal.views.helpers import year_param

from .. import selectors


def winners(request):
    years = selectors.winner_years()
    year = year_param(request)
    page = Paginator(selectors.winners(year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/winners.html",
        {"page": page, "years": years, "year": year},
    )
