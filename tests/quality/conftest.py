def hostile_summary(fuzzed: list[tuple[str, int]]) -> str | None:
    """The terminal summary's line about what the hostile walks fuzzed."""
    if not fuzzed:
        return None
    actions = {action for action, _examples in fuzzed}
    examples = sum(examples for _action, examples in fuzzed)
    return (
        f"hostile input: {len(actions)} distinct forms fuzzed ({len(fuzzed)} form/role pairs), "
        f"{examples} generated posts"
    )


def pytest_terminal_summary(terminalreporter):
    from .test_hostile_input import FUZZED

    line = hostile_summary(FUZZED)
    if line:
        terminalreporter.write_line(line)


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands what it fuzzed to the controller, which prints the summary
    (tests/conftest.py)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from .test_hostile_input import FUZZED

        workeroutput["hostile_fuzzed"] = [[action, examples] for action, examples in FUZZED]
