"""The parts of every page around its content: the menu, the language switcher, the account
menu and the footer.

They depend on a handful of values (the viewer's roles, name and language, the page's path,
the program's identity, the visitor figures), so each is rendered once per process for each
combination of those values and reused: Django's template engine spends more time on them
than on most pages' own content. Forms in them carry a placeholder that is replaced by the
request's CSRF token."""

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.autoreload import file_changed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import fragments
from portal.hooks import grouped, navigation_for

register = template.Library()

_MEMO = fragments.ProcessMemo(size=2000)
setting_changed.connect(_MEMO.clear)
file_changed.connect(_MEMO.clear)  # a template edited under runserver


def _memoized(key: tuple, render) -> str:
    html = _MEMO.get(key)
    if html is None:
        html = render()
        _MEMO.put(key, html)
    return html


def _with_token(context, html: str) -> str:
    request = context.get("request")
    if context.get("csrf_token") == fragments.CSRF_PLACEHOLDER:
        return mark_safe(html)  # noqa: S308 - the page fills in the token (render_page)
    if request is not None and fragments.CSRF_PLACEHOLDER in html:
        html = html.replace(fragments.CSRF_PLACEHOLDER, fragments.request_csrf_token(request))
    return mark_safe(html)  # noqa: S308 - rendered templates


@register.filter
def nav_urls(items) -> list[str]:
    return [item.url for item in items]


def _active_url(urls, path: str, home: str) -> str:
    """The menu entry of the page at `path`: the longest entry URL the path starts with (a
    record's page marks its list), the home page only when it is the page itself."""
    if path == home:
        return home
    matching = [url for url in urls if url and url != home and path.startswith(url)]
    return max(matching, key=len, default="")


def _menu(user) -> list:
    """(section, label, entries, groups): a workspace's entries grouped by area (one dropdown
    each, see portal.hooks.GROUP_LABELS); other sections are one dropdown, or plain links for
    the public entries of a visitor without a workspace."""
    return [
        (section, label, items, grouped(items) if any(i.group for i in items) else None)
        for section, label, items in navigation_for(user)
    ]


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The menu, with the current page's entry and its group marked (`active`,
    `aria-current`). The apps' navigation hooks depend on the roles alone, except an
    enterprise user's (their organizations), which is rendered every time; otherwise the menu
    is rendered once per roles, language and current entry."""
    user = context["user"]
    request = context.get("request")
    path = request.path if request is not None else ""
    home = reverse("portal:home")

    def render(menu, active):
        workspace = any(section != "public" for section, *_rest in menu)
        return render_to_string(
            "includes/main_nav.html",
            {"nav": menu, "active_url": active, "home_url": home, "workspace": workspace},
        )

    if user.is_authenticated and user.is_enterprise_user:
        menu = _menu(user)
        urls = [item.url for _s, _l, items, _g in menu for item in items]
        return mark_safe(render(menu, _active_url(urls, path, home)))  # noqa: S308 - rendered
    audience = fragments.audience(user)
    urls = _memoized(
        ("nav-urls", audience),
        lambda: "\n".join(item.url for _s, _l, items in navigation_for(user) for item in items),
    ).split("\n")
    active = _active_url(urls, path, home)
    key = ("nav", audience, get_language(), active)
    return mark_safe(_memoized(key, lambda: render(_menu(user), active)))  # noqa: S308


@register.simple_tag(takes_context=True)
def language_switcher(context):
    request = context["request"]
    language = get_language()
    path = request.get_full_path()
    key = ("languages", language, path)
    html = _memoized(
        key,
        lambda: fragments.render_with_placeholder(
            None, "includes/language_switcher.html", {"LANGUAGE_CODE": language, "request": request}
        ),
    )
    return _with_token(context, html)


@register.simple_tag(takes_context=True)
def account_menu(context):
    user = context["user"]
    key = ("account", get_language(), user.get_full_name(), user.is_superuser)
    html = _memoized(
        key,
        lambda: fragments.render_with_placeholder(
            None, "includes/account_menu.html", {"user": user}
        ),
    )
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


def _forms_in(value):
    """The forms a context value holds: a form, a formset's forms, a filter's form."""
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet
    from django_filters import FilterSet

    if isinstance(value, BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield value.empty_form
    elif isinstance(value, FilterSet):
        yield value.form


@register.simple_tag(takes_context=True)
def picker_assets(context, kind, force=False):
    """The pickers' styles (`kind` "css", in the head) or scripts ("js", at the end), once,
    when the page shows a form with a picker (or `force`: a page whose htmx content brings
    one)."""
    from django.templatetags.static import static

    from portal.pickers import ASSETS_CSS, ASSETS_JS, form_has_picker

    needed = force or any(
        form_has_picker(form)
        for layer in context.dicts
        for value in layer.values()
        for form in _forms_in(value)
    )
    if not needed:
        return ""
    if kind == "css":
        tags = [f'<link rel="stylesheet" href="{static(path)}">' for path in ASSETS_CSS]
    else:
        tags = [f'<script src="{static(path)}"></script>' for path in ASSETS_JS]
    return mark_safe("\n  ".join(tags))  # noqa: S308 - static paths of our own
