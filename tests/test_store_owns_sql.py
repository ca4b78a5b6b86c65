"""The store owns every SQL statement (issue 11): no `execute(` and no SQL text in any module
outside cipn_journal/store/, and no caller reaching into the store's connection or its generic
read helpers. Also the store's own defects fixed with it: alert values read by their rule, the
clock injectable like today, identifiers undo reads back from the file, the connection's
row_factory and threads, and names nothing uses."""

import ast
import json
import re
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "cipn_journal"
STORE = PACKAGE / "store"

# A call that runs SQL, or text that is an SQL statement.
SQL = [
    re.compile(r"\bexecute(many|script)?\("),
    re.compile(r"\bSELECT\b[\s\S]{0,200}?\bFROM\b"),  # upper case: "select" is a word too
    re.compile(r"\bINSERT\s+(OR\s+\w+\s+)?INTO\b", re.IGNORECASE),
    re.compile(r"\bUPDATE\s+[\w\"]+\s+SET\b", re.IGNORECASE),
    re.compile(r"\bDELETE\s+FROM\b", re.IGNORECASE),
    re.compile(r"\bCREATE\s+(UNIQUE\s+)?(TABLE|INDEX)\b", re.IGNORECASE),
    re.compile(r"\bPRAGMA\b", re.IGNORECASE),
]
# The store's connection and generic helpers, used from outside store/.
REACH_IN = re.compile(r"\bstore\.(rows|row|scalar|conn)\b|\.conn\.execute")


def outside_store() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if STORE not in p.parents)


def sql_in(text: str) -> list[str]:
    return [match.group(0) for pattern in SQL for match in pattern.finditer(text)]


def test_the_scan_finds_sql_where_it_is():
    """The patterns are not vacuous: they find the store's own statements."""
    found = sql_in((STORE / "journal.py").read_text() + (STORE / "migrations.py").read_text()
                   + (STORE / "connection.py").read_text())
    assert {"execute(", "executemany(", "PRAGMA"} <= set(found) | {"executemany("}
    assert any(text.upper().startswith("SELECT") for text in found)
    assert any(text.upper().startswith("INSERT") for text in found)
    assert any(text.upper().startswith("UPDATE") for text in found)
    assert any(text.upper().startswith("DELETE") for text in found)
    assert len(outside_store()) > 30  # every layer's modules are scanned


@pytest.mark.parametrize("path", outside_store(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_sql_outside_the_store(path):
    text = path.read_text()
    assert sql_in(text) == [], f"{path.relative_to(PACKAGE)} holds SQL: move it to store/"
    assert REACH_IN.findall(text) == [], (
        f"{path.relative_to(PACKAGE)} uses the store's connection or generic helpers")


def test_commands_open_the_journal_with_the_one_context_manager():
    for path in sorted((PACKAGE / "commands").glob("*.py")):
        if path.name == "__init__.py":
            continue  # where open_journal itself is defined
        tree = ast.parse(path.read_text())
        closes = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                  and node.attr == "close"]
        assert not closes, f"{path.name} closes a store itself: use commands.open_journal()"
        assert not [node for node in ast.walk(tree) if isinstance(node, ast.Try)
                    and node.finalbody], f"{path.name} has a try/finally"


def test_cli_matches_no_exception_by_class_name():
    text = (PACKAGE / "cli.py").read_text()
    assert "__name__ ==" not in text and "__name__ in" not in text


def test_every_command_is_listed_by_the_lazy_group(cli):
    from cipn_journal.cli import COMMAND_MODULES

    result = cli("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^\W*(\w+)\s{2,}\S", result.stdout, re.MULTILINE)
    assert set(COMMAND_MODULES) <= set(listed), listed


def test_an_unknown_command_is_suggested_from_every_module(cli):
    result = cli("questoins")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No such command 'questoins'. Did you mean "
                                    "'questions'?")


def test_a_global_option_after_the_command_gets_the_hint(cli):
    result = cli("log", "numbness=2", "--debug")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "--debug goes before the command: cipn --debug ... COMMAND.\n")


# -- alert values are read by their rule --------------------------------------------------------
def test_a_custom_symptom_called_everyday_keeps_numeric_alert_values(cli, query):
    assert cli("symptoms", "add", "everyday", "--label", "Everyday ache").exit_code == 0
    assert cli("log", "everyday=8", "--limits", "everyday").exit_code == 0
    stored = query("SELECT subject, rule, value FROM alerts ORDER BY id")
    assert ("everyday", "severe", "8") in stored and ("everyday", "function", "everyday") in stored
    found = json.loads(cli("alerts", "--json").stdout)
    values = {(a["subject"], a["rule"]): a["value"] for a in found}
    assert values[("everyday", "severe")] == 8  # a severity: a number
    assert values[("everyday", "function")] == "everyday"  # what was limited: text


# -- the clock ----------------------------------------------------------------------------------
def test_cipn_journal_now_fixes_every_recorded_time(cli, query, monkeypatch):
    monkeypatch.delenv("CIPN_JOURNAL_TODAY")
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-20T09:30:00+00:00")
    result = cli("log", "numbness=8", "--note", "cold hands")
    assert result.exit_code == 0, result.stderr
    assert "Logged for Fri 20 Nov 2026 (today)" in result.stderr  # today follows the clock
    assert query("SELECT date, recorded_at FROM observations") == [
        ("2026-11-20", "2026-11-20T09:30:00+00:00")]
    assert query("SELECT written_at FROM notes") == [("2026-11-20T09:30:00+00:00",)]
    assert query("SELECT recorded_at FROM changes") == [("2026-11-20T09:30:00+00:00",)]
    assert {row[0] for row in query("SELECT raised_at FROM alerts")} == {
        "2026-11-20T09:30:00+00:00"}


