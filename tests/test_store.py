"""The journal file: where it lives, its modes, migrations, and refusing files it cannot use."""

import os
import sqlite3
import stat

import pytest
from helpers_released import released_schema

from cipn_journal.store import migrations
from cipn_journal.store.connection import Store
from cipn_journal.store.paths import journal_path

EXPECTED_TABLES = {
    "changes", "change_items", "observations", "observation_history", "days", "notes",
    "custom_symptoms", "alerts", "treatments", "meds", "visits", "questions",
    "planned_infusions",
}


def test_default_path_is_the_platform_data_folder(monkeypatch, isolated):
    monkeypatch.delenv("CIPN_JOURNAL_DB")
    path = journal_path(None)
    assert path == isolated / "data-home" / "cipn-journal" / "journal.db"
    assert not path.parent.exists()  # resolving a path has no side effects


def test_db_option_beats_environment(cli, tmp_path, monkeypatch):
    chosen = tmp_path / "chosen.db"
    assert cli("--db", str(chosen), "log", "numbness=1").exit_code == 0
    assert chosen.exists()
    assert not (tmp_path / "journal" / "journal.db").exists()


def test_default_location_used_without_option_or_env(cli, monkeypatch, isolated):
    monkeypatch.delenv("CIPN_JOURNAL_DB")
    assert cli("log", "numbness=1").exit_code == 0
    assert (isolated / "data-home" / "cipn-journal" / "journal.db").exists()


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_modes_folder_0700_file_0600(cli, db_path, umask):
    old = os.umask(umask)
    try:
        assert cli("log", "numbness=1").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_reading_commands_on_missing_journal_create_nothing(cli, db_path):
    for args in (["history"], ["history", "--json"], ["undo"]):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (1, ""), args
        assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert cli("symptoms").exit_code == 0  # the built-in list needs no journal
    assert not db_path.parent.exists()


def test_blank_journal_gets_every_table_and_the_version(cli, db_path, query):
    cli("log", "numbness=1")
    tables = {r[0] for r in query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert EXPECTED_TABLES <= tables
    assert query("PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]
    assert query("PRAGMA journal_mode") == [("wal",)]
    columns = [r[1] for r in query("PRAGMA table_info(observations)")]
    assert columns == ["id", "date", "symptom", "severity", "location", "reported_by",
                       "recorded_at", "change_id"]


def test_migrating_twice_changes_nothing(cli, db_path):
    cli("log", "numbness=1")
    conn = sqlite3.connect(db_path, isolation_level=None)
    schema = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert migrations.apply(conn) == migrations.SCHEMA_VERSION
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert conn.execute("SELECT COUNT(*) FROM observations").fetchone() == (1,)
    conn.close()


def seed_every_table(conn: sqlite3.Connection, rows: int = 3) -> dict[str, list[tuple]]:
    """Insert `rows` rows into every table the journal has at its current version, with a value
    in every column (typed by the column's declared type, dates and times where the name says
    so, change_id pointing at a real change); return {table: [(column, ...), rows...]}."""
    seeded = {}
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('migrations', 'journal') ORDER BY name = 'changes' DESC, name")]
    for table in tables:
        columns = [(row[1], row[2].upper()) for row in conn.execute(
            f"PRAGMA table_info({table})")]
        values = []
        for number in range(1, rows + 1):
            row = []
            for name, kind in columns:
                if name in ("id", "change_id"):
                    row.append(number)
                elif name == "date" or name in ("start", "stop", "asked"):
                    row.append(f"2026-10-{number:02d}")
                elif name.endswith("_at"):
                    row.append(f"2026-10-{number:02d}T08:0{number}:00+00:00")
                elif kind.startswith("INT"):
                    row.append(number * 2)
                elif kind in ("FLOAT", "REAL"):
                    row.append(number + 0.25)
                else:
                    row.append(f"{table} {name} {number}")
            values.append(tuple(row))
        names = [name for name, _ in columns]
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            values)
        seeded[table] = [tuple(names), *values]
    return seeded


def rows_of(conn: sqlite3.Connection, table: str, columns: tuple) -> list[tuple]:
    return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION + 1))
def test_upgrade_from_each_older_version_keeps_rows(tmp_path, version):
    """A journal left at `version` with rows in every table keeps each of them through every
    later migration, applied one at a time, and through the store's own upgrade on open.
    (A migration that renames or drops a column must map the seeded columns here.)"""
    path = tmp_path / f"v{version}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    released_schema(conn, version)
    seeded = seed_every_table(conn)
    if version == migrations.SCHEMA_VERSION:
        assert EXPECTED_TABLES <= set(seeded)
    assert seeded and all(len(rows) == 4 for rows in seeded.values())
    for step in range(version + 1, migrations.SCHEMA_VERSION + 1):
        names = [name for name, _ in migrations.MIGRATIONS]
        stop = names[step] if step < len(names) else None
        assert migrations.apply(conn, stop_before=stop) == step
        for table, (columns, *rows) in seeded.items():
            assert rows_of(conn, table, columns) == rows, (table, step)
    conn.close()

    store = Store.open(path, create=False)
    store.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (migrations.SCHEMA_VERSION,)
        for table, (columns, *rows) in seeded.items():
            assert rows_of(conn, table, columns) == rows, table
    finally:
        conn.close()


