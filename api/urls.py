"""API v1: the read-only endpoints, the OpenAPI schema and its documentation page."""

from django.urls import path

from .views import docs, endpoints

app_name = "api"

urlpatterns = [
    path("program/", endpoints.ProgramView.as_view(), name="program"),
    path("indicators/", endpoints.IndicatorListView.as_view(), name="indicators"),
    path("years/", endpoints.YearListView.as_view(), name="years"),
    path("years/<str:year>/figures/", endpoints.YearFiguresView.as_view(), name="year_figures"),
    path(
        "years/<str:year>/breakdowns/",
        endpoints.YearBreakdownView.as_view(),
        name="year_breakdowns",
    ),
    path("reports/", endpoints.AnnualReportListView.as_view(), name="reports"),
    path("reports/<str:pk>/pdf/", endpoints.AnnualReportPdfView.as_view(), name="report_pdf"),
    path("award-winners/", endpoints.AwardWinnerListView.as_view(), name="award_winners"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
]
