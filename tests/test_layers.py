"""The layer contract of issue 11: `lint-imports` keeps the contracts declared in pyproject.toml,
and an independent check reads every domain module's imports (lazy ones inside functions too)
and allows only the standard library, the domain, errors and, in dates.py, python-dateutil."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "cipn_journal" / "domain"
# Parsing free-text dates ("last tuesday") is the one job the domain hands to a library.
DATEUTIL_ALLOWED_IN = {"dates.py"}
# Standard-library modules the domain must not use either: SQL belongs in the store.
STDLIB_BUT_NOT_DOMAIN = {"sqlite3"}


def test_lint_imports_keeps_every_contract():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), f"{lint_imports} missing: pip install -e '.[test]'"
    result = subprocess.run([str(lint_imports), "--no-cache", "--no-logo"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # Every contract of pyproject.toml was found and checked, none silently absent.
    with open(ROOT / "pyproject.toml", "rb") as file:
        declared = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    assert {"layers", "pure-domain"} <= {contract["id"] for contract in declared}
    assert f"Contracts: {len(declared)} kept, 0 broken." in result.stdout, report


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, at any depth, where `module`
    is the dotted name of the file (for relative imports). `from a import b` yields `a.b`, since
    b may be a submodule."""
    found = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def outside_domain(source: str, filename: str) -> list[str]:
    """`file:line module` for each import a domain module may not make."""
    module = f"cipn_journal.domain.{filename.removesuffix('.py')}"
    bad = []
    for line, name in imported_modules(source, module):
        top = name.split(".")[0]
        allowed = (
            (top in sys.stdlib_module_names and top not in STDLIB_BUT_NOT_DOMAIN)
            or name.startswith(("cipn_journal.domain.", "cipn_journal.errors."))
            or name == "cipn_journal.errors"
            or (top == "dateutil" and filename in DATEUTIL_ALLOWED_IN)
        )
        if not allowed:
            bad.append(f"cipn_journal/domain/{filename}:{line} {name}")
    return bad


def test_domain_imports_only_stdlib_domain_and_errors():
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) > 5, files
    bad = [offence for path in files
           for offence in outside_domain(path.read_text(encoding="utf-8"), path.name)]
    assert bad == []


@pytest.mark.parametrize("source, filename, expected", [
    ("def f():\n    import sqlite3\n", "trends.py", ["trends.py:2 sqlite3"]),
    ("from rich.text import Text\n", "grade.py", ["grade.py:1 rich.text.Text"]),
    ("from cipn_journal import output\n", "grade.py", ["grade.py:1 cipn_journal.output"]),
    ("from ..store import journal\n", "alerts.py", ["alerts.py:1 cipn_journal.store.journal"]),
    ("from dateutil import parser\n", "trends.py", ["trends.py:1 dateutil.parser"]),
    ("from dateutil import parser\n", "dates.py", []),
    ("import re, datetime\nfrom . import symptoms\nfrom cipn_journal.errors import BadInput\n"
     "from cipn_journal import errors\n", "alerts.py", []),
])
def test_domain_check_catches_each_kind_of_import(source, filename, expected):
    found = outside_domain(source, filename)
    assert [offence.removeprefix("cipn_journal/domain/") for offence in found] == expected


def test_test_files_share_helpers_only_through_helper_modules():
    """Shared test helpers live in conftest.py or a helpers_*.py module: importing one test
    file from another runs its tests' module code twice and hides where a helper lives."""
    tests = Path(__file__).resolve().parent
    offences = [f"{path.name}:{line} {name}"
                for path in sorted(tests.glob("*.py"))
                for line, name in imported_modules(path.read_text(encoding="utf-8"),
                                                   f"tests.{path.stem}")
                if name.split(".")[0].startswith("test_")]
    assert offences == []


def test_readme_maps_every_layer():
    """README's Development section names each package of cipn_journal/ as a layer."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The layers", 1)[1].split("### ", 1)[0]
    packages = sorted(p.name for p in (ROOT / "cipn_journal").iterdir()
                      if p.is_dir() and (p / "__init__.py").exists())
    assert packages == ["commands", "domain", "export", "record", "render", "reports", "store"]
    for name in [*packages, "cli.py"]:
        assert f"| `{name}" in section, f"README's layer table does not name {name}"
