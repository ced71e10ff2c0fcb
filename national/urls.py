from django.urls import path

from .views import dashboard, register

app_name = "national"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("provinces/<str:code>/", dashboard.province_detail, name="province_detail"),
    path("report/<int:year>/", dashboard.national_report_pdf, name="report_pdf"),
    path("portals/", register.portal_list, name="portal_list"),
    path("portals/new/", register.portal_create, name="portal_create"),
    path("portals/<int:pk>/", register.portal_edit, name="portal_edit"),
    path("portals/<int:pk>/delete/", register.portal_delete, name="portal_delete"),
    path("portals/<int:pk>/pull/", register.portal_pull, name="portal_pull"),
]
