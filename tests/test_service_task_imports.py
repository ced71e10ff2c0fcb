"""The services ↔ tasks import cycle is broken the same way in every app (HackSoft's rule):
tasks import services at module top; a service imports the task it enqueues inside the
function that enqueues it, never at module top."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def _project_apps():
    return sorted(
        config.name
        for config in apps.get_app_configs()
        if (ROOT / config.name.replace(".", "/") / "services.py").exists()
    )


def _top_level_task_imports(path: Path, app: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:  # module level only: imports inside functions are the rule
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [alias.name for alias in node.names]
            if (
                node.level == 1
                and (module == "tasks" or (module == "" and "tasks" in names))
                or node.level == 0
                and (module == f"{app}.tasks" or (module == app and "tasks" in names))
            ):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == f"{app}.tasks"]
    return found


def test_every_app_with_services_is_walked():
    assert {"portal", "enterprises", "trainings", "awards", "reports", "national"} <= set(
        _project_apps()
    )


@pytest.mark.parametrize("app", _project_apps())
def test_services_import_their_tasks_only_inside_functions(app):
    path = ROOT / app / "services.py"
    assert _top_level_task_imports(path, app) == [], (
        f"{app}/services.py imports its tasks at module top: import the task inside the "
        "function that enqueues it"
    )


def test_the_check_finds_a_top_level_import(tmp_path):
    """The AST walk is not vacuous: it sees both spellings at module level, and not inside."""
    sample = tmp_path / "services.py"
    sample.write_text(
        "from . import tasks\nfrom .tasks import x\ndef f():\n    from .tasks import y\n",
        encoding="utf-8",
    )
    assert _top_level_task_imports(sample, "portal") == [
        "from . import tasks",
        "from .tasks import x",
    ]


@pytest.mark.parametrize("app", ["portal", "enterprises", "national"])
def test_importing_services_does_not_import_tasks(app):
    """In a fresh interpreter, with Django set up, importing `<app>.services` leaves
    `<app>.tasks` unimported (only the enqueuing function imports it)."""
    code = (
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings_test')\n"
        "import django\n"
        "django.setup()\n"
        # Celery's autodiscovery may have imported both already: forget them, so the import
        # below is the services module's own, and nothing can make this test pass by skipping.
        f"sys.modules.pop('{app}.services', None); sys.modules.pop('{app}.tasks', None)\n"
        f"import {app}.services\n"
        f"print('{app}.tasks' in sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"
