from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed


def message_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def require_post(request):
    """After the object-level checks (so another organization still gets its 404)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None
