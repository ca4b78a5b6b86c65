"""`cipn undo`: reverts the most recent change and keeps what it removed."""

import json


def test_undo_a_new_log_moves_values_to_history(cli, query):
    cli("log", "numbness=3", "--note", "first")
    result = cli("undo")
    assert result.exit_code == 0
    assert "Undid the log" in result.stderr and "numbness 3" in result.stderr
    assert query("SELECT COUNT(*) FROM observations") == [(0,)]
    assert query("SELECT symptom, severity, reason FROM observation_history") == [
        ("numbness", 3, "undone")]
    assert query("SELECT COUNT(*) FROM notes") == [(0,)]
    kept = query("SELECT table_name, data FROM change_items WHERE kind = 'undone'")
    assert [(t, json.loads(d)["text"]) for t, d in kept if t == "notes"] == [("notes", "first")]


def test_undo_a_replacement_restores_the_old_value(cli, query):
    cli("log", "numbness=3")
    cli("log", "numbness=6", "tingling=1")
    assert cli("undo").exit_code == 0
    assert query("SELECT symptom, severity FROM observations") == [("numbness", 3)]
    assert sorted(query("SELECT symptom, severity, reason FROM observation_history")) == [
        ("numbness", 6, "undone"), ("tingling", 1, "undone")]


def test_undo_goes_back_one_change_at_a_time(cli, query):
    cli("log", "numbness=1")
    cli("log", "numbness=2")
    cli("log", "numbness=3")
    cli("undo")
    assert query("SELECT severity FROM observations") == [(2,)]
    cli("undo")
    assert query("SELECT severity FROM observations") == [(1,)]
    cli("undo")
    assert query("SELECT COUNT(*) FROM observations") == [(0,)]
    result = cli("undo")
    assert result.exit_code == 0
    assert "Nothing to undo." in result.stderr


def test_undo_day_facts(cli, query):
    cli("log", "--falls", "1", "--limits", "everyday")
    cli("log", "--falls", "3")
    cli("undo")
    assert query("SELECT limits, falls FROM days") == [("everyday", 1)]
    cli("undo")
    assert query("SELECT COUNT(*) FROM days") == [(0,)]


def test_undo_added_symptom(cli, query):
    cli("symptoms", "add", "cramps", "--label", "Cramps")
    result = cli("undo")
    assert "added the symptom cramps" in result.stderr
    assert query("SELECT COUNT(*) FROM custom_symptoms") == [(0,)]
    assert cli("log", "cramps=2").exit_code == 2


def test_undo_on_missing_journal_creates_nothing(cli, db_path):
    for args in (("undo",), ("undo", "--dry-run")):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert not db_path.exists()


def test_undo_of_an_import_keeps_the_history_it_brought(cli, query, tmp_path):
    cli("log", "numbness=3", "--date", "yesterday")
    cli("log", "numbness=5", "--date", "yesterday")
    export = tmp_path / "a.json"
    assert cli("export", "--format", "json", "--since", "all", "-o", str(export)).exit_code == 0
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "import", str(export)).exit_code == 0
    assert cli("--db", str(other), "undo").exit_code == 0
    import sqlite3

    conn = sqlite3.connect(other)
    assert conn.execute("SELECT COUNT(*) FROM observations").fetchone() == (0,)
    kept = [json.loads(d) for (d,) in conn.execute(
        "SELECT data FROM change_items WHERE kind = 'undone' "
        "AND table_name = 'observation_history'")]
    conn.close()
    assert [(k["symptom"], k["severity"], k["reason"]) for k in kept] == [
        ("numbness", 3, "replaced")]


def test_undo_of_alert_ack_reopens_it(cli, query):
    cli("log", "numbness=8")
    cli("alerts", "ack", "--all-open", "--note", "told")
    assert cli("undo").exit_code == 0
    assert query("SELECT status, acknowledged_at, ack_note FROM alerts") == [
        ("open", None, None)]
