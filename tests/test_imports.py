"""Imports sit at the top of each module (STYLE.md 11), except the heavy packages of
`helpers_process.HEAVY`, which a module imports inside the function that needs them so that the
daily commands stay light: `cipn log`, `cipn checkin`, `cipn --version` and `cipn --help` must
not import them (see benchmarks/README.md for the start-up goals). The few other function-local
imports are named below, each with its reason."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_process import HEAVY, SCRIPT, heavy, loaded_modules

from cipn_journal.cli import COMMAND_MODULES

PACKAGE = Path(__file__).resolve().parent.parent / "cipn_journal"

# (file, imported module): why the import stays inside a function.
LAZY_FOR_A_REASON = {
    # cli.py imports only the module of the command being run (load_commands, with importlib);
    # `cipn` alone shows the status, so only then is its module loaded.
    ("cli.py", "cipn_journal.commands.status"): "command modules load lazily (start-up)",
    # importlib.metadata costs every start; the version is read only when asked for.
    ("__init__.py", "importlib.metadata"): "__version__ is computed on demand (start-up)",
    # Light in themselves, but `log` imports these modules and would pay for them every day:
    ("commands/log.py", "cipn_journal.render.alerts"): "only a day that raises an alert shows it",
    ("commands/log.py", "cipn_journal.reports.alert_view"):
        "only a day that raises a `soon` alert reads the treatment for the box's heading",
    ("commands/log.py", "cipn_journal.domain.alerts"): "only a day that raises an alert words it",
    # The alert rules load only when `log` wrote something, and the drug tables only for a
    # journal with infusions (WHEN_NEEDED below: issue 22's rules had made every `log` load them).
    ("record/day.py", "cipn_journal.domain.alerts"): "a log that changes nothing judges nothing",
    ("record/day.py", "cipn_journal.record.alerts"): "a log that changes nothing judges nothing",
    ("record/alerts.py", "cipn_journal.domain.persisting"):
        "only a journal with infusions has cycles to persist between (drug tables)",
    ("record/alerts.py", "cipn_journal.store.treatments"):
        "the plan is read only for a journal with infusions (drug tables)",
    ("domain/alerts.py", "cipn_journal.domain.persisting"):
        "the persisting rule runs only for a day in a cycle's window (drug tables)",
    ("commands/completion.py", "cipn_journal.domain.treatment"):
        "the drug tables (decimal, fractions) serve only `treatment`'s completion",
    ("store/journal.py", "cipn_journal.domain.trends"):
        "only the summary's baseline needs trends (decimal, fractions)",
    ("store/backup.py", "tempfile"): "only a backup needs it (random, hashlib)",
    # A `log` that repeats the day's values writes nothing and prints no JSON:
    ("store/undo.py", "json"): "only a write keeps a replaced value for undo",
    ("commands/log.py", "cipn_journal.domain.proctcae"): "only `log --extent` reads the levels",
    ("output.py", "json"): "only --json output needs it",
    ("record/day.py", "cipn_journal.domain.proctcae"): "only `log --extent` needs the levels",
    ("record/day.py", "cipn_journal.store.weekly"): "only `log --extent` stores an extent",
    ("commands/completion.py", "cipn_journal.domain.proctcae"):
        "only completing `weekly` needs its keys",
}

# Files that others are changing in this session (the visit story splits export/document.py):
# their function-local imports move to the top next, when those changes have landed.
TO_CONVERT_NEXT: set[str] = set()


def function_local_imports(source: str) -> list[tuple[int, str]]:
    """(line, name) of every import inside a function body; `from a import b` yields `a.b`
    (b may be a submodule), `from . import x` yields `.x`."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, True)
            elif in_function and isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name) for alias in child.names)
            elif in_function and isinstance(child, ast.ImportFrom):
                base = "." * child.level + (child.module or "")
                found.extend((child.lineno, f"{base.rstrip('.')}.{alias.name}" if child.module
                              else base + alias.name) for alias in child.names)
            else:
                visit(child, in_function)

    visit(ast.parse(source), False)
    return found


