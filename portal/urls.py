from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .views import accounts

# The apps' prefixes first, the portal's own pages (no common prefix) last: Django tries the
# patterns in order, and the portal's fifty-odd were tried, one by one, before every staff,
# monitoring and API address (a tenth of the Python of a staff page served from the page
# cache). No address is answered by two patterns (tests/portal/test_urls.py), so the order
# changes nothing else.
urlpatterns = [
    path("accounts/", include(accounts.urlpatterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("enterprises/", include("enterprises.urls")),
    path("trainings/", include("trainings.urls")),
    path("awards/", include("awards.urls")),
    path("reports/", include("reports.urls")),
    path("staff/api-tokens/", include("api.staff_urls")),
    path("api/v1/", include("api.urls")),
    path("national/", include("national.urls")),  # pages answer 404 outside NATIONAL_MODE
    path("admin/", admin.site.urls),
    path("", include("portal.site_urls")),
]

handler403 = "portal.views.system.error_403"
handler404 = "portal.views.system.error_404"
handler500 = "portal.views.system.error_500"

admin.site.site_header = "NSCL Portal"
admin.site.site_title = "NSCL Portal"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.PUBLIC_MEDIA_URL, document_root=settings.MEDIA_ROOT / "public")
