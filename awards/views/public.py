from django.core.paginator import Paginator
from django.shortcuts import render

from .. import selectors


def winners(request):
    years = selectors.winner_years()
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    page = Paginator(selectors.winners(year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/winners.html",
        {"page": page, "years": years, "year": year},
    )
