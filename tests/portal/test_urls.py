"""The project's URL patterns: each address is answered by the pattern that names it.

Django tries the patterns in order and the first that matches answers, so an address matched
by two patterns would change view when the order changes (portal/urls.py puts the portal's own
pages last, after the apps' prefixes, for speed). This walks every named pattern, builds an
address for it and checks that resolving it gives that very pattern."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

SAMPLES = {"int": "7", "slug": "a-slug", "str": "word", "path": "a/b", "uuid": None}
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _named_routes(patterns=None, prefix="", namespace=""):
    """(address, full name) for every named pattern written with path()."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # re_path(): Django's admin and i18n internals
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            samples = [SAMPLES.get(m["converter"] or "str") for m in _PARAMETER.finditer(route)]
            if None in samples:
                continue
            address = _PARAMETER.sub(lambda m: SAMPLES[m["converter"] or "str"] or "", route)
            yield "/" + address, namespace + pattern.name


def test_every_named_address_is_answered_by_its_own_pattern():
    routes = list(_named_routes())
    assert len(routes) > 100  # the walk reached the apps' patterns
    assert ("/ping", "portal:ping") in routes
    shadowed = [
        (address, name, resolve(address).view_name)
        for address, name in routes
        if resolve(address).view_name != name
    ]
    assert shadowed == []


def test_the_portal_pages_are_tried_after_the_apps_prefixes():
    """The staff pages resolve without trying the portal's own fifty-odd patterns first."""
    patterns = get_resolver().url_patterns
    portal = next(i for i, p in enumerate(patterns) if getattr(p, "namespace", "") == "portal")
    enterprises = next(
        i for i, p in enumerate(patterns) if getattr(p, "namespace", "") == "enterprises"
    )
    assert enterprises < portal
    assert resolve("/enterprises/staff/organizations/").view_name == "enterprises:registry"
    assert resolve("/").view_name == "portal:home"
