from django.urls import path

from .views import public, system, workspace

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", system.healthz, name="healthz"),
    path("accounts/after-login/", system.after_login, name="after_login"),
    path("staff/", workspace.staff_home, name="staff_home"),
    path("monitoring/", workspace.official_home, name="official_home"),
    path("my/", workspace.enterprise_home, name="enterprise_home"),
    path("council/", workspace.council_home, name="council_home"),
]
