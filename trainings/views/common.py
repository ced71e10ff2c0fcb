"""Small helpers the trainings views share."""

from django.contrib import messages
from django.http import HttpResponse

PAGE_SIZE = 25


def flash_form_errors(request, form) -> None:
    """A form posted from another page: its errors as messages on the page redirected to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
