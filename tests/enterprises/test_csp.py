"""The content security policy forbids inline scripts, style attributes and on* handlers: the
app's pages (crispy forms included) must not need them."""

import re

from django.urls import reverse

INLINE = re.compile(r'style="[^"]*"|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+="')


def test_pages_have_no_inline_script_or_style(world, client):
    client.force_login(world.users["staff"])
    names = [
        "register",
        "join",
        "registry",
        "ledger",
        "activity_new",
        "review_queue",
        "pilot_new",
        "import",
        "organization_create",
        "solution_list",
        "staff_requests",
    ]
    urls = [reverse(f"enterprises:{name}") for name in names] + [
        reverse("enterprises:organization_detail", args=[world.org_a.pk]),
        reverse("enterprises:pilot_detail", args=[world.pilot_model.pk]),
        reverse("enterprises:activity_detail", args=[world.activity.pk]),
        reverse("enterprises:my_request_new", args=[world.org_a.pk]),
        reverse("enterprises:request_detail", args=[world.support_request.pk]),
        reverse("enterprises:my_edit", args=[world.org_a.pk]),
    ]
    found = []
    for url in urls:
        html = client.get(url).content.decode()
        found += [(url, match.group(0)[:80]) for match in INLINE.finditer(html)]
    client.logout()
    html = client.get(reverse("enterprises:register")).content.decode()
    found += [("register (anonymous)", m.group(0)[:80]) for m in INLINE.finditer(html)]
    assert not found
