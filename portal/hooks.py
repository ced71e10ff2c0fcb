"""How apps contribute to shared pages without the portal importing its dependants.

Each project app may have these modules, discovered in dependency order:
- `<app>/navigation.py`: `items(user) -> list[NavItem]`, the menu entries that user may use;
- `<app>/workspace.py`: `staff_tasks(user)`, `official_tasks(user)`, `enterprise_tasks(user)`,
  `council_tasks(user)` -> list[WorkItem], what waits for that person on their home page;
- `<app>/home.py`: `blocks(request) -> list[dict]` with a "template" key, public home blocks;
- `<app>/documents.py`: `find(code)` and optionally `with_checksum(sha256)` ->
  list[portal.signing.IssuedDocument], the signed documents the verification page checks.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@lru_cache(maxsize=1)
def project_app_labels() -> tuple[str, ...]:
    """The project's own apps (those whose package sits at the repository's top level), in
    INSTALLED_APPS order, which is dependency order: the one list of them is INSTALLED_APPS."""
    base = Path(settings.BASE_DIR).resolve()
    return tuple(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    )


@dataclass
class NavItem:
    label: str | Promise
    url_name: str
    section: str  # "public", "enterprise", "staff", "official", "council"
    order: int = 50
    icon: str = ""
    kwargs: dict = field(default_factory=dict)
    # The area of a workspace the entry belongs to (GROUP_LABELS): each area is one dropdown.
    group: str = ""

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


# The areas of the staff workspace, in menu order; entries without a group stand alone.
GROUP_LABELS = {
    "enterprises": _("Enterprises"),
    "trainings": _("Training"),
    "awards": _("Awards"),
    "reports": _("Reports"),
    "communication": pgettext_lazy("menu", "Communication"),
    "system": _("System"),
}


def grouped(items: list[NavItem]) -> list[tuple[str, str, list[NavItem]]]:
    """(group, its label, its entries) in GROUP_LABELS order; ungrouped entries come first,
    each as a group of one with an empty key."""
    alone = [("", item.label, [item]) for item in items if not item.group]
    groups = [
        (key, label, [item for item in items if item.group == key])
        for key, label in GROUP_LABELS.items()
    ]
    return alone + [group for group in groups if group[2]]  # type: ignore[return-value]


def app_hook_modules(module_name: str):
    """Yield `<app>.<module_name>` for each project app that has one, in dependency order."""
    for label in project_app_labels():
        try:
            yield import_module(f"{label}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{module_name}":
                raise


def navigation_for(user) -> list[tuple[str, str | Promise, list[NavItem]]]:
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
    label: str | Promise
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
