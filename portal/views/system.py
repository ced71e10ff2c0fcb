from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..health import health_report


@never_cache
@require_GET
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@require_GET
def ping(request):
    """The smallest page the full middleware stack serves: the benchmarks' reference."""
    return HttpResponse("pong", content_type="text/plain")


def after_login(request):
    """Send each role to where its work is."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_program_staff:
        return redirect("portal:staff_home")
    if user.is_official:
        return redirect("portal:official_home")
    if user.is_council_member:
        return redirect("portal:council_home")
    if user.is_enterprise_user:
        return redirect("portal:enterprise_home")
    return redirect("portal:home")


def error_403(request, exception=None):
    # The permission functions raise PermissionDenied with a translated reason: show it.
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"exception": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
