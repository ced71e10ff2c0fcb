from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed

from ..permissions import uses_awards


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if form is not None and field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def message_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def require_post(request):
    """After the object-level checks (so another organization still gets its 404)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def check_awards_user(user) -> None:
    if not uses_awards(user):
        raise PermissionDenied
