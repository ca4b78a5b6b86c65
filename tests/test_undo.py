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
    result = cli("undo")
    assert result.exit_code == 0
    assert "Nothing to undo" in result.stderr
    assert not db_path.exists()
