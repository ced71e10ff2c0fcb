from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.utils.functional import cached_property


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


class CachedCountPaginator(Paginator):
    """Counting hundreds of thousands of rows on every page view costs more than the page:
    a count of `CACHE_FROM` rows or more is kept for `CACHE_SECONDS` (the same filters give
    the same count, give or take the last minute's additions). Smaller counts are exact."""

    CACHE_FROM = 1000
    CACHE_SECONDS = 60

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            return 0
        key = "paginator:count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            count = super().count
            if count >= self.CACHE_FROM:
                cache.set(key, count, self.CACHE_SECONDS)
        return count


def paginate(request, queryset, per_page: int = 25):
    paginator = CachedCountPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
