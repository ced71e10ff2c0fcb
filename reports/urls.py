from django.urls import path

from .views import annual, closing, dashboard, targets

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export.xlsx", dashboard.dashboard_export, name="dashboard_export"),
    path("indicators/<int:pk>/<int:year>/", dashboard.drilldown, name="drilldown"),
    path("targets/", targets.target_list, name="target_list"),
    path("targets/new/", targets.target_create, name="target_create"),
    path("targets/<int:pk>/", targets.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("targets/<int:pk>/derive/", targets.target_derive, name="target_derive"),
    path("actuals/new/", targets.manual_actual_create, name="manual_actual_create"),
    path("actuals/<int:pk>/edit/", targets.manual_actual_edit, name="manual_actual_edit"),
    path("actuals/<int:pk>/delete/", targets.manual_actual_delete, name="manual_actual_delete"),
    path(
        "actuals/<int:pk>/evidence/", targets.manual_actual_evidence, name="manual_actual_evidence"
    ),
    path("years/", closing.year_list, name="year_list"),
    path("years/<int:year>/", closing.year_detail, name="year_detail"),
    path("years/<int:year>/submit/", closing.year_submit, name="year_submit"),
    path("years/<int:year>/approve/", closing.year_approve, name="year_approve"),
    path("years/<int:year>/return/", closing.year_return, name="year_return"),
    path("years/<int:year>/unlock/", closing.year_unlock, name="year_unlock"),
    path("annual/", annual.report_list, name="report_list"),
    path("annual/request/", annual.report_request, name="report_request"),
    path("annual/<int:year>/request/", annual.report_year_request, name="report_year_request"),
    path("annual/<int:pk>/status/", annual.report_status, name="report_status"),
    path("annual/<int:pk>/download/", annual.report_download, name="report_download"),
    path("annual/<int:pk>/retry/", annual.report_retry, name="report_retry"),
    path("annual/<int:pk>/signature/", annual.report_signature, name="report_signature"),
]
