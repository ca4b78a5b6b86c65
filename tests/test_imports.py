"""The daily command stays light: `cipn log` must not import rich, sqlite_utils, dateutil,
pydantic or platformdirs (see benchmarks/README.md for the start-up goals)."""

import json
import subprocess
import sys

HEAVY = ("rich", "sqlite_utils", "dateutil", "pydantic", "platformdirs")

SCRIPT = """
import json, sys
from cipn_journal.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.__stderr__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
sys.__stderr__.write("EXIT " + str(code) + "\\n")
"""


def loaded_modules(args, env_db):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True,
        env={"CIPN_JOURNAL_DB": str(env_db), "PATH": "/usr/bin:/bin",
             "CIPN_JOURNAL_TODAY": "2026-11-25", "HOME": str(env_db.parent)},
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    code = next(x for x in result.stderr.splitlines() if x.startswith("EXIT "))
    return set(json.loads(line[len("MODULES "):])), code


def heavy(modules):
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


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
    assert commands == ["cipn_journal.commands.log"]
