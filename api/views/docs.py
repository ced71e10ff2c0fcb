"""The OpenAPI schema (`/api/v1/schema/`) and its documentation page (`/api/v1/docs/`):
Swagger UI from drf-spectacular-sidecar's vendored files (no CDN), its start-up script
served from its own URL so the page needs no inline script under the site's CSP."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ..throttling import AnonymousThrottle


class SchemaView(SpectacularAPIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [AnonymousThrottle]


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [AnonymousThrottle]
    url_name = "api:schema"
    template_name = "api/docs.html"
    title = "NSCL Portal API v1"