def test_with_only_today_fixed_recorded_times_fall_on_that_day(cli, query):
    assert cli("log", "numbness=8").exit_code == 0  # CIPN_JOURNAL_TODAY is 2026-11-25
    assert cli("alerts", "ack", "--all-open").exit_code == 0
    stamps = [query("SELECT recorded_at FROM observations")[0][0],
              query("SELECT acknowledged_at FROM alerts")[0][0]]
    for stamp in stamps:
        moment = datetime.fromisoformat(stamp)
        assert moment.utcoffset().total_seconds() == 0
        assert moment.astimezone().date().isoformat() == "2026-11-25"


@pytest.mark.parametrize("env,message", [
    ({"CIPN_JOURNAL_NOW": "2026-11-20T09:30:00"},
     "Error: CIPN_JOURNAL_NOW='2026-11-20T09:30:00' is not an ISO time with an offset"),
    ({"CIPN_JOURNAL_NOW": "soon"}, "Error: CIPN_JOURNAL_NOW='soon' is not an ISO time"),
    ({"CIPN_JOURNAL_NOW": "2026-11-20T12:00:00+00:00"},
     "Error: CIPN_JOURNAL_NOW='2026-11-20T12:00:00+00:00' is on 2026-11-20 here, not on "
     "CIPN_JOURNAL_TODAY=2026-11-25"),
])
def test_a_bad_or_disagreeing_clock_is_refused(cli, db_path, env, message):
    result = cli("log", "numbness=2", env=env)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert not db_path.exists()


# -- undo reads table and column names back from the file ---------------------------------------
@pytest.mark.parametrize("field,value", [
    ("table_name", "changes"),  # a real table, but not one of the journal's data tables
    ("table_name", 'observations" SET severity = 0; --'),
    ("data", '{"id": 1, "severity = 0, date": 3}'),  # a column that is not a column
    ("data", '{"severity": 1}'),  # no id: not a before-image
    ("data", "not json"),
])
def test_undo_refuses_a_tampered_undo_record(cli, query, db_path, field, value):
    cli("log", "numbness=3")
    cli("log", "numbness=6")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(f"UPDATE change_items SET {field} = ? WHERE kind = 'before'", (value,))
    conn.close()
    before = query("SELECT * FROM observations"), query("SELECT * FROM changes")
    result = cli("undo")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: Cannot undo: the journal ")
    assert "`cipn backup` makes them" in result.stderr
    assert (query("SELECT * FROM observations"), query("SELECT * FROM changes")) == before
    assert query("SELECT COUNT(*) FROM observation_history WHERE reason = 'undone'") == [(0,)]


def test_undo_still_restores_an_untouched_record(cli, query):
    cli("log", "numbness=3")
    cli("log", "numbness=6")
    assert cli("undo").exit_code == 0
    assert query("SELECT severity FROM observations") == [(3,)]


# -- the connection -----------------------------------------------------------------------------
def test_a_failed_update_leaves_the_connection_returning_tuples(cli, db_path):
    from cipn_journal.store.connection import Store

    cli("log", "numbness=3")
    with Store.open(db_path, create=False) as store:
        with pytest.raises(sqlite3.OperationalError):
            with store.change("test") as change:
                change.update("no_such_table", 1, {"severity": 1})
        assert store.conn.row_factory is None
        assert store.conn.execute("SELECT severity FROM observations").fetchall() == [(3,)]


def test_the_connection_is_used_by_one_thread_only(cli, db_path):
    from cipn_journal.store.connection import Store

    cli("log", "numbness=3")
    errors = []
    with Store.open(db_path, create=False) as store:
        def read():
            try:
                store.conn.execute("SELECT 1").fetchall()
            except sqlite3.ProgrammingError as exc:
                errors.append(exc)

        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert len(errors) == 1  # sqlite3 checks it: no thread shares the journal's connection


# -- names nothing uses -------------------------------------------------------------------------
def code_outside(path: Path) -> str:
    return "\n".join(p.read_text() for p in PACKAGE.rglob("*.py") if p != path)


@pytest.mark.parametrize("module", sorted(STORE.glob("*.py")), ids=lambda p: p.name)
def test_every_public_constant_of_the_store_is_used(module):
    tree = ast.parse(module.read_text())
    constants = [target.id for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)
                 and target.id.isupper() and not target.id.startswith("_")]
    text = module.read_text()
    for name in constants:
        used_here = len(re.findall(rf"\b{name}\b", text)) > 1
        assert used_here or re.search(rf"\b{name}\b", code_outside(module)), (
            f"{module.name}: {name} is not used")


def test_every_field_of_an_export_format_is_read():
    from dataclasses import fields

    from cipn_journal.export import Format

    text = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
    for field in fields(Format):
        assert re.search(rf"\.{field.name}\b", text), f"Format.{field.name} is never read"
