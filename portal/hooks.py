"""How apps contribute to shared pages without the portal importing its dependants.

Each project app may have these modules, discovered in dependency order:
- `<app>/navigation.py`: `items(user) -> list[NavItem]`, the menu entries that user may use;
- `<app>/workspace.py`: `staff_tasks(user)`, `official_tasks(user)`, `enterprise_tasks(user)`,
  `council_tasks(user)` -> list[WorkItem], what waits for that person on their home page;
- `<app>/home.py`: `blocks(request) -> list[dict]` with a "template" key, public home blocks;
- `<app>/demo.py`: `seed(stdout)`, the app's part of `seed_demo`;
- `<app>/documents.py`: `find(code)` and optionally `with_checksum(sha256)` ->
  list[portal.signing.IssuedDocument], the signed documents the verification page checks.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

PROJECT_APPS = ("portal", "enterprises", "trainings", "awards", "reports", "api", "national")


@dataclass
class NavItem:
    label: str
    url_name: str
    section: str  # "public", "enterprise", "staff", "official", "council"
    order: int = 50
    icon: str = ""
    kwargs: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        kwargs = tuple(sorted(self.kwargs.items()))
        return _reverse(urlconf, get_script_prefix(), self.url_name, kwargs)


@lru_cache(maxsize=1024)
def _reverse(urlconf: str, prefix: str, url_name: str, kwargs: tuple) -> str:
    """Menu URLs are the same on every page: reverse each once per process."""
    try:
        return reverse(url_name, urlconf=urlconf, kwargs=dict(kwargs) or None)
    except NoReverseMatch:
        return ""


SECTION_LABELS = {
    "public": _("Program"),
    "enterprise": _("My organization"),
    "staff": _("Staff workspace"),
    "official": _("Monitoring"),
    "council": _("Award council"),
}


def app_hook_modules(module_name: str):
    """Yield `<app>.<module_name>` for each project app that has one, in dependency order."""
    for label in PROJECT_APPS:
        if not apps.is_installed(label):
            continue
        try:
            yield import_module(f"{label}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{module_name}":
                raise


def navigation_for(user) -> list[tuple[str, str, list[NavItem]]]:
    """The menu for `user`: (section, its label, its entries) for each section with entries."""
    sections: dict[str, list[NavItem]] = {key: [] for key in SECTION_LABELS}
    for module in app_hook_modules("navigation"):
        for item in module.items(user):
            if item.url:
                sections[item.section].append(item)
    return [
        (key, SECTION_LABELS[key], sorted(items, key=lambda item: item.order))
        for key, items in sections.items()
        if items
    ]


@dataclass
class WorkItem:
    label: str
    count: int
    url: str
    urgent: bool = False


def collect_work(hook: str, user) -> list[WorkItem]:
    items: list[WorkItem] = []
    for module in app_hook_modules("workspace"):
        function = getattr(module, hook, None)
        if function is not None:
            items.extend(function(user))
    return items
