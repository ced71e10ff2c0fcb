from django.shortcuts import render

from portal.views.helpers import paginate, year_param

from .. import selectors


def winners(request):
    years = selectors.winner_years()
    year = year_param(request)
    page = paginate(request, selectors.winners(year), per_page=50)
    return render(
        request,
        "awards/winners.html",
        {"page": page, "years": years, "year": year},
    )
