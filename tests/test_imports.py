"""The daily command stays light: `cipn log` must not import rich, sqlite_utils, dateutil,
pydantic or platformdirs (see benchmarks/README.md for the start-up goals)."""


from helpers_process import heavy, loaded_modules


def test_log_on_an_existing_journal_imports_nothing_heavy(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, code = loaded_modules(["log", "numbness=3", "tingling=2"], db_path)
    assert code == "EXIT 0"
    assert "cipn_journal.store.journal" in modules  # the log really ran
    assert heavy(modules) == []


def test_log_with_alerts_on_a_pipe_imports_nothing_heavy(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, code = loaded_modules(["log", "numbness=9", "--falls", "1"], db_path)
    assert code == "EXIT 0"
    assert heavy(modules) == []


def test_log_loads_only_its_own_command_module(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, _ = loaded_modules(["log", "numbness=2"], db_path)
    commands = sorted(m for m in modules if m.startswith("cipn_journal.commands."))
    # completion.py holds the shell-completion callbacks log's options name; it imports nothing.
    assert commands == ["cipn_journal.commands.completion", "cipn_journal.commands.log"]
