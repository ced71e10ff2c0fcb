"""One confirmation pattern for irreversible steps.

A button with ``data-confirm="…"`` asks in a modal (static/js/portal.js) and then posts
``confirmed=1`` with its form. The view of an irreversible step calls
:func:`confirmation_page` first: when the POST was not confirmed (no JavaScript, or a form posted
by hand) it answers with a page that repeats the question and the posted fields, so the step
still asks first and nothing breaks without JavaScript.
"""

from __future__ import annotations

from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(request, *, question: str, action_label: str, back_url: str):
    """None when the POST is confirmed, else the page that asks ``question`` first."""
    if is_confirmed(request):
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return render(
        request,
        "portal/confirm.html",
        {
            "question": question,
            "action_label": action_label,
            "fields": fields,
            "action_url": request.get_full_path(),
            "back_url": back_url,
        },
    )
