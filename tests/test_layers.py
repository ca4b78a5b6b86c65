"""The layer contracts of issue 11 and issue 21: `lint-imports` keeps the contracts declared in
pyproject.toml (each one is seen to fail on a planted violation, in a copy of the package), and an
independent check reads every domain module's imports (lazy ones inside functions too) and allows
only an allow-list of pure standard-library modules, the domain, errors and, in dates.py,
python-dateutil."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "cipn_journal" / "domain"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# The standard library the domain may use: computation on values it is given, no I/O, no clock,
# no process or machine state (so not os, pathlib, io, subprocess, socket, time, sqlite3, locale,
# logging...). `random` is here for the demo's seeded `random.Random`; `zoneinfo` turns a zone
# name the caller passes into an offset.
PURE_STDLIB = {
    "__future__", "abc", "bisect", "collections", "dataclasses", "datetime", "decimal", "difflib",
    "enum", "fractions", "functools", "heapq", "itertools", "math", "operator", "random", "re",
    "shlex", "statistics", "string", "textwrap", "typing", "unicodedata", "zoneinfo",
}
# The one named exception: parsing free-text dates ("last tuesday") is the job the domain hands
# to python-dateutil, in dates.py only (pyproject.toml's pure-domain contract ignores the same
# import).
DATEUTIL_ALLOWED_IN = {"dates.py"}
CONTRACTS = {"layers", "pure-domain", "sql-in-store", "terminal-in-front", "acyclic", "utilities"}


def test_lint_imports_keeps_every_contract():
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} missing: pip install -e '.[test]'"
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # Every contract of pyproject.toml was found and checked, none silently absent.
    with open(ROOT / "pyproject.toml", "rb") as file:
        declared = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    assert {contract["id"] for contract in declared} == CONTRACTS
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
            top in PURE_STDLIB
            or name.startswith(("cipn_journal.domain.", "cipn_journal.errors."))
            or name == "cipn_journal.errors"
            or (top == "dateutil" and filename in DATEUTIL_ALLOWED_IN)
        )
        if not allowed:
            bad.append(f"cipn_journal/domain/{filename}:{line} {name}")
    return bad


def test_domain_imports_only_pure_stdlib_domain_and_errors():
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
    ("from datetime import time\nfrom collections.abc import Iterable\n", "alerts.py", []),
    # Standard library, but I/O, the clock or the machine: not the domain's.
    ("import os\n", "trends.py", ["trends.py:1 os"]),
    ("def f():\n    from pathlib import Path\n", "dates.py", ["dates.py:2 pathlib.Path"]),
    ("import subprocess\n", "crontab.py", ["crontab.py:1 subprocess"]),
    ("import socket\n", "meds.py", ["meds.py:1 socket"]),
    ("import time\n", "dates.py", ["dates.py:1 time"]),
    ("from time import time\n", "alerts.py", ["alerts.py:1 time.time"]),
    ("import sqlite3\n", "alerts.py", ["alerts.py:1 sqlite3"]),
    ("import locale, logging\n", "grade.py", ["grade.py:1 locale", "grade.py:1 logging"]),
])
def test_domain_check_catches_each_kind_of_import(source, filename, expected):
    found = outside_domain(source, filename)
    assert [offence.removeprefix("cipn_journal/domain/") for offence in found] == expected


# A violation of each contract, planted as a new module in a copy of the package, each import
# inside a function (lazy imports count): (contract id, module path, its source).
PLANTS = [
    ("layers", "domain/planted.py", "def f():\n    from cipn_journal.store import connection\n"),
    ("pure-domain", "domain/planted.py", "def f():\n    import os\n"),
    ("pure-domain", "domain/planted.py", "def f():\n    import time\n"),
    ("sql-in-store", "reports/planted.py", "def f():\n    import sqlite3\n"),
    ("sql-in-store", "export/planted.py", "def f():\n    import sqlite_utils\n"),
    ("terminal-in-front", "reports/planted.py", "def f():\n    import rich\n"),
    ("terminal-in-front", "export/planted.py", "def f():\n    from typer import Exit\n"),
    ("acyclic", "domain/planted.py", "def f():\n    from cipn_journal.domain import planted_b\n"),
    ("utilities", "output.py", "def planted():\n    from cipn_journal import store\n"),
]


@pytest.mark.parametrize("contract, module, source", PLANTS,
                         ids=[f"{c}-{m}-{i}" for i, (c, m, _) in enumerate(PLANTS)])
def test_each_contract_fails_on_a_planted_violation(tmp_path, contract, module, source):
    shutil.copytree(ROOT / "cipn_journal", tmp_path / "cipn_journal",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / "cipn_journal" / module
    target.write_text((target.read_text(encoding="utf-8") if target.exists() else "") + source,
                      encoding="utf-8")
    if contract == "acyclic":  # the other half of the cycle
        (target.parent / "planted_b.py").write_text(
            "def g():\n    from cipn_journal.domain import planted\n", encoding="utf-8")
    command = [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--contract", contract]
    # lint-imports puts its working directory first on sys.path: it reads the copy.
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken" in result.stdout, result.stdout
    # The report names the planted import, so the failure is the plant, not something else.
    planted = {
        "utilities": "cipn_journal.output -> cipn_journal.store",
        "acyclic": "No cycles are allowed in cipn_journal.domain.",
    }.get(contract, "cipn_journal." + module.removesuffix(".py").replace("/", "."))
    assert planted in result.stdout, result.stdout


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
