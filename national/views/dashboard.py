"""The national dashboard, a province's page and the national annual report (PDF)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.views.helpers import year_param

from .. import selectors
from ..models import ProvincialPortal
from ..pdf import render_national_report
from ..permissions import national_reader
from ..provinces import province_name


def _year(request) -> tuple[int, list[int]]:
    years = selectors.figure_years()
    year = year_param(request) or selectors.default_year(years)
    return year, years


@national_reader
def dashboard(request):
    year, years = _year(request)
    table = selectors.national_table(year)
    return render(
        request,
        "national/dashboard.html",
        {**table, "years": sorted(set(years) | {year}, reverse=True)},
    )


@national_reader
def province_detail(request, code):
    name = province_name(code)
    if name is None:
        raise Http404
    portal = ProvincialPortal.objects.filter(province_code=code).first()
    context = {"code": code, "name": name, "portal": portal}
    if portal is not None:
        portal.stale = selectors.is_stale(portal)
        context.update(selectors.province_figures(portal))
        context["pulls"] = selectors.portal_pulls(portal)
    return render(request, "national/province_detail.html", context)


@national_reader
def national_report_pdf(request, year):
    if not 1900 <= year <= 2100:
        raise Http404
    pdf = render_national_report(selectors.national_table(year))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _("national-report-%(year)s.pdf") % {"year": year}
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