def test_newer_journal_is_refused_untouched(cli, db_path):
    cli("log", "numbness=1")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    for args in (["log", "numbness=2"], ["history"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert "schema version 99" in result.stderr
        assert f"up to {migrations.SCHEMA_VERSION}" in result.stderr
        assert db_path.read_bytes() == before


def test_path_that_is_a_folder(cli, tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    result = cli("--db", str(folder), "log", "numbness=1")
    assert result.exit_code == 1
    assert "is a folder" in result.stderr
    assert list(folder.iterdir()) == []


def test_not_a_sqlite_file_is_untouched(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my shopping list\n" * 100)
    before = path.read_bytes()
    for args in (["log", "numbness=1"], ["history"], ["undo"]):
        result = cli("--db", str(path), *args)
        assert result.exit_code == 1, args
        assert str(path) in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == [
        "notes.txt"]


def test_busy_journal_is_a_clear_message(cli, db_path, monkeypatch):
    cli("log", "numbness=1")
    monkeypatch.setenv("CIPN_JOURNAL_BUSY_MS", "50")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("log", "numbness=5")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "busy" in result.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT severity FROM observations").fetchall() == [(1,)]
    conn.close()


def test_empty_db_option_is_bad_input(cli, db_path):
    result = cli("--db", "", "log", "numbness=1")
    assert result.exit_code == 2
    assert "--db is empty" in result.stderr
    assert not db_path.exists()


def test_missing_journal_named_by_db_is_said(cli, tmp_path):
    missing = tmp_path / "mun.db"
    result = cli("--db", str(missing), "summary")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: No journal at {missing}: nothing was read or "
                                    "written. Check --db or CIPN_JOURNAL_DB")
    assert not missing.exists()
    listed = cli("--db", str(missing), "symptoms")  # works without a journal, but says so
    assert listed.exit_code == 0 and f"there is no journal at {missing} yet" in listed.stderr


def test_global_option_after_the_command_gets_a_hint(cli):
    result = cli("summary", "--db", "x.db")
    assert result.exit_code == 2
    assert "--db goes before the command" in result.stderr


def test_demo_hint_names_the_chosen_journal(cli, tmp_path):
    chosen = tmp_path / "demo journal.db"
    result = cli("--db", str(chosen), "demo", "--weeks", "1")
    assert f"Try: cipn --db '{chosen}' summary" in result.stderr


def test_a_json_export_given_as_the_journal_points_to_import(cli, tmp_path):
    export = tmp_path / "journal.json"
    export.write_text('{"format": "cipn-journal export"}\n')
    result = cli("--db", str(export), "summary")
    assert result.exit_code == 1
    assert "is a JSON file, not a journal" in result.stderr and "cipn import" in result.stderr
    assert export.read_text() == '{"format": "cipn-journal export"}\n'


def test_a_device_as_the_journal_is_refused(cli):
    for args in (["log", "numbness=1"], ["history"]):
        result = cli("--db", "/dev/null", *args)
        assert result.exit_code == 1
        assert "not a regular file" in result.stderr


def test_last_entry_days_are_the_last_days_with_values_in_the_span(cli, db_path):
    """store.journal.last_entry_days (the summary's days before the window and before a visit):
    the last `count` days with a symptom value in [since, until], oldest first; a day with only
    a note or day facts is not one; fewer when the span holds fewer."""
    from datetime import date

    from cipn_journal.store.journal import last_entry_days

    for day in ("2026-10-01", "2026-10-03", "2026-10-04", "2026-10-09"):
        assert cli("log", "numbness=1", "--date", day).exit_code == 0
    assert cli("log", "--falls", "1", "--note", "x", "--date", "2026-10-08").exit_code == 0
    with Store.open(db_path, create=False) as store:
        assert last_entry_days(store, "2026-10-01", "2026-10-08", 2) == [
            date(2026, 10, 3), date(2026, 10, 4)]
        assert last_entry_days(store, "2026-10-02", "2026-10-31", 9) == [
            date(2026, 10, 3), date(2026, 10, 4), date(2026, 10, 9)]
        assert last_entry_days(store, "2026-10-05", "2026-10-08", 3) == []
        assert last_entry_days(store, "2026-10-04", "2026-10-04", 1) == [date(2026, 10, 4)]
