"""The parts of every page around its content: the menu, the language switcher, the account
menu and the footer.

They depend on a handful of values (the viewer's roles, name and language, the page's path,
the program's identity, the visitor figures), so each is rendered once per process for each
combination of those values and reused: Django's template engine spends more time on them
than on most pages' own content. Forms in them carry a placeholder that is replaced by the
request's CSRF token."""

from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.autoreload import file_changed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import fragments
from portal.hooks import navigation_for

register = template.Library()

_MEMO: "OrderedDict[tuple, str]" = OrderedDict()
_ASSETS: dict[str, str] = {}
_MEMO_SIZE = 2000


def _forget(**kwargs):
    _MEMO.clear()
    _ASSETS.clear()


setting_changed.connect(_forget)
file_changed.connect(_forget)  # a template edited under runserver


def _memoized(key: tuple, render) -> str:
    try:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    except KeyError:
        html = render()
        _MEMO[key] = html
        if len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
        return html


def request_csrf_token(request) -> str:
    """The request's masked CSRF token, made once per request (masking is not free)."""
    token = getattr(request, "_portal_csrf_token", None)
    if token is None:
        from django.middleware.csrf import get_token

        token = request._portal_csrf_token = get_token(request)
    return token


def _with_token(context, html: str) -> str:
    request = context.get("request")
    if context.get("csrf_token") == fragments.CSRF_PLACEHOLDER:
        return mark_safe(html)  # noqa: S308 - the page fills in the token (render_page)
    if request is not None and fragments.CSRF_PLACEHOLDER in html:
        html = html.replace(fragments.CSRF_PLACEHOLDER, request_csrf_token(request))
    return mark_safe(html)  # noqa: S308 - rendered templates


def _render(template_name: str, context: dict) -> str:
    return render_to_string(template_name, {**context, "csrf_token": fragments.CSRF_PLACEHOLDER})


@register.simple_tag
def asset(path: str) -> str:
    """`{% static %}` for the layout's own files, looked up once per process."""
    url = _ASSETS.get(path)
    if url is None:
        url = _ASSETS[path] = static(path)
    return url


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The menu: the apps' navigation hooks depend on the roles alone, except an enterprise
    user's (their organizations), which is rendered every time."""
    user = context["user"]
    if user.is_authenticated and user.is_enterprise_user:
        return mark_safe(render_to_string("includes/main_nav.html", {"nav": navigation_for(user)}))  # noqa: S308
    key = ("nav", fragments.audience(user), get_language())
    return mark_safe(  # noqa: S308 - a rendered template
        _memoized(
            key, lambda: render_to_string("includes/main_nav.html", {"nav": navigation_for(user)})
        )
    )


@register.simple_tag(takes_context=True)
def language_switcher(context):
    request = context["request"]
    language = get_language()
    path = request.get_full_path()
    key = ("languages", language, path)
    html = _memoized(
        key,
        lambda: _render(
            "includes/language_switcher.html", {"LANGUAGE_CODE": language, "request": request}
        ),
    )
    return _with_token(context, html)


@register.simple_tag(takes_context=True)
def account_menu(context):
    user = context["user"]
    key = ("account", get_language(), user.get_full_name(), user.is_superuser)
    html = _memoized(key, lambda: _render("includes/account_menu.html", {"user": user}))
    return _with_token(context, html)


@register.simple_tag(takes_context=True)
def site_footer(context):
    program = context["program"]
    stats = context.get("visitor_stats")
    if callable(stats):
        stats = stats()
    identity = tuple(
        getattr(program, name, "")
        for name in (
            "agency_name",
            "province_name",
            "agency_address",
            "agency_phone",
            "agency_email",
            "plan_number",
        )
    )
    key = ("footer", get_language(), identity, tuple(sorted((stats or {}).items())))
    return mark_safe(  # noqa: S308 - a rendered template
        _memoized(
            key,
            lambda: render_to_string(
                "includes/site_footer.html", {"program": program, "visitor_stats": stats}
            ),
        )
    )
