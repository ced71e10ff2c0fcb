from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def post_required(request):
    """Return a 405 response for anything but POST (call it after the object lookup, so that
    another organization's id still gives a 404)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def paginate(request, queryset, per_page: int = 25):
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
