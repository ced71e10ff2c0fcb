def pytest_terminal_summary(terminalreporter):
    from .test_hostile_input import FUZZED

    if FUZZED:
        actions = {action for action, _examples in FUZZED}
        examples = sum(examples for _action, examples in FUZZED)
        terminalreporter.write_line(
            f"hostile input: {len(actions)} distinct forms fuzzed ({len(FUZZED)} form/role pairs), "
            f"{examples} generated posts"
        )
