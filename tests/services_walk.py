"""Walk an app's services module: every public function that changes state takes the acting
user as a required keyword `by` (no default), so no caller can forget to say who acted."""

import inspect
import re

CHANGE_VERBS = re.compile(
    r"_(create|update|save|delete|add|remove|record|approve|reject|revoke|resubmit|withdraw|"
    r"respond|cancel|transition|publish|archive|deactivate|reactivate|issue|load|start|pull|"
    r"request_changes|submit|decide|set|store)(_|$)"
)


def changing_functions(module) -> list[str]:
    """The public functions defined in `module` whose name says they change state."""
    return sorted(
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and CHANGE_VERBS.search(name)
    )


def by_problems(module, exempt: dict[str, str]) -> list[str]:
    """What is wrong with `by` in the module's state-changing services ([] when nothing)."""
    problems = []
    for name in changing_functions(module):
        if name in exempt:
            continue
        parameters = inspect.signature(getattr(module, name)).parameters
        by = parameters.get("by")
        if by is None:
            problems.append(f"{name}: no `by`")
        elif by.kind is not inspect.Parameter.KEYWORD_ONLY:
            problems.append(f"{name}: `by` is not keyword-only")
        elif by.default is not inspect.Parameter.empty:
            problems.append(f"{name}: `by` has a default ({by.default!r})")
    return problems
