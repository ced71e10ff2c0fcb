"""Small helpers the views of every app share: pagination, service errors on forms, query parameters."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, items, per_page: int = PAGE_SIZE):
    """The requested page of `items`; a page number out of range shows the last page."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    # Templates cannot pass arguments: compute the "1 2 … 7 8 9 … 20" range here.
    page.elided_range = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page


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
