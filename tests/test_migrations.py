"""Migrations that never change (issue 21 item 3): frozen SQL tracked by name; a journal of
each released schema upgrades in one transaction; a new journal's schema is the checked-in
snapshot whatever sqlite-utils is installed; a newer journal is refused untouched."""

import ast
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_released import JOURNALS, RELEASED, released_journal, released_schema

from cipn_journal.store import migrations

SNAPSHOT = Path(__file__).parent / "fixtures" / "schema.sql"
NAMES = [name for name, _ in migrations.MIGRATIONS]


def schema(conn: sqlite3.Connection) -> str:
    """The schema text of a journal, one statement per object, by name (the snapshot's form)."""
    return "".join(f"{sql};\n" for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name"))


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [*conn.iterdump(), str(conn.execute("PRAGMA user_version").fetchone())]
    finally:
        conn.close()


def test_a_new_journal_has_the_checked_in_schema(cli, db_path, query):
    """The snapshot changes only with a new migration: after adding one, rewrite it with
    `python -c "import sqlite3, sys; sys.path.insert(0, 'tests'); from test_migrations import *;
    c = sqlite3.connect(':memory:', isolation_level=None); migrations.apply(c);
    SNAPSHOT.write_text(schema(c))"` and review the diff (it is the new migration's text)."""
    cli("log", "numbness=1")
    conn = sqlite3.connect(db_path)
    try:
        assert schema(conn) == SNAPSHOT.read_text()
    finally:
        conn.close()
    assert query("PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]
    assert query("SELECT name FROM migrations ORDER BY rowid") == [(n,) for n in NAMES]


def test_migrations_are_frozen_text_that_imports_nothing_that_changes():
    """No rule, no store helper, no schema generator: the module imports only the standard
    library, and creating a journal does not import sqlite-utils at all."""
    tree = ast.parse(Path(migrations.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported <= {"sqlite3", "collections"}, imported
    assert all(isinstance(script, str) for _, script in migrations.MIGRATIONS)
    code = ("import sqlite3, sys; from cipn_journal.store import migrations; "
            "migrations.apply(sqlite3.connect(':memory:', isolation_level=None)); "
            "print('sqlite_utils' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert ran.stdout.strip() == "False"


def test_names_are_unique_and_the_version_counts_them():
    assert len(set(NAMES)) == len(NAMES) == migrations.SCHEMA_VERSION
    assert NAMES[:4] == ["m001_initial", "m002_weekly", "m003_alert_urgency", "m004_profile"]


@pytest.mark.parametrize("version", RELEASED)
def test_the_released_tables_are_the_frozen_migrations(version):
    """The frozen text is what each release wrote: a journal of schema `version` made by that
    release has the same schema text as the frozen migrations up to `version`."""
    made = sqlite3.connect(":memory:", isolation_level=None)
    made.executescript((JOURNALS / f"v{version}.sql").read_text())
    frozen = sqlite3.connect(":memory:", isolation_level=None)
    released_schema(frozen, version)
    assert schema(made) == schema(frozen)


def rows_by_table(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            found[table] = (columns, conn.execute(
                f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY rowid').fetchall())
        return found
    finally:
        conn.close()


@pytest.mark.parametrize("version", [v for v in RELEASED if v < migrations.SCHEMA_VERSION])
def test_a_released_journal_upgrades_keeping_every_row(cli, db_path, version):
    released_journal(db_path, version)
    before = rows_by_table(db_path)
    assert sum(len(rows) for _, rows in before.values()) > 30
    result = cli("history")  # a reading command upgrades it first
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (migrations.SCHEMA_VERSION,)
        assert [n for (n,) in conn.execute("SELECT name FROM migrations ORDER BY rowid")] \
            == NAMES
        assert schema(conn) == SNAPSHOT.read_text()
        for table, (columns, rows) in before.items():
            found = conn.execute(
                f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY rowid').fetchall()
            assert found == rows, table
        urgencies = conn.execute("SELECT id, urgency FROM alerts ORDER BY id").fetchall()
        rules = conn.execute("SELECT COUNT(*), SUM(rules = rule) FROM alerts").fetchone()
    finally:
        conn.close()
    # The falls alert is "call today", the others "soon" (as the rules said when m003 shipped;
    # journals at version 3 and 4 already had them); m008 keeps those levels.
    assert urgencies == [(1, "soon"), (2, "soon"), (3, "soon"), (4, "soon"), (5, "soon"),
                         (6, "today"), (7, "soon")]
    assert rules == (7, 7)  # every old alert met the one rule it was raised for
    listed = json.loads(cli("alerts", "--all", "--json").stdout)
    assert len(listed) == 7 and all(a["rules"] == [a["rule"]] for a in listed)


def test_the_upgrade_is_one_transaction(tmp_path):
    """A migration that fails leaves the journal exactly as it was: no `migrations` table, the
    old version, none of the earlier pending migrations applied."""
    path = released_journal(tmp_path / "v1.db", 1)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute('CREATE TABLE "profile" (x)')  # m004 will fail on it
    conn.close()
    before = dump(path)
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrations.apply(conn)
    conn.close()
    assert dump(path) == before


def test_applying_twice_changes_nothing(tmp_path):
    path = released_journal(tmp_path / "v2.db", 2)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.apply(conn) == migrations.SCHEMA_VERSION
    conn.close()
    once = dump(path)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.apply(conn) == migrations.SCHEMA_VERSION
    conn.close()
    assert dump(path) == once


def test_stop_before_names_a_migration(tmp_path):
    conn = sqlite3.connect(tmp_path / "j.db", isolation_level=None)
    assert migrations.apply(conn, stop_before="m003_alert_urgency") == 2
    assert migrations.applied(conn) == NAMES[:2]
    assert migrations.apply(conn) == migrations.SCHEMA_VERSION
    assert migrations.applied(conn) == NAMES


def test_a_journal_with_a_migration_this_version_does_not_know_is_refused_untouched(
        cli, db_path):
    """Another branch's or a newer release's migration, by name, though the version number
    alone would look older."""
    cli("log", "numbness=1")
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DELETE FROM migrations WHERE name = ?", (NAMES[-1],))
    conn.execute("INSERT INTO migrations VALUES ('m900_from_a_newer_version', 'x')")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.close()
    before = db_path.read_bytes()
    for args in (["log", "numbness=2"], ["history"]):
        result = cli(*args)
        assert result.exit_code == 1, result.stderr
        assert "newer version of cipn-journal" in result.stderr
        assert "m900_from_a_newer_version" in result.stderr
        assert "Traceback" not in result.stderr
        assert db_path.read_bytes() == before
    conn = sqlite3.connect(db_path, isolation_level=None)
    with pytest.raises(migrations.NewerJournal):
        migrations.apply(conn)
    conn.close()
    assert db_path.read_bytes() == before


# The urgency m003 gives alerts raised before it: frozen, whatever the live rule says later.
URGENCY_CASES = [
    (("fall", "function", "1", None), "today"),
    (("selfcare", "function", "selfcare", None), "today"),
    (("everyday", "function", "everyday", None), "soon"),
    (("numbness", "composite", "3", None), "today"),
    (("numbness", "composite", "2", None), "soon"),
    (("feet", "spread", "9", None), "soon"),
    (("numbness", "severe", "7", None), "today"),
    (("numbness", "new", "8", None), "today"),
    (("numbness", "new", "6", None), "soon"),
    (("grip", "worse", "6", 1.5), "today"),
    (("grip", "worse", "5", 1.5), "soon"),
    (("grip", "worse", "4", 1.0), "soon"),
    (("grip", "worse", "5", 1.0), "today"),
    (("grip", "worse", "6", None), "soon"),
    (("bowel", "new", "1", None), "soon"),
    (("odd", "new", "seven", None), "soon"),
    (("odd", "new", None, None), "soon"),
]


def test_m003_urgency_is_frozen(tmp_path):
    conn = sqlite3.connect(tmp_path / "v2.db", isolation_level=None)
    released_schema(conn, 2)
    conn.execute("INSERT INTO changes (recorded_at, command) VALUES ('2026-11-20T09:00:00+00:00',"
                 " 'log')")
    for (subject, rule, value, reference), _ in URGENCY_CASES:
        conn.execute(
            "INSERT INTO alerts (date, subject, rule, value, reference, message, raised_at, "
            "status, change_id) VALUES ('2026-11-20', ?, ?, ?, ?, 'm', "
            "'2026-11-20T09:00:00+00:00', 'open', 1)", (subject, rule, value, reference))
    migrations.apply(conn)
    found = [u for (u,) in conn.execute("SELECT urgency FROM alerts ORDER BY id")]
    assert found == [expected for _, expected in URGENCY_CASES]
    assert conn.execute("SELECT COUNT(*) FROM alerts WHERE escalates IS NOT NULL").fetchone() \
        == (0,)


def test_the_first_log_into_a_new_journal_imports_nothing_heavy(tmp_path):
    """Creating the tables is frozen SQL: the first `log` starts as light as a daily one
    (before, it imported sqlite-utils to create them: 2.4x a daily `log`)."""
    from helpers_process import heavy, loaded_modules

    path = tmp_path / "new" / "journal.db"
    modules, code = loaded_modules(["log", "numbness=3", "tingling=2"], path)
    assert code == "EXIT 0"
    assert "cipn_journal.store.migrations" in modules  # the journal was created by this run
    assert heavy(modules) == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM observations").fetchone() == (2,)
    finally:
        conn.close()


def test_m008_fills_rules_and_keeps_every_alert_and_level(tmp_path):
    """Issue 22 rule 14's migration: `rules` is each old alert's `rule`; urgencies are kept as
    raised (today stays today, soon stays soon); no row is removed, not even two alerts about
    the same symptom and day."""
    conn = sqlite3.connect(tmp_path / "v7.db", isolation_level=None)
    migrations.apply(conn, stop_before="m008_alert_rules")
    conn.execute("INSERT INTO changes (recorded_at, command) VALUES ('2026-11-20T09:00:00+00:00',"
                 " 'log')")
    old = [("numbness", "new", "7", "today"), ("numbness", "severe", "7", "today"),
           ("cold", "severe", "8", "today"), ("pain", "worse", "4", "soon"),
           ("tingling", "acute", "3", "next")]
    for subject, rule, value, urgency in old:
        conn.execute(
            "INSERT INTO alerts (date, subject, rule, value, message, raised_at, status, "
            "change_id, urgency) VALUES ('2026-11-20', ?, ?, ?, 'm', "
            "'2026-11-20T09:00:00+00:00', 'open', 1, ?)", (subject, rule, value, urgency))
    assert migrations.apply(conn) == migrations.SCHEMA_VERSION
    found = conn.execute("SELECT subject, rule, value, urgency, rules FROM alerts ORDER BY id"
                         ).fetchall()
    assert found == [(*row, row[1]) for row in old]
    migrations.apply(conn)  # twice: nothing changes
    assert conn.execute("SELECT subject, rule, value, urgency, rules FROM alerts ORDER BY id"
                        ).fetchall() == found
