from django.shortcuts import render

from ..hooks import collect_work as collect
from ..permissions import (
    council_required,
    enterprise_required,
    monitoring_required,
    staff_required,
)


@staff_required
def staff_home(request):
    return render(
        request, "portal/staff_home.html", {"items": collect("staff_tasks", request.user)}
    )


@monitoring_required
def official_home(request):
    return render(
        request, "portal/official_home.html", {"items": collect("official_tasks", request.user)}
    )


@enterprise_required
def enterprise_home(request):
    return render(
        request,
        "portal/enterprise_home.html",
        {
            "items": collect("enterprise_tasks", request.user),
            # Blocks the apps add (enterprises: the status of each registration, what is next).
            "blocks": collect("enterprise_blocks", request.user),
        },
    )


@council_required
def council_home(request):
    return render(
        request, "portal/council_home.html", {"items": collect("council_tasks", request.user)}
    )
