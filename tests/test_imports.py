"""Imports sit at the top of each module (STYLE.md 11), except the heavy packages of
`helpers_process.HEAVY`, which a module imports inside the function that needs them so that the
daily commands stay light: `cipn log`, `cipn checkin`, `cipn --version` and `cipn --help` must
not import them (see benchmarks/README.md for the start-up goals). The few other function-local
imports are named below, each with its reason."""

import ast
from pathlib import Path

import pytest
from helpers_process import HEAVY, heavy, loaded_modules

PACKAGE = Path(__file__).resolve().parent.parent / "cipn_journal"

# (file, imported module): why the import stays inside a function.
LAZY_FOR_A_REASON = {
    # click's lazy-group pattern: cli.py imports only the module of the command being run (its
    # get_command uses importlib); `cipn` alone shows the status, so only then is its module loaded.
    ("cli.py", "cipn_journal.commands.status"): "command modules load lazily (start-up)",
    # importlib.metadata costs every start; the version is read only when asked for.
    ("__init__.py", "importlib.metadata"): "__version__ is computed on demand (start-up)",
    # Light in themselves, but `log` imports these modules and would pay for them every day:
    ("commands/log.py", "cipn_journal.render.alerts"): "only a day that raises an alert shows it",
    ("commands/completion.py", "cipn_journal.domain.treatment"):
        "the drug tables (decimal, fractions) serve only `treatment`'s completion",
    ("store/journal.py", "cipn_journal.domain.trends"):
        "only the summary's baseline needs trends (decimal, fractions)",
    ("store/backup.py", "tempfile"): "only a backup needs it (random, hashlib)",
}

# Files that others are changing in this session (issue 21's alert pipeline and the visit story):
# their function-local imports move to the top next, when those changes have landed.
TO_CONVERT_NEXT = {
    "render/summary.py", "reports/summary.py", "export/fhir.py",
}


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


def test_log_loads_only_its_own_command_module(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, _ = loaded_modules(["log", "numbness=2"], db_path)
    commands = sorted(m for m in modules if m.startswith("cipn_journal.commands."))
    # completion.py holds the shell-completion callbacks log's options name; it imports nothing.
    assert commands == ["cipn_journal.commands.completion", "cipn_journal.commands.log"]