def misplaced_imports() -> list[str]:
    misplaced = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in TO_CONVERT_NEXT:
            continue
        for line, module in function_local_imports(path.read_text(encoding="utf-8")):
            if module.split(".")[0] in HEAVY or any(
                    name == file and (module == named or module.startswith(named + "."))
                    for file, named in LAZY_FOR_A_REASON):
                continue
            misplaced.append(f"cipn_journal/{name}:{line} {module}")
    return misplaced


def test_imports_sit_at_the_top_except_the_heavy_ones_and_the_named_reasons():
    assert misplaced_imports() == []


def test_the_import_check_sees_an_import_inside_a_function():
    source = "import os\n\ndef f():\n    import json\n    from . import x\n    return lambda: 1\n"
    assert function_local_imports(source) == [(4, "json"), (5, ".x")]


def test_every_named_exception_still_exists():
    """A reason that no longer applies is removed from the lists above."""
    for name, module in LAZY_FOR_A_REASON:
        source = (PACKAGE / name).read_text(encoding="utf-8")
        found = [found for _, found in function_local_imports(source)]
        assert any(f == module or f.startswith(module + ".") for f in found), (name, module)
    for name in TO_CONVERT_NEXT:
        source = (PACKAGE / name).read_text(encoding="utf-8")
        assert function_local_imports(source), f"{name} has no lazy import left: drop it"


@pytest.mark.parametrize("args", [["--version"], ["checkin", "--help"], ["--help"]],
                         ids=["version", "checkin-help", "help"])
def test_start_up_imports_nothing_heavy_but_typers_help(args, db_path):
    modules, code = loaded_modules(args, db_path)
    assert code == "EXIT 0"
    # Typer formats --help with Rich; nothing else heavy is loaded to show it.
    allowed = {"rich"} if "--help" in args else set()
    assert [m for m in heavy(modules) if m.split(".")[0] not in allowed] == []


