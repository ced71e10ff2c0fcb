"""Small helpers the views of every app share: pagination, service errors on forms and as
messages, POST only, query parameters."""

import hashlib

from django.contrib import messages
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils.functional import cached_property

from portal import fragments, keyset

PAGE_SIZE = 20


class CachedCountPaginator(Paginator):
    """Counting hundreds of thousands of rows (the registry, the support ledger) on every view
    costs more than the page: a count is kept until the areas of the tables it counts change
    (`portal.fragments.value`), so it is always exact."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None or not fragments.enabled():
            # Nothing is kept with the page cache off: no SQL to compile for a key (a list
            # with counted columns spent a tenth of its page compiling it).
            return super().count
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        return fragments.value(
            f"paginator:count:{digest}",
            lambda: Paginator.count.func(self),  # type: ignore[attr-defined]
            depends_on=fragments.areas_read(sql),
        )


def keyset_paginate(request, queryset, per_page: int = PAGE_SIZE, count=None):
    """`paginate` for the long lists (the registry, the ledger): pages by the sort key and id
    (portal.keyset), so a deep page costs what the first costs; the total is the kept count.
    An order keyset paging cannot follow (Vietnamese collation, a related or nullable column)
    pages by number. Returns the page and the query without its page or cursor. `count`
    gives the total when the view has it already (the ledger sums its rows and counts them in
    the same pass)."""
    if not keyset.applies(queryset):
        query = request.GET.copy()
        for name in ("page", keyset.AFTER, keyset.BEFORE):
            query.pop(name, None)
        return paginate(request, queryset, per_page, count=count), query.urlencode()
    page = keyset.keyset_page(
        request,
        queryset,
        per_page=per_page,
        count=count or (lambda: CachedCountPaginator(queryset, per_page).count),
    )
    return page, page.first_query


def _index_order(items):
    """`items` in the same order, written so that an index can give it: the lists' sort says
    `DESC NULLS LAST` (portal.lists.SortFilter), which a B-tree index scanned backwards does not
    give, so PostgreSQL sorted every row for the first page (12,000 courses newest first:
    3.7 ms against 0.4 ms). When every column of the order is one of the model's own and
    never empty (portal.keyset), NULLS LAST changes nothing and is dropped."""
    if getattr(items, "query", None) is None or not items.query.order_by:
        return items
    if not keyset.applies(items):
        return items
    return items.order_by(*[key.order() for key in keyset.ordering(items)])


def paginate(request, items, per_page: int = PAGE_SIZE, count=None):
    """The requested page of `items` for `templates/includes/pagination.html`; a page number
    out of range shows the last page. The one paginator of the project. `count`: a function
    giving the total when the view computes it anyway."""
    paginator = CachedCountPaginator(_index_order(items), per_page)
    if count is not None:
        paginator.count = count()  # type: ignore[misc]  # the cached_property, given
    page = paginator.get_page(request.GET.get("page"))
    # Templates cannot pass arguments: compute the "1 2 … 7 8 9 … 20" range here.
    page.elided_range = list(  # type: ignore[attr-defined]
        page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page


def around_pk(name: str, *args) -> tuple[str, str]:
    """The address of the URL `name` for any primary key, as (before the key, after it), for
    a list whose every row links to its record: the rows' links are joined from these
    (`{{ url.0 }}{{ row.pk }}{{ url.1 }}`) instead of a `reverse()` each, which cost a tenth
    of a 25-row page."""
    marker = "2147483647"
    before, after = reverse(name, args=[int(marker), *args]).split(marker)
    return before, after


def require_post(request):
    """A 405 response for anything but POST, else None: `if (response := require_post(request))
    is not None: return response`. Call it after the object lookup, so that another
    organization's id still gives a 404."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def flash_errors(request, error: ValidationError) -> None:
    """Show a service's ValidationError as messages, one a message, on the page the view
    redirects to (for forms posted from another page). On a form: `add_service_errors`."""
    for message in error.messages:
        messages.error(request, message)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def choice_param(request, name: str, choices) -> str:
    """A GET parameter restricted to known choice values (anything else is ignored)."""
    value = request.GET.get(name, "")
    return value if value in {str(key) for key, _label in choices} else ""


def search_param(request) -> str:
    """The search box's text (`?q=`), without NUL bytes, trimmed and capped at 100 characters."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 2100


def to_int(value) -> int | None:
    """`value` as an integer a database key can hold, or None ("abc", "1e309", 20 digits)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if BIGINT_MIN <= number <= BIGINT_MAX else None


def int_param(request, name: str) -> int | None:
    return to_int(request.GET.get(name, ""))


def year_param(request, name: str = "year") -> int | None:
    """A year from the query string, or None outside 1900–2100 (a year filter on 99999 or
    on 20 digits would fail in the database or in Python's date)."""
    year = int_param(request, name)
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None
