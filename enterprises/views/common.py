from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.utils.functional import cached_property

from portal import fragments
from portal.keyset import keyset_page


def flash_errors(request, exc: ValidationError) -> None:
    """Show a service's ValidationError as one error message (for forms posted from a page
    that redirects back)."""
    messages.error(request, " ".join(exc.messages))


def post_required(request):
    """Return a 405 response for anything but POST (call it after the object lookup, so that
    another organization's id still gives a 404)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


class CachedCountPaginator(Paginator):
    """Counting hundreds of thousands of rows (the registry, the support ledger) on every view
    costs more than the page: a count is kept until the areas of the tables it counts change
    (`portal.fragments.value`), so it is always exact."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        return fragments.value(
            f"paginator:count:{digest}",
            lambda: Paginator.count.func(self),
            depends_on=fragments.areas_read(sql),
        )


def keyset_paginate(request, queryset, per_page: int = 25):
    """`paginate` for the long lists (the registry, the ledger): pages by the sort key and id
    (portal.keyset), so a deep page costs what the first costs; the total is the kept count."""
    page = keyset_page(
        request,
        queryset,
        per_page=per_page,
        count=lambda: CachedCountPaginator(queryset, per_page).count,
    )
    return page, page.first_query


def paginate(request, queryset, per_page: int = 25):
    paginator = CachedCountPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