def test_checkin_on_a_pipe_imports_nothing_heavy(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, code = loaded_modules(["checkin"], db_path)
    assert code == "EXIT 0"
    assert "cipn_journal.commands.checkin" in modules
    assert heavy(modules) == []


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


# What `cipn log` loads only when a rule can need it (benchmarks/README.md: issue 22's rules
# had made every `log` load them): the alert rules when the log wrote something; the persisting
# rule and the drug tables (domain/treatment.py, with decimal and fractions) when the journal has
# infusions.
WHEN_WRITTEN = ("cipn_journal.record.alerts", "cipn_journal.domain.alerts",
                "cipn_journal.store.alerts")
WITH_INFUSIONS = ("cipn_journal.domain.persisting", "cipn_journal.domain.treatment",
                  "cipn_journal.store.treatments", "decimal", "fractions")


def test_log_that_changes_nothing_loads_no_alert_rule(cli, db_path):
    cli("log", "numbness=3", "tingling=2")
    modules, code = loaded_modules(["log", "numbness=3", "tingling=2"], db_path)
    assert code == "EXIT 0"
    assert "cipn_journal.store.journal" in modules  # the log really ran
    assert [m for m in WHEN_WRITTEN if m in modules] == []
    # nor what only a write, --json or --extent needs
    assert [m for m in ("json", "cipn_journal.domain.proctcae", "cipn_journal.store.weekly")
            if m in modules] == []


def test_log_without_infusions_loads_no_drug_tables(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    # No alert: a `soon` box reads the treatment for its heading (LAZY_FOR_A_REASON above).
    modules, code = loaded_modules(["log", "numbness=2", "tingling=1", "--limits", "none"],
                                   db_path)
    assert code == "EXIT 0"
    assert set(WHEN_WRITTEN) <= modules  # the rules judged the day
    assert "cipn_journal.render.alerts" not in modules
    assert [m for m in WITH_INFUSIONS if m in modules] == []


def test_log_with_infusions_loads_the_persisting_rule(cli, db_path):
    """The other side of the line above: with infusions the rule is read (and judged: the
    persisting tests), here outside its window (next infusion expected Dec 2)."""
    cli("treatment", "add", "oxaliplatin", "--date", "2026-11-04")
    cli("treatment", "add", "oxaliplatin", "--date", "2026-11-18")
    modules, code = loaded_modules(["log", "numbness=3", "tingling=2"], db_path)
    assert code == "EXIT 0"
    assert set(WHEN_WRITTEN + WITH_INFUSIONS[:3]) <= modules
    assert heavy(modules) == []


def test_log_loads_only_its_own_command_module(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, _ = loaded_modules(["log", "numbness=2"], db_path)
    commands = sorted(m for m in modules if m.startswith("cipn_journal.commands."))
    # completion.py holds the shell-completion callbacks log's options name; it imports nothing.
    assert commands == ["cipn_journal.commands.completion", "cipn_journal.commands.log"]


def test_export_loads_neither_the_importer_nor_the_backup_command(cli, db_path, tmp_path):
    """An HTML export of a ten-year journal imported the importer (29 ms of imports, 2026-12-03:
    `python -X importtime`) because import shared its command module: each is its own now."""
    cli("log", "numbness=2", "--date", "yesterday")
    target = tmp_path / "visit.html"
    modules, code = loaded_modules(["export", "-o", str(target)], db_path)
    assert code == "EXIT 0" and target.exists()
    assert "cipn_journal.export.importer" not in modules
    commands = sorted(m for m in modules if m.startswith("cipn_journal.commands."))
    assert commands == ["cipn_journal.commands.export"]
    modules, code = loaded_modules(["import", str(tmp_path / "missing.json")], db_path)
    assert code == "EXIT 2" and "cipn_journal.export.importer" in modules


# Typer through its public API only (issue 21 item 4): the names a Typer program uses from the
# `typer` package and `typer.core.TyperGroup` (Typer's guide subclasses it for `cls=`). Its
# helpers in `typer.main`, its vendored click (`typer._click`) and any other underscore name
# change between releases without notice.
def private_typer_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) of every use of typer.main, typer._*, or `inspect` (signature sniffing of
    Typer's functions) in `source`."""
    found = []

    def private(module: str) -> bool:
        parts = module.split(".")
        return parts[0] == "typer" and len(parts) > 1 and (
            parts[1] == "main" or parts[1].startswith("_"))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if private(alias.name) or alias.name == "inspect"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                      if private(f"{node.module}.{alias.name}") or node.module == "inspect"]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and private(f"{node.value.id}.{node.attr}")):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return sorted(found)


def test_typer_is_used_through_its_public_api_only():
    uses = [f"cipn_journal/{path.relative_to(PACKAGE).as_posix()}:{line} {what}"
            for path in sorted(PACKAGE.rglob("*.py"))
            for line, what in private_typer_uses(path.read_text(encoding="utf-8"))]
    assert uses == []


def test_the_typer_check_sees_each_private_use():
    source = ("import typer.main\nfrom typer._click import Group\nfrom typer import main\n"
              "import inspect\nimport typer\ntyper.main.get_command(app)\ntyper._click.Group\n"
              "from typer.core import TyperGroup\ntyper.Option()\n")
    assert private_typer_uses(source) == [
        (1, "typer.main"), (2, "typer._click.Group"), (3, "typer.main"), (4, "inspect"),
        (6, "typer.main"), (7, "typer._click")]


@pytest.mark.parametrize("words,cursor,offered,loaded", [
    ("cipn log numb", "2", ["numbness="], ["completion", "log"]),
    ("cipn ch", "1", ["checkin", "changes"], None),  # command names: every module
], ids=["log-argument", "command-name"])
def test_shell_completion_loads_only_the_command_being_completed(words, cursor, offered, loaded,
                                                                 db_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60,
        env={"CIPN_JOURNAL_DB": str(db_path), "PATH": "/usr/bin:/bin",
             "HOME": str(db_path.parent), "_CIPN_COMPLETE": "complete_bash",
             "COMP_WORDS": words, "COMP_CWORD": cursor})
    assert result.stdout.split() == offered
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    modules = {m.rsplit(".", 1)[1] for m in json.loads(line[len("MODULES "):])
               if m.startswith("cipn_journal.commands.")}
    if loaded is None:
        assert set(COMMAND_MODULES.values()) <= modules
    else:
        assert sorted(modules) == loaded
